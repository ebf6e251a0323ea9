// Property-based fuzzing of every documented route: random JSON bodies and query strings, real
// and random path ids. Whatever arrives, the answer is never a 5xx and every error is
// problem+json. Bounded: a fixed number of runs per route.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { buildScenario, type Scenario } from './scenario.js';

type Operation = { parameters?: { in: string; name: string }[]; requestBody?: unknown };
type Document = { paths: Record<string, Record<string, Operation>> };

const RUNS_PER_ROUTE = 25;

describe('fuzzing every documented route', () => {
  let ctx: TestContext;
  let s: Scenario;
  let doc: Document;
  beforeAll(async () => {
    ctx = await createTestApp();
    s = await buildScenario(ctx);
    doc = (await ctx.app.inject('/openapi.json')).json();
  });
  afterAll(() => ctx.close());

  const realIds = (): Record<string, string> => ({
    roleId: s.role.roleId,
    applicationId: s.applicationId,
    interviewId: s.interviewId,
    scorecardId: s.scorecardId,
    candidateId: s.candidateId,
    exerciseId: s.exerciseId,
    metricId: s.metricId,
    criterionId: s.role.criteria.prioritization,
    stepId: s.role.steps.screen,
    linkId: s.linkId,
    importId: s.importId,
    userId: s.actors.assignedInterviewer!.userId,
  });

  // The values that once reached the database malformed (issue 20): NUL characters, unpaired
  // surrogates, numbers past every column's range, dates outside years 1900–9999.
  const hostileString = fc.oneof(
    fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}\u0000${b}`),
    fc.constantFrom('\u0000', '\ud800', 'x\udfff', 'a\ud83d', '\udc00\ud800', ' \u0000 '),
  );
  const hugeNumber = fc.oneof(
    fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -(2 ** 63), 1e-320),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: 2n ** 63n, max: 2n ** 80n }).map((n) => Number(n)),
  );
  const extremeDate = fc.oneof(
    fc.constantFrom('0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '9999-12-31T23:59:59-05:00', '+275760-09-13T00:00:00Z', '10000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '-000001-01-01T00:00:00Z'),
    fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  );
  const hostileValue = fc.oneof(hostileString, hugeNumber, extremeDate);
  const fields = fc.constantFrom('name', 'title', 'ratings', 'criterionIds', 'stepId', 'rating', 'evidence', 'notes', 'decision', 'orgId', 'permissions', 'anchors', 'scale', 'reason', 'interviewerIds', 'startsAt', 'endsAt', 'attainment', 'expiresInDays', 'team', 'email', 'questions', 'answers', 'label', 'categories', 'expiresAt');

  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fields, fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileValue)),
    // The shapes of the fairness bodies, with random ids and labels inside.
    fc.record({ questions: fc.array(fc.record({ id: fc.option(fc.uuid(), { nil: undefined }), label: fc.oneof(fc.string({ maxLength: 20 }), hostileString), categories: fc.array(fc.record({ label: fc.string({ maxLength: 20 }) }), { maxLength: 3 }) }), { maxLength: 3 }) }),
    fc.record({ answers: fc.array(fc.record({ questionId: fc.uuid(), categoryId: fc.option(fc.uuid(), { nil: null }) }), { maxLength: 3 }) }),
    fc.array(fc.record({ interviewerId: fc.uuid(), criterionIds: fc.array(fc.oneof(fc.uuid(), fc.string())) }), { maxLength: 3 }),
    fc.string({ maxLength: 50 }),
    fc.record({ ratings: fc.array(fc.record({ criterionId: fc.uuid(), rating: fc.oneof(fc.integer({ min: 1, max: 4 }), hugeNumber), evidence: fc.oneof(fc.string(), hostileString) }), { maxLength: 2 }), notes: hostileString }),
    fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 2 }),
  );
  const query = fc.dictionary(
    fc.constantFrom('limit', 'cursor', 'roleId', 'stage', 'from', 'to', 'format', 'pii', 'bom', 'entity', 'entityId', 'token'),
    fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.uuid(), fc.constant('2026-01-01T00:00:00Z'), hostileString, hugeNumber.map(String), extremeDate, fc.constant('99999999999999999999999')),
  );
  // A path parameter: a real id, a random one, one past the router's 100-character limit, or hostile text.
  const pathParam = fc.oneof(
    fc.constant('real'),
    fc.constant('random'),
    fc.integer({ min: 101, max: 400 }).map((n) => 'p'.repeat(n)),
    fc.constantFrom('%00', '%E0%A4%A', '..', '%2e%2e%2f', '99999999999999999999999', 'x'.repeat(100)),
  );

  it('never answers 5xx, and every 4xx is problem+json', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        await fc.assert(
          fc.asyncProperty(body, query, pathParam, fc.boolean(), async (payload, q, param, asInterviewer) => {
            const ids = realIds();
            const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (param === 'real' ? (ids[name] ?? crypto.randomUUID()) : param === 'random' ? crypto.randomUUID() : param));
            const search = new URLSearchParams(q).toString();
            const who = path.startsWith('/candidate/') ? s.actors.candidate! : asInterviewer ? s.actors.assignedInterviewer! : s.actors.admin!;
            const response = await ctx.app.inject({
              method: method.toUpperCase() as 'GET',
              url: `${url}${search ? `?${search}` : ''}`,
              headers: { ...who.auth, 'content-type': 'application/json' },
              ...(method === 'get' || method === 'delete' ? {} : { payload: JSON.stringify(payload) }),
            });
            const label = `${method.toUpperCase()} ${url}?${search} ${JSON.stringify(payload).slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            if (response.statusCode >= 500) failures.push(label);
            // A generated "/x/.." can resolve to a page (the sign-in page at "/"): pages answer errors as HTML pages.
            const resolvedToPage = isPagePath(new URL(url, 'http://fuzz.test').pathname) && String(response.headers['content-type']).startsWith('text/html');
            if (response.statusCode >= 400 && !resolvedToPage && !String(response.headers['content-type']).startsWith('application/problem+json')) failures.push(`not problem+json: ${label}`);
            if (response.statusCode >= 400 && param.length > 100 && response.body.includes(param)) failures.push(`echoes the path: ${label}`);
            return true;
          }),
          { numRuns: RUNS_PER_ROUTE },
        );
      }
    }
    expect(failures).toEqual([]);
    // The fuzzer reached both the validators and the handlers behind them.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(414) ?? 0).toBeGreaterThan(10);
    expect([...statuses].filter(([code]) => code < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(50);
  }, 180_000);
});

const isPagePath = (path: string) => path === '/' || path === '/setup' || path === '/sign-out' || path.startsWith('/app') || path.startsWith('/sign-in');
