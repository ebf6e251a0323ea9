// Calibration aggregates computed in SQL over calibration_ratings (src/calibration/store.ts):
// one row per rating of a unit (one criterion of one application) carrying the unit's other raters
// in summary, so every aggregate is one scan of hundreds of thousands of narrow rows and only small
// summaries leave the database.
import { sql, type SQL } from 'drizzle-orm';
import { arrayParam } from '../db/arrays.js';
import type { Queryable } from '../db/client.js';
import { ATTAINMENT_DECIMALS } from '../db/schema.js';
import { criterionCountsOf, type CriterionCounts } from './counts.js';

export interface CalibrationScope {
  orgId: string;
  roleId?: string;
  interviewerId?: string;
}

function inScope(scope: CalibrationScope): SQL {
  return sql`c.org_id = ${scope.orgId}
    ${scope.roleId ? sql`and c.role_id = ${scope.roleId}` : sql``}
    ${scope.interviewerId ? sql`and c.interviewer_id = ${scope.interviewerId}` : sql``}`;
}

/** A rating's difference from the mean of its co-panelists (only ratings that have co-panelists). */
const difference = sql`c.rating - c.co_total::float8 / c.co_raters`;

export interface LeniencyMoments {
  interviewerId: string;
  n: number;
  mean: number;
  /** Sample variance of the differences; null below two. */
  variance: number | null;
}

const rows = async <T>(db: Queryable, query: SQL): Promise<T[]> => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

export async function leniencyMoments(db: Queryable, scope: CalibrationScope): Promise<LeniencyMoments[]> {
  const result = await rows<{ interviewer_id: string; n: string | number; mean: number; variance: number | null }>(
    db,
    sql`select c.interviewer_id, count(*) as n, avg(${difference}) as mean, var_samp(${difference}) as variance
        from calibration_ratings c where ${inScope(scope)} and c.co_raters > 0
        group by c.interviewer_id order by c.interviewer_id`,
  );
  return result.map((r) => ({ interviewerId: r.interviewer_id, n: Number(r.n), mean: Number(r.mean), variance: r.variance === null ? null : Number(r.variance) }));
}

/** One interviewer's differences by the quarter their scorecard was submitted in: drift. */
export async function leniencyByQuarter(db: Queryable, scope: CalibrationScope & { interviewerId: string }) {
  const result = await rows<{ quarter: string; n: string | number; mean: number; variance: number | null }>(
    db,
    sql`select to_char(c.submitted_at at time zone 'UTC', 'YYYY-"Q"Q') as quarter, count(*) as n, avg(${difference}) as mean, var_samp(${difference}) as variance
        from calibration_ratings c where ${inScope(scope)} and c.co_raters > 0
        group by 1 order by 1`,
  );
  return result.map((r) => ({ quarter: r.quarter, n: Number(r.n), mean: Number(r.mean), variance: r.variance === null ? null : Number(r.variance) }));
}

/**
 * Per criterion: unit and rating counts, the rating distribution, and the coincidence matrix of
 * Krippendorff's alpha (see criterionCountsOf). The database only counts ratings by criterion,
 * level and co-raters' levels: a few hundred groups, where summing fractions per rating in SQL
 * (numeric and float division on every row) cost three times as much.
 */
export async function criterionCounts(db: Queryable, scope: CalibrationScope): Promise<CriterionCounts[]> {
  const result = await rows<{ criterion_id: string; rating: number; co_levels: number[]; n: string | number }>(
    db,
    sql`select c.criterion_id, c.rating, c.co_levels, count(*) as n
        from calibration_ratings c where ${inScope(scope)}
        group by c.criterion_id, c.rating, c.co_levels`,
  );
  return criterionCountsOf(result.map((r) => ({ criterionId: r.criterion_id, rating: Number(r.rating), coLevels: r.co_levels.map(Number), n: Number(r.n) })));
}

/**
 * For ICC: per criterion, the units rated by the most common full panel (ties: the larger panel,
 * then the first in id order), as rows of (unit, rater, rating) in a stable order. A panel of
 * p raters has p rows per unit, so its unit count is rows / p.
 *
 * Two statements: the panel counts (one grouped scan), then only the chosen panels' rows, found
 * through their raters' index entries. Joining the counts back to the table in one statement
 * scanned every rating of the role a second time, the planner having no idea only a handful of
 * panels come out of the first part.
 */
export async function iccPanels(db: Queryable, scope: CalibrationScope) {
  const best = await rows<{ criterion_id: string; panel: string[] }>(
    db,
    sql`select distinct on (criterion_id) criterion_id, panel
        from (
          select c.criterion_id, c.panel, count(*) / cardinality(c.panel) as units
          from calibration_ratings c where ${inScope(scope)} and c.co_raters > 0
          group by c.criterion_id, c.panel
        ) s
        order by criterion_id, units desc, cardinality(panel) desc, panel`,
  );
  const panels = new Map<string, { raterIds: string[]; matrix: number[][] }>();
  if (best.length === 0) return panels;
  const raters = [...new Set(best.flatMap((b) => b.panel))];
  const result = await rows<{ criterion_id: string; application_id: string; interviewer_id: string; rating: number }>(
    db,
    sql`select c.criterion_id, c.application_id, c.interviewer_id, c.rating
        from calibration_ratings c
        where ${inScope(scope)} and c.interviewer_id = any(${arrayParam(raters, 'uuid')})
          and (${sql.join(
            best.map((b) => sql`(c.criterion_id = ${b.criterion_id} and c.panel = ${arrayParam(b.panel, 'uuid')})`),
            sql` or `,
          )})
        order by c.criterion_id, c.application_id, c.interviewer_id`,
  );
  let current: { unit: string; row: number[] } | undefined;
  for (const r of result) {
    const panel = panels.get(r.criterion_id) ?? { raterIds: [], matrix: [] };
    panels.set(r.criterion_id, panel);
    if (!current || current.unit !== `${r.criterion_id}/${r.application_id}`) {
      current = { unit: `${r.criterion_id}/${r.application_id}`, row: [] };
      panel.matrix.push(current.row);
    }
    if (panel.matrix.length === 1) panel.raterIds.push(r.interviewer_id);
    current.row.push(Number(r.rating));
  }
  return panels;
}

/**
 * Predictive validity data: for each hire with outcomes, per criterion, the mean of its current
 * ratings and the mean attainment of the success metrics that criterion is tied to. Both are exact
 * decimals rounded to ATTAINMENT_DECIMALS in the database, so equal means arrive as equal numbers
 * and tie in the ranking (floats would split (1.1+0.8)/2 and (1.0+0.9)/2).
 */
export async function criterionOutcomePairs(db: Queryable, scope: CalibrationScope & { roleId: string }) {
  const result = await rows<{ criterion_id: string; application_id: string; score: number; attainment: number }>(
    db,
    sql`with scores as (
          select c.criterion_id, c.application_id, avg(c.rating) as score
          from calibration_ratings c join applications a on a.id = c.application_id and a.status = 'hired'
          where ${inScope(scope)}
          group by c.criterion_id, c.application_id
        )
        select s.criterion_id, s.application_id, round(s.score, ${sql.raw(String(ATTAINMENT_DECIMALS))}) as score,
          round(avg(o.attainment), ${sql.raw(String(ATTAINMENT_DECIMALS))}) as attainment
        from scores s
        join criterion_metrics cm on cm.criterion_id = s.criterion_id
        join outcomes o on o.application_id = s.application_id and o.metric_id = cm.metric_id
        group by s.criterion_id, s.application_id, s.score
        order by s.criterion_id, s.application_id`,
  );
  return result.map((r) => ({ criterionId: r.criterion_id, applicationId: r.application_id, score: Number(r.score), attainment: Number(r.attainment) }));
}

export interface Conduct {
  interviewerId: string;
  scorecards: number;
  /** Assigned criteria over submitted scorecards, and how many of them were rated with evidence. */
  assigned: number;
  assessedWithEvidence: number;
  medianLatenessHours: number | null;
  lateScorecards: number;
}

/** How interviewers write their scorecards: focus on their assignment, and timeliness. */
export async function interviewerConduct(db: Queryable, scope: CalibrationScope, lateHours: number): Promise<Conduct[]> {
  const result = await rows<{ author_id: string; scorecards: string | number; assigned: string | number; assessed: string | number; median_hours: number | null; late: string | number }>(
    db,
    sql`select s.author_id, count(*) as scorecards, sum(s.assigned_criteria) as assigned, sum(s.assessed_criteria) as assessed,
          percentile_cont(0.5) within group (order by extract(epoch from (s.submitted_at - i.ends_at)) / 3600) as median_hours,
          count(*) filter (where s.submitted_at > i.ends_at + make_interval(secs => ${lateHours * 3600})) as late
        from scorecards s join interviews i on i.id = s.interview_id
        where s.org_id = ${scope.orgId} and s.status = 'submitted'
          ${scope.roleId ? sql`and s.role_id = ${scope.roleId}` : sql``}
          ${scope.interviewerId ? sql`and s.author_id = ${scope.interviewerId}` : sql``}
        group by s.author_id order by s.author_id`,
  );
  return result.map((r) => ({
    interviewerId: r.author_id,
    scorecards: Number(r.scorecards),
    assigned: Number(r.assigned),
    assessedWithEvidence: Number(r.assessed),
    medianLatenessHours: r.median_hours === null ? null : Number(r.median_hours),
    lateScorecards: Number(r.late),
  }));
}
