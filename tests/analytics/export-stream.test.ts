// The export's paging: a row per round trip must give exactly the rows of one big page, on the
// cursor (PostgreSQL) and on keyset pages (PGlite, opened here whatever the suite runs on), with
// two visits of one application starting in the same instant; and a reader that goes away
// mid-stream must not keep a pooled connection.
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStream } from '../../src/analytics/export.js';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { stageEvents } from '../../src/db/schema.js';
import { createOrg, createTestApp, testConfig, type StaffMember, type TestContext } from '../helpers/app.js';
import { seedOpenRole } from '../helpers/fixtures.js';

async function embeddedTestApp(): Promise<TestContext> {
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await migrate(database);
  const config = testConfig({ database: { kind: 'pglite', dataDir: 'memory://' } });
  const app = await buildApp({ config, database, migrate: false, logger: false });
  return { app, database, config, close: async () => (await app.close(), await database.close()) };
}

/** Seven applications through the steps; the last one's two moves share one instant. */
async function seedFunnel(ctx: TestContext) {
  const org = await createOrg(ctx);
  const recruiter = await org.addUser(['recruiter']);
  const [a, b, c] = await Promise.all([org.addUser(['interviewer']), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
  const role = await seedOpenRole(ctx, org, { a, b, c });
  const post = (who: StaffMember, url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, payload });
  let last = '';
  for (let i = 0; i < 7; i++) {
    const candidate = (await post(recruiter, '/candidates', { name: `Page ${i}`, email: `page${i}.${Math.random().toString(36).slice(2)}@export.test` })).json();
    last = (await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json().id;
    if (i % 2 === 0) await post(recruiter, `/applications/${last}/advance`, { stepId: role.steps.interview });
    if (i % 3 === 0) await post(recruiter, `/applications/${last}/advance`, { stepId: role.steps.workSample });
  }
  await ctx.database.db.update(stageEvents).set({ at: new Date('2026-06-01T00:00:00Z') }).where(eq(stageEvents.applicationId, last));
  return { orgId: org.orgId, roleId: role.roleId };
}

describe.each([
  ['the suite’s database', createTestApp],
  ['embedded PGlite', embeddedTestApp],
])('funnel export paging on %s', (_name, open) => {
  let ctx: TestContext;
  let filter: { orgId: string; roleId: string };

  beforeAll(async () => {
    ctx = await open();
    filter = await seedFunnel(ctx);
  }, 60_000);
  afterAll(() => ctx.close());

  it('gives the same rows one per round trip as in one page, ties included', async () => {
    const whole = await text(exportStream(ctx.database, filter, { format: 'csv', pii: false }));
    const paged = await text(exportStream(ctx.database, filter, { format: 'csv', pii: false, batchRows: 1 }));
    expect(paged).toBe(whole);
    const rows = parse(whole, { columns: true }) as Record<string, string>[];
    // 7 screens, 4 interviews (i = 0, 2, 4, 6), 3 work samples (i = 0, 3, 6).
    expect(rows).toHaveLength(14);
    expect(new Set(rows.map((r) => `${r.application_id}/${r.step_id}/${r.entered_at}`)).size).toBe(14);
    const ndjson = await text(exportStream(ctx.database, filter, { format: 'ndjson', pii: false, batchRows: 3 }));
    expect(ndjson.trim().split('\n').map((line) => JSON.parse(line).application_id)).toEqual(rows.map((r) => r.application_id));
  });

  it('returns its connection when the reader goes away mid-stream', async () => {
    const pool = ctx.database.pool;
    if (!pool) return; // PGlite has no pool to leak from
    const stream = exportStream(ctx.database, filter, { format: 'csv', pii: false, batchRows: 1 });
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    await expect.poll(() => pool.totalCount - pool.idleCount, { timeout: 5000 }).toBe(0);
    // And the pool still serves the next export.
    expect(await text(exportStream(ctx.database, filter, { format: 'csv', pii: false }))).toContain('application_id');
  });
});
