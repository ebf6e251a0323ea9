// On PostgreSQL the service runs imports in a worker thread with a capped heap: the same import,
// its progress and its outcome; a thread that dies leaves its imports failed and cleaned up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { imports } from '../../src/db/schema.js';
import { failAbandonedImports } from '../../src/imports/abandoned.js';
import type { Progress } from '../../src/imports/importer.js';
import { startImport, UNEXPECTED_ERROR } from '../../src/imports/run.js';
import { ImportThread, importRunner } from '../../src/imports/threaded.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { calibrationRows, largeHistory, rebuiltRows } from './large.js';

describe('imports in a worker thread', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const begin = async () => {
    const org = await createOrg(ctx);
    const record = await startImport(ctx.database.db, { orgId: org.orgId, source: 'greenhouse-harvest-v1', actorId: null });
    return { orgId: org.orgId, importId: record.id };
  };
  const rowOf = async (importId: string) => (await ctx.database.db.select().from(imports).where(eq(imports.id, importId)))[0]!;

  it('runs on PostgreSQL only; on PGlite the import stays in the thread that holds the database', () => {
    expect(importRunner(ctx.database) instanceof ImportThread).toBe(ctx.database.driver === 'postgres');
  });

  it('imports end to end, forwarding progress, and imports beside it and after it reuse or restart the thread', async () => {
    if (ctx.database.driver !== 'postgres') return;
    // An idle time of zero ends the thread after each import: the next one starts a new thread.
    const thread = new ImportThread(ctx.database, undefined, 0);
    try {
      const a = await begin();
      const b = await begin();
      const events: Parameters<Progress>[0][] = [];
      const [first, beside] = await Promise.all([
        thread.run(a.importId, { orgId: a.orgId, source: 'greenhouse-harvest-v1', dir: largeHistory(300), actorId: null, progress: (event) => events.push(event) }),
        thread.run(b.importId, { orgId: b.orgId, source: 'greenhouse-harvest-v1', dir: largeHistory(10), actorId: null }),
      ]);
      expect(first).toMatchObject({ importId: a.importId, status: 'completed', error: null, created: { applications: 300, scorecards: 1200 } });
      expect(beside).toMatchObject({ importId: b.importId, status: 'completed', created: { scorecards: 40 } });
      // Every thousand records and at the end of each file, as in-thread.
      expect(events).toContainEqual({ file: 'scorecards.ndjson', records: 1000 });
      expect(events).toContainEqual({ file: 'scorecards.ndjson', records: 1200 });
      expect(await rowOf(a.importId)).toMatchObject({ status: 'completed', error: null, created: first.created });
      // The calibration rows were refreshed by the thread: exactly what a rebuild gives.
      const roleId = ((await ctx.database.db.execute(sqlRoleOf(a.orgId))) as unknown as { rows: { role_id: string }[] }).rows[0]!.role_id;
      const written = await calibrationRows(ctx.database.db, a.orgId);
      expect(written.length).toBeGreaterThan(0);
      expect(await rebuiltRows(ctx.database.db, a.orgId, roleId)).toEqual(written);

      const c = await begin();
      const after = await thread.run(c.importId, { orgId: c.orgId, source: 'greenhouse-harvest-v1', dir: largeHistory(2), actorId: null });
      expect(after).toMatchObject({ status: 'completed', created: { scorecards: 8 } });
    } finally {
      await thread.close();
    }
  });

  it('a thread that dies (here: out of memory) ends its import failed, with its end audited, and frees it', async () => {
    if (ctx.database.driver !== 'postgres') return;
    const thread = new ImportThread(ctx.database, { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 });
    try {
      const { orgId, importId } = await begin();
      const errors: Error[] = [];
      const outcome = await thread.run(importId, { orgId, source: 'greenhouse-harvest-v1', dir: largeHistory(50), actorId: null, progress: ({ error }) => error && errors.push(error) });
      expect(outcome).toMatchObject({ importId, status: 'failed', error: UNEXPECTED_ERROR });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
      expect(await rowOf(importId)).toMatchObject({ status: 'failed', error: UNEXPECTED_ERROR });
      expect((await rowOf(importId)).finishedAt).not.toBeNull();
      const audit = (await ctx.database.db.execute(sqlAuditOf(importId))) as unknown as { rows: { action: string }[] };
      expect(audit.rows.map((r) => r.action).sort()).toEqual(['import.finish', 'import.start']);
      // No longer held by this process: nothing left running for the abandoned-import check either.
      expect(await failAbandonedImports(ctx.database.db, 0)).not.toContain(importId);
    } finally {
      await thread.close();
    }
  });
});

const sqlRoleOf = (orgId: string) => sql`select id as role_id from roles where org_id = ${orgId} and title = 'Generated job'`;
const sqlAuditOf = (importId: string) => sql`select action from audit_log where entity = 'import' and entity_id = ${importId}`;
