// Keeps calibration_ratings current. The derivation itself is the database function
// calibration_refresh (migrations/0007_scorecard_submit.sql): one definition shared by the
// transactional writers here and by the one-statement submission, which runs inside the database.
import { sql } from 'drizzle-orm';
import { arrayParam } from '../db/arrays.js';
import type { Queryable } from '../db/client.js';

/**
 * After a submission or amendment, inside its transaction: re-derives the application's rows,
 * locking the application first so concurrent submissions for one candidate refresh one after the
 * other. Callers lock their scorecard before this, so locks are always taken scorecard, then application.
 */
export async function refreshCalibrationRatings(tx: Queryable, applicationId: string) {
  await refreshCalibrationRatingsOf(tx, [applicationId]);
}

/** After a bulk write (an import) touched many applications: one call for the lot, locked in id order. */
export async function refreshCalibrationRatingsOf(tx: Queryable, applicationIds: string[]) {
  if (applicationIds.length === 0) return;
  await tx.execute(sql`select calibration_refresh(${arrayParam(applicationIds, 'uuid')})`);
}

/**
 * Every unit of a role at once, for bulk writers (imports) and data loaded around the write path
 * (benchmarks, repairs). The function locks the role's applications in id order, so a concurrent
 * submission waits rather than deadlocks.
 */
export async function rebuildRoleCalibrationRatings(db: Queryable, roleId: string) {
  await db.execute(sql`select calibration_refresh(array(select id from applications where role_id = ${roleId}))`);
}
