// Separation: a candidate's self-identification reaches nobody but the candidate. A category with
// a distinctive label is planted and answered; then every route the app serves is called as
// every actor, and neither the label nor the category's id may appear anywhere else: not in a
// response, an export (with personal data), the audit log, a log line or another table.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openTestDatabase, testConfig, type TestContext } from '../helpers/app.js';
import { actorNames, buildScenario, type Scenario } from '../security/scenario.js';

const MARK = `Zq-planted-${Math.random().toString(36).slice(2, 10)}`;
// Where the planted category may legitimately be named: the question set itself, the aggregate
// report, and the candidate's own routes. The audit log is checked row by row below.
const MAY_NAME_IT = new Set([
  'GET /fairness/questions',
  'PUT /fairness/questions',
  'GET /analytics/adverse-impact',
  'GET /candidate/self-identification',
  'PUT /candidate/self-identification',
  'GET /candidate/data',
  'GET /audit',
]);
// Extra query strings worth trying: exports with personal data, in both formats.
const QUERIES: Record<string, string[]> = {
  'GET /exports/funnel': ['?format=csv&pii=true', '?format=ndjson&pii=true', '?format=ndjson'],
  'GET /analytics/adverse-impact': [],
};

describe('separation of self-identification from hiring data', () => {
  let ctx: TestContext;
  let s: Scenario;
  let categoryId: string;
  let questionId: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const database = await openTestDatabase();
    const config = testConfig();
    const app = await buildApp({ config, database, migrate: false, logger: { level: 'trace', stream: { write: (line: string) => logLines.push(line) } } });
    await app.ready();
    ctx = { app, database, config, close: async () => (await app.close(), await database.close()) };
    s = await buildScenario(ctx);
    const admin = s.actors.admin!;
    const put = await app.inject({ method: 'PUT', url: '/fairness/questions', headers: admin.auth, payload: { questions: [{ label: 'Separation check', categories: [{ label: MARK }, { label: 'Other' }] }] } });
    expect(put.statusCode, put.body).toBe(200);
    const question = put.json().questions[0];
    questionId = question.id;
    categoryId = question.categories[0].id;
    const answer = await app.inject({ method: 'PUT', url: '/candidate/self-identification', headers: s.actors.candidate!.auth, payload: { answers: [{ questionId, categoryId }] } });
    expect(answer.statusCode, answer.body).toBe(200);
  });
  afterAll(() => ctx.close());

  const ids = (): Record<string, string> => ({
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
    userId: s.actors.assignedInterviewer!.userId,
  });

  it('shows the answer to the candidate themself', async () => {
    const own = await ctx.app.inject({ url: '/candidate/data', headers: s.actors.candidate!.auth });
    expect(own.json().selfIdentification).toEqual([{ question: 'Separation check', answer: MARK, answeredAt: expect.any(String) }]);
  });

  it('never shows it through any other route, to any actor', async () => {
    const routes = [...new Set(ctx.app.registeredRoutes.filter((r) => r.documented).map((r) => `${r.method} ${r.url}`))];
    // Reads first, then writes; erasure last, since it removes what is being looked for.
    const order = (key: string) => (key.startsWith('GET ') ? 0 : key.includes('/erase') ? 2 : 1);
    routes.sort((a, b) => order(a) - order(b));
    const leaks: string[] = [];
    let calls = 0;
    for (const route of routes) {
      if (MAY_NAME_IT.has(route)) continue;
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const url = path.replace(/:(\w+)/g, (_, name: string) => ids()[name] ?? crypto.randomUUID());
      for (const query of ['', ...(QUERIES[route] ?? [])]) {
        for (const actor of actorNames) {
          const who = s.actors[actor];
          const withBody = method !== 'GET' && method !== 'DELETE';
          const response = await ctx.app.inject({ method, url: `${url}${query}`, headers: who ? who.auth : {}, ...(withBody ? { payload: {} } : {}) });
          calls++;
          for (const secret of [MARK, categoryId]) if (response.body.includes(secret)) leaks.push(`${route}${query} as ${actor} (${response.statusCode})`);
        }
      }
    }
    expect(calls).toBeGreaterThan(actorNames.length * 50);
    expect(leaks).toEqual([]);
  });

  it('keeps it out of the audit log, other tables and the logs', async () => {
    const audit = (await ctx.app.inject({ url: '/audit?limit=200', headers: s.actors.admin!.auth })).json().items as { action: string; entityId: string | null }[];
    const naming = audit.filter((row) => JSON.stringify(row).includes(categoryId) || JSON.stringify(row).includes(MARK));
    // Only the design of the form names the category; the candidate's rows name no question or category.
    expect(new Set(naming.map((r) => r.action))).toEqual(new Set(['fairness_questions.update']));
    for (const row of naming) expect(JSON.stringify(row)).not.toContain(s.candidateId);
    const aboutCandidate = audit.filter((row) => row.entityId === s.candidateId);
    expect(aboutCandidate.map((r) => r.action)).toContain('candidate.self_identification_changed');
    for (const row of aboutCandidate) for (const secret of [questionId, categoryId, MARK]) expect(JSON.stringify(row)).not.toContain(secret);

    // Every text-like column of every table: only the fairness tables and the design's audit rows hold it.
    const columns = (await ctx.database.db.execute(
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'jsonb', 'uuid', 'ARRAY')`,
    )) as unknown as { rows: { table_name: string; column_name: string }[] };
    const holders: string[] = [];
    for (const { table_name, column_name } of columns.rows) {
      const found = (await ctx.database.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text like ${`%${categoryId}%`} or ${sql.identifier(column_name)}::text like ${`%${MARK}%`}`,
      )) as unknown as { rows: { n: number }[] };
      if (found.rows[0]!.n > 0) holders.push(`${table_name}.${column_name}`);
    }
    // (fairness_answers may hold it too, until the walk above reaches the erasure route.)
    expect(holders.filter((h) => !h.startsWith('fairness_answers.')).sort()).toEqual(['audit_log.after', 'fairness_categories.id', 'fairness_categories.label']);
    const designRows = (await ctx.database.db.execute(sql`select count(*)::int as n from audit_log where after::text like ${`%${categoryId}%`} and action <> 'fairness_questions.update'`)) as unknown as { rows: { n: number }[] };
    expect(designRows.rows[0]!.n).toBe(0);

    expect(logLines.length).toBeGreaterThan(100);
    for (const line of logLines) for (const secret of [MARK, categoryId]) expect(line).not.toContain(secret);
  });
});
