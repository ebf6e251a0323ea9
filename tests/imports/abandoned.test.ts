// An import whose process died stays `running` with rows parked in import_staged_rows (which can
// hold note text). The next import, or the next start of the service, fails it and clears them.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { importLinks, importStagedRows, imports } from '../../src/db/schema.js';
import { ABANDONED_ERROR, failAbandonedImports } from '../../src/imports/abandoned.js';
import { startImport } from '../../src/imports/run.js';
import { createOrg, createTestApp, testConfig, type TestContext } from '../helpers/app.js';
import { greenhouseV1, writeFolder } from './fixtures.js';
import { importFolder } from './helpers.js';
import { calibrationRows } from './large.js';

type Db = TestContext['database']['db'];

/** An import record as a killed process leaves it: running, silent for `silentMs`, with parked rows. */
async function killedImport(db: Db, orgId: string, silentMs: number) {
  const record = await startImport(db, { orgId, source: 'greenhouse-harvest-v3', actorId: null });
  await db.insert(importStagedRows).values([0, 1].map((position) => ({ importId: record.id, key: '42', position, payload: { note: 'A remark about the candidate' } })));
  await db.update(imports).set({ heartbeatAt: sql`now() - ${silentMs} * interval '1 millisecond'` }).where(eq(imports.id, record.id));
  return record.id;
}

const stateOf = async (db: Db, importId: string) => {
  const [row] = await db.select().from(imports).where(eq(imports.id, importId));
  const staged = await db.select().from(importStagedRows).where(eq(importStagedRows.importId, importId));
  return { status: row!.status, error: row!.error, finished: row!.finishedAt !== null, staged: staged.length };
};

describe('imports abandoned by a dead process', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('are failed and their parked rows deleted when the next import starts; a live one is left alone', async () => {
    const org = await createOrg(ctx);
    const live = await killedImport(ctx.database.db, org.orgId, 1000);
    const dead = await killedImport(ctx.database.db, org.orgId, 10 * 60_000);
    expect(await stateOf(ctx.database.db, dead)).toMatchObject({ status: 'running', staged: 2 });

    await startImport(ctx.database.db, { orgId: org.orgId, source: 'lever', actorId: null });
    expect(await stateOf(ctx.database.db, dead)).toEqual({ status: 'failed', error: ABANDONED_ERROR, finished: true, staged: 0 });
    expect(await stateOf(ctx.database.db, live)).toEqual({ status: 'running', error: null, finished: false, staged: 2 });

    const shown = (await ctx.app.inject({ url: `/imports/${dead}`, headers: org.admin.auth })).json();
    expect(shown).toMatchObject({ status: 'failed', error: ABANDONED_ERROR });
    const audit = (await ctx.app.inject({ url: `/audit?entity=import&entityId=${dead}`, headers: org.admin.auth })).json();
    expect(audit.items.map((e: { action: string }) => e.action).sort()).toEqual(['import.finish', 'import.start']);
  });

  it('do not hold the start: the service is ready while their cleanup waits, and it finishes after', async () => {
    const org = await createOrg(ctx);
    const dead = await killedImport(ctx.database.db, org.orgId, 10 * 60_000);
    // Another session holds the import's row, as a long rebuild or a busy database would hold the cleanup.
    const blocker = await ctx.database.pool!.connect();
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    try {
      await blocker.query('begin');
      await blocker.query('select 1 from imports where id = $1 for update', [dead]);
      app = await buildApp({ config: ctx.config, database: ctx.database, migrate: false, logger: false });
      await app.ready();
      expect((await app.inject('/ready')).statusCode).toBe(200);
      expect(await stateOf(ctx.database.db, dead)).toMatchObject({ status: 'running', staged: 2 });
      await blocker.query('rollback');
      await vi.waitFor(async () => expect(await stateOf(ctx.database.db, dead)).toEqual({ status: 'failed', error: ABANDONED_ERROR, finished: true, staged: 0 }), { timeout: 30_000, interval: 100 });
    } finally {
      await blocker.query('rollback').catch(() => {});
      blocker.release();
      await app?.close();
    }
  });

  it('get the calibration rows of the scorecards they wrote before dying', async () => {
    const org = await createOrg(ctx);
    const summary = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', writeFolder(greenhouseV1('nobody@example.test')));
    const expected = await calibrationRows(ctx.database.db, org.orgId);
    expect(expected.length).toBeGreaterThan(0);
    // As if the process died after writing the scorecards and before refreshing their calibration.
    await ctx.database.db.execute(sql`delete from calibration_ratings where org_id = ${org.orgId}`);
    await ctx.database.db
      .update(imports)
      .set({ status: 'running', finishedAt: null, heartbeatAt: sql`now() - interval '10 minutes'`, createdAt: sql`now() - interval '11 minutes'` })
      .where(eq(imports.id, summary.importId));
    await ctx.database.db.update(importLinks).set({ updatedAt: sql`now() - interval '10 minutes'` }).where(and(eq(importLinks.orgId, org.orgId), eq(importLinks.kind, 'scorecard')));

    expect(await failAbandonedImports(ctx.database.db)).toContain(summary.importId);
    expect(await calibrationRows(ctx.database.db, org.orgId)).toEqual(expected);
  });

  it('are all failed when the service starts on the embedded database, which only one process opens', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(database);
    const config = testConfig({ database: { kind: 'pglite', dataDir: 'memory://' } });
    const first = await buildApp({ config, database, migrate: false, logger: false });
    await first.ready();
    const org = await createOrg({ app: first, database, config, close: async () => {} });
    // Killed a moment ago: on PGlite nobody else can be running it.
    const dead = await killedImport(database.db, org.orgId, 0);
    await first.close();

    const restarted = await buildApp({ config, database, migrate: false, logger: false });
    await restarted.ready();
    try {
      // The cleanup runs beside the start (it must not hold readiness): wait for it.
      await vi.waitFor(async () => expect(await stateOf(database.db, dead)).toEqual({ status: 'failed', error: ABANDONED_ERROR, finished: true, staged: 0 }), { timeout: 30_000, interval: 100 });
    } finally {
      await restarted.close();
      await database.close();
    }
  }, 60_000);
});
