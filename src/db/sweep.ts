// Retention sweeps: old rows deleted a bounded batch at a time, so a backlog never becomes one long
// statement holding locks, and workers sweeping at once never wait on each other.
import { and, asc, inArray, lt, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Queryable } from './client.js';

/**
 * Deletes up to `limit` rows of `table` whose `time` is before `before` (and that match `where`),
 * oldest first, skipping rows another transaction holds; returns how many it deleted.
 */
export async function deleteOldest(db: Queryable, table: PgTable, columns: { id: AnyPgColumn; time: AnyPgColumn }, before: Date, limit: number, where?: SQL): Promise<number> {
  const oldest = db
    .select({ id: columns.id })
    .from(table)
    .where(and(lt(columns.time, before), where))
    .orderBy(asc(columns.time))
    .limit(limit)
    .for('update', { skipLocked: true });
  const deleted = await db.delete(table).where(inArray(columns.id, oldest)).returning({ id: columns.id });
  return deleted.length;
}
