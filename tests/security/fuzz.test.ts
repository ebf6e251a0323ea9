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

  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.constantFrom('name', 'title', 'ratings', 'criterionIds', 'stepId', 'rating', 'evidence', 'decision', 'orgId', 'permissions', 'anchors', 'scale', 'reason', 'interviewerIds', 'startsAt', 'endsAt'), fc.jsonValue({ maxDepth: 2 })),
    fc.array(fc.record({ interviewerId: fc.uuid(), criterionIds: fc.array(fc.oneof(fc.uuid(), fc.string())) }), { maxLength: 3 }),
    fc.string({ maxLength: 50 }),
  );
  const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'roleId', 'stage', 'from', 'to', 'format', 'pii', 'entity', 'entityId', 'token'), fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.uuid(), fc.constant('2026-01-01T00:00:00Z')));

  it('never answers 5xx, and every 4xx is problem+json', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        await fc.assert(
          fc.asyncProperty(body, query, fc.boolean(), fc.boolean(), async (payload, q, randomIds, asInterviewer) => {
            const ids = realIds();
            const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (randomIds ? crypto.randomUUID() : (ids[name] ?? crypto.randomUUID())));
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
            if (response.statusCode >= 400 && !String(response.headers['content-type']).startsWith('application/problem+json')) failures.push(`not problem+json: ${label}`);
            return true;
          }),
          { numRuns: RUNS_PER_ROUTE },
        );
      }
    }
    expect(failures).toEqual([]);
    // The fuzzer reached both the validators and the handlers behind them.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect([...statuses].filter(([code]) => code < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(50);
  }, 180_000);
});
