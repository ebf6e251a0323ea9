// An import whose process died (killed, crashed, restarted) would stay `running` forever, with rows
// parked in import_staged_rows that can hold note text (not reached by candidate erasure). Each
// running import renews a heartbeat; at start-up and before each new import, running imports whose
// heartbeat stopped are marked failed, their parked rows deleted, and the calibration rows of the
// roles they wrote refreshed (they may have died between a write and its refresh).
import { and, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { recordAudit } from '../audit/record.js';
import { rebuildRoleCalibrationRatings } from '../calibration/store.js';
import { importStagedRows, imports } from '../db/schema.js';
import type { ImportRow } from './queries.js';

/** How often a running import renews its heartbeat. */
export const HEARTBEAT_MS = 10_000;
/** A running import silent for this long belongs to a process that is gone. */
export const ABANDONED_AFTER_MS = 60_000;

export const ABANDONED_ERROR = 'The import stopped when the process running it ended (a restart or a crash). What was written before stays; running the same import again resumes it.';

/** Imports this process is running: never taken for abandoned, however late their heartbeat. */
const runningHere = new Set<string>();

/** Renews the import's heartbeat until the returned function is called. */
export function keepAlive(db: Db, importId: string): () => void {
  const release = holdHere(importId);
  const timer = setInterval(() => {
    void db
      .update(imports)
      .set({ heartbeatAt: new Date() })
      .where(and(eq(imports.id, importId), eq(imports.status, 'running')))
      .catch(() => {});
  }, HEARTBEAT_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    release();
  };
}

/**
 * Counts the import as running in this process until the returned function is called: a worker
 * thread renews the heartbeat from its own module instance, so its host holds the import here.
 */
export function holdHere(importId: string): () => void {
  runningHere.add(importId);
  return () => runningHere.delete(importId);
}

/**
 * Fails the running imports of any organization whose heartbeat is older than `silentForMs`, and
 * cleans up after them. Returns their ids. Safe to run from several processes at once: each
 * abandoned import is claimed by exactly one UPDATE.
 */
export async function failAbandonedImports(db: Db, silentForMs = ABANDONED_AFTER_MS): Promise<string[]> {
  const mine = [...runningHere];
  const dead = await db
    .update(imports)
    .set({ status: 'failed', error: ABANDONED_ERROR, finishedAt: new Date() })
    .where(
      and(
        eq(imports.status, 'running'),
        lt(imports.heartbeatAt, sql`now() - ${silentForMs} * interval '1 millisecond'`),
        mine.length ? notInArray(imports.id, mine) : undefined,
      ),
    )
    .returning({ id: imports.id, orgId: imports.orgId, source: imports.source, createdAt: imports.createdAt });
  await cleanUpAfter(db, dead, { status: 'failed', error: 'abandoned' });
  return dead.map((d) => d.id);
}

/**
 * Fails one running import whose runner ended without its summary (a worker thread that crashed
 * or ran out of memory), with the counts it last saved, and cleans up after it like an abandoned
 * one. Returns its row, or undefined when it was no longer running.
 */
export async function failStoppedImport(db: Db, importId: string, error: string): Promise<ImportRow | undefined> {
  const [row] = await db
    .update(imports)
    .set({ status: 'failed', error, finishedAt: new Date() })
    .where(and(eq(imports.id, importId), eq(imports.status, 'running')))
    .returning();
  if (!row) return undefined;
  const skipped = row.skipped as unknown[];
  await cleanUpAfter(db, [row], { status: 'failed', created: row.created, updated: row.updated, ignored: row.ignored, skipped: skipped.length });
  return row;
}

/** Deletes the parked rows of imports that stopped, refreshes the calibration of the roles they wrote, and records their end. */
async function cleanUpAfter(db: Db, stopped: Pick<ImportRow, 'id' | 'orgId' | 'source' | 'createdAt'>[], after: Record<string, unknown>) {
  if (stopped.length === 0) return;
  await db.delete(importStagedRows).where(inArray(importStagedRows.importId, stopped.map((d) => d.id)));
  for (const d of stopped) {
    // Roles of the scorecards this import wrote: their links were written or renewed since it began.
    const roles = (await db.execute(sql`
      select distinct s.role_id from import_links l join scorecards s on s.id = l.target_id
      where l.org_id = ${d.orgId} and l.source = ${d.source} and l.kind = 'scorecard' and l.updated_at >= ${d.createdAt.toISOString()}`)) as unknown as { rows: { role_id: string }[] };
    for (const { role_id: roleId } of roles.rows) await db.transaction((tx) => rebuildRoleCalibrationRatings(tx, roleId));
    await recordAudit(db, { orgId: d.orgId, actorId: null, action: 'import.finish', entity: 'import', entityId: d.id, after });
  }
}
