// Many batches: the writes are pipelined and calibration rows are refreshed while later batches
// are written; the result must be exactly what a from-scratch rebuild gives, on PostgreSQL (the
// suite's database) and on the embedded PGlite, and a re-import must change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { importLinks } from '../../src/db/schema.js';
import { createOrg, createTestApp, testConfig, type TestContext } from '../helpers/app.js';
import { runImport, startImport } from '../../src/imports/run.js';
import { sql } from 'drizzle-orm';
import { importFolder, zeroCounts } from './helpers.js';
import { calibrationRows, largeHistory, rebuiltRows } from './large.js';

async function pgliteApp(): Promise<TestContext> {
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await migrate(database);
  const config = testConfig({ database: { kind: 'pglite', dataDir: 'memory://' } });
  const app = await buildApp({ config, database, migrate: false, logger: false });
  await app.ready();
  return { app, database, config, close: async () => { await app.close(); await database.close(); } };
}

describe.each([
  ['the suite database', () => createTestApp()],
  ['embedded PGlite', pgliteApp],
])('a history of many batches on %s', (_name, open) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await open();
  }, 60_000);
  afterAll(() => ctx.close());

  it('imports every scorecard, keeps calibration rows exact, and a re-import creates nothing and updates only what changed', async () => {
    const org = await createOrg(ctx);
    // 700 applications, 2,800 scorecards: three scorecard batches, and more touched applications than one refresh chunk.
    const first = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', largeHistory(700));
    expect(first.status).toBe('completed');
    expect(first.skipped).toEqual([]);
    expect(first.created).toEqual({ roles: 1, steps: 4, criteria: 3, users: 40, candidates: 700, applications: 700, interviews: 2800, scorecards: 2800 });
    const roleId = (await ctx.database.db.select().from(importLinks).where(and(eq(importLinks.orgId, org.orgId), eq(importLinks.kind, 'role'), eq(importLinks.externalId, '77'))))[0]!.targetId;
    const imported = await calibrationRows(ctx.database.db, org.orgId);
    expect(imported.length).toBeGreaterThan(2800 * 2);
    expect(imported).toEqual(await rebuiltRows(ctx.database.db, org.orgId, roleId));

    const again = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', largeHistory(700));
    expect(again.created).toEqual(zeroCounts);
    expect(again.updated).toEqual({});

    // Every 97th scorecard revised in the source: those are rewritten, and calibration follows.
    const revised = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', largeHistory(700, { reviseEvery: 97 }));
    expect(revised.created).toEqual(zeroCounts);
    expect(revised.updated).toEqual({ scorecards: Math.ceil(2800 / 97) });
    const after = await calibrationRows(ctx.database.db, org.orgId);
    expect(after).not.toEqual(imported);
    expect(after).toEqual(await rebuiltRows(ctx.database.db, org.orgId, roleId));
  }, 120_000);
});

describe('a large import on the suite database', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('refreshes the statistics of the tables it loaded, for the reads that follow', async () => {
    if (ctx.database.driver !== 'postgres') return;
    const lastAnalyze = async () =>
      ((await ctx.database.db.execute(sql`select coalesce(last_analyze, 'epoch') as at from pg_stat_user_tables where relname = 'calibration_ratings'`)) as unknown as { rows: { at: Date | string }[] }).rows[0]!.at;
    const before = new Date(await lastAnalyze()).getTime();
    const org = await createOrg(ctx);
    const record = await startImport(ctx.database.db, { orgId: org.orgId, source: 'greenhouse-harvest-v1', actorId: null });
    const summary = await runImport(ctx.database.db, record.id, { orgId: org.orgId, source: 'greenhouse-harvest-v1', dir: largeHistory(5), actorId: null, analyzeFrom: 20 });
    expect(summary.created.scorecards).toBe(20);
    // The statistics view is updated when the server flushes its counters: wait for it.
    for (let i = 0; new Date(await lastAnalyze()).getTime() <= before; i++) {
      if (i > 200) throw new Error('calibration_ratings was not analyzed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
