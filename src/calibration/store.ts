// Keeps calibration_ratings current. A unit is one criterion of one application; its raters are
// the interviewers who rated it in submitted scorecards (the latest current rating of each, should
// someone rate it twice). Every submission or amendment re-derives the rows of its application
// from the scorecards, so the table is always exactly what the ratings say, never a running tally.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';

/** The highest scale has seven levels; co_levels has one count per level. */
const LEVELS = [1, 2, 3, 4, 5, 6, 7];

/** Re-derives calibration_ratings for some applications, or for a whole role (bulk loads). */
function refreshSql(scope: { applicationIds: string[] } | { roleId: string }): SQL {
  // Applications are visited one by one through their indexes, whatever the planner's statistics
  // say: during a bulk load they are stale, and a plan that scans the role or the whole table per
  // chunk makes the refresh grow with the table instead of with the chunk. (offset 0 keeps the
  // planner from flattening a lateral subquery back into such a scan.)
  const notFresh = (c: string) => sql.raw(`not exists (select 1 from fresh f where f.criterion_id = ${c}.criterion_id and f.application_id = ${c}.application_id and f.interviewer_id = ${c}.interviewer_id)`);
  const [cards, stale] =
    'applicationIds' in scope
      ? [
          sql`unnest(${sql.param(scope.applicationIds)}::uuid[]) as a(id) cross join lateral (
            select * from scorecards s where s.application_id = a.id offset 0) s`,
          sql`c.ctid = any(array(
            select x.ctid from unnest(${sql.param(scope.applicationIds)}::uuid[]) as a(id) cross join lateral (
              select x.ctid, x.criterion_id, x.application_id, x.interviewer_id from calibration_ratings x where x.application_id = a.id offset 0) x
            where ${notFresh('x')}))`,
        ]
      : [sql`scorecards s`, sql`c.role_id = ${scope.roleId} and ${notFresh('c')}`];
  return sql`
    with latest as (
      select distinct on (r.criterion_id, s.application_id, s.author_id)
        s.org_id, s.role_id, r.criterion_id, s.application_id, s.author_id as interviewer_id, r.rating, s.submitted_at
      from ${cards} cross join lateral (
        select r.criterion_id, r.rating, r.created_at from scorecard_ratings r
        where r.scorecard_id = s.id and r.is_current and r.rating is not null offset 0) r
      where s.status = 'submitted' ${'roleId' in scope ? sql`and s.role_id = ${scope.roleId}` : sql``}
      order by r.criterion_id, s.application_id, s.author_id, r.created_at desc
    ),
    units as (
      select criterion_id, application_id, count(*)::int as raters, sum(rating)::int as total,
        array_agg(interviewer_id order by interviewer_id) as panel,
        array[${sql.raw(LEVELS.map((l) => `count(*) filter (where rating = ${l})`).join(', '))}]::int[] as levels
      from latest group by criterion_id, application_id
    ),
    fresh as (
      select l.*, u.raters - 1 as co_raters, u.total - l.rating as co_total, u.panel,
        array[${sql.raw(LEVELS.map((l) => `u.levels[${l}] - (l.rating = ${l})::int`).join(', '))}]::int[] as co_levels
      from latest l join units u using (criterion_id, application_id)
    ),
    stale as (
      delete from calibration_ratings c where ${stale}
    )
    insert into calibration_ratings (org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel)
    select org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel from fresh
    on conflict (criterion_id, application_id, interviewer_id) do update set
      rating = excluded.rating, submitted_at = excluded.submitted_at, co_raters = excluded.co_raters,
      co_total = excluded.co_total, co_levels = excluded.co_levels, panel = excluded.panel`;
}

/**
 * Statistics lag behind a bulk load, and the inflated estimates made PostgreSQL JIT-compile the
 * refresh: ~0.4 s of compilation for a statement that runs in a fraction of that. For this
 * transaction only.
 */
const noJit = (tx: Queryable) => tx.execute(sql`set local jit = off`);

/**
 * After a submission or amendment, inside its transaction. The application row is locked first so
 * concurrent submissions for one candidate refresh one after the other, each seeing the other's
 * committed ratings (under READ COMMITTED a statement sees what was committed before it started).
 * Callers lock their scorecard before this, so locks are always taken scorecard, then application.
 */
export async function refreshCalibrationRatings(tx: Queryable, applicationId: string) {
  await tx.execute(sql`select 1 from applications where id = ${applicationId} for no key update`);
  await tx.execute(refreshSql({ applicationIds: [applicationId] }));
}

/**
 * After a bulk write (an import) touched many applications: one statement for the lot, locking
 * them in id order so a concurrent submission waits rather than deadlocks.
 */
export async function refreshCalibrationRatingsOf(tx: Queryable, applicationIds: string[]) {
  if (applicationIds.length === 0) return;
  const ids = [...applicationIds].sort();
  await noJit(tx);
  await tx.execute(sql`select 1 from applications where id = any(${sql.param(ids)}::uuid[]) order by id for no key update`);
  await tx.execute(refreshSql({ applicationIds: ids }));
}

/** Every unit of a role at once, for data loaded around the write path (benchmarks, repairs). */
export async function rebuildRoleCalibrationRatings(db: Queryable, roleId: string) {
  await db.execute(refreshSql({ roleId }));
}

/** The role-wide rebuild for bulk writers that run beside live submissions: the role's applications locked first. */
export async function rebuildRoleCalibrationRatingsLocked(tx: Queryable, roleId: string) {
  await noJit(tx);
  await tx.execute(sql`select 1 from applications where role_id = ${roleId} order by id for no key update`);
  await tx.execute(refreshSql({ roleId }));
}
