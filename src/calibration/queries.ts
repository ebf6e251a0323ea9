// Calibration aggregates computed in SQL: the data is every current rating of a role's submitted
// scorecards (hundreds of thousands of rows), and only small summaries leave the database.
// "Unit" = one criterion of one application; its raters = the interviewers who rated it (the
// latest rating of each, should someone rate it twice).
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.js';

export interface CalibrationScope {
  orgId: string;
  roleId?: string;
  interviewerId?: string;
}

/**
 * Runs a report's aggregates in one transaction where `calibration_latest` holds the latest
 * current rating per (criterion, application, interviewer) of the scope's submitted scorecards:
 * computed once, it serves every aggregate instead of each re-sorting the role's ratings. Sorts
 * and hashes stay in memory; JIT is off (its start-up cost exceeds its gain at these sizes).
 */
export async function withLatestRatings<T>(db: Db, scope: CalibrationScope, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '128MB'`);
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`create temporary table calibration_latest on commit drop as ${latestRatingsQuery(scope)}`);
    return work(tx);
  });
}

/** Inside withLatestRatings: the latest ratings. */
function latestRatings(_scope: CalibrationScope): SQL {
  return sql`select * from calibration_latest`;
}

function latestRatingsQuery(scope: CalibrationScope): SQL {
  return sql`
    select distinct on (r.criterion_id, s.application_id, s.author_id)
      r.criterion_id, s.application_id, s.author_id, s.role_id, r.rating, s.submitted_at
    from scorecard_ratings r
    join scorecards s on s.id = r.scorecard_id
    where s.org_id = ${scope.orgId}
      ${scope.roleId ? sql`and s.role_id = ${scope.roleId}` : sql``}
      and s.status = 'submitted' and r.is_current and r.rating is not null
    order by r.criterion_id, s.application_id, s.author_id, r.created_at desc`;
}

/**
 * Each rating's difference from the mean of its co-panelists on the same unit, with its quarter.
 * Only units with two raters or more have co-panelists.
 */
function differences(scope: CalibrationScope): SQL {
  return sql`
    with latest as (${latestRatings(scope)}),
    units as (
      select *, count(*) over w as raters, sum(rating) over w as total
      from latest
      window w as (partition by criterion_id, application_id)
    )
    select author_id, criterion_id, role_id, submitted_at,
      rating - (total - rating)::float8 / (raters - 1) as diff
    from units where raters >= 2`;
}

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
    sql`select author_id as interviewer_id, count(*) as n, avg(diff) as mean, var_samp(diff) as variance
        from (${differences(scope)}) d
        ${scope.interviewerId ? sql`where author_id = ${scope.interviewerId}` : sql``}
        group by author_id order by author_id`,
  );
  return result.map((r) => ({ interviewerId: r.interviewer_id, n: Number(r.n), mean: Number(r.mean), variance: r.variance === null ? null : Number(r.variance) }));
}

export async function leniencyByQuarter(db: Queryable, scope: CalibrationScope & { interviewerId: string }) {
  const result = await rows<{ quarter: string; n: string | number; mean: number; variance: number | null }>(
    db,
    sql`select to_char(submitted_at at time zone 'UTC', 'YYYY-"Q"Q') as quarter, count(*) as n, avg(diff) as mean, var_samp(diff) as variance
        from (${differences(scope)}) d where author_id = ${scope.interviewerId}
        group by 1 order by 1`,
  );
  return result.map((r) => ({ quarter: r.quarter, n: Number(r.n), mean: Number(r.mean), variance: r.variance === null ? null : Number(r.variance) }));
}

const LEVELS = [1, 2, 3, 4, 5, 6, 7];
const CELLS = LEVELS.flatMap((c) => LEVELS.filter((k) => k >= c).map((k) => [c, k] as const));

/** The pivoted row back to coincidence cells, both halves of the symmetric matrix. */
function coincidenceCells(row: Record<string, number | string> | undefined) {
  if (!row) return [];
  return CELLS.flatMap(([c, k]) => {
    const o = Number(row[`o${c}_${k}`] ?? 0);
    if (!(o > 0)) return [];
    return c === k ? [{ c, k, o }] : [{ c, k, o }, { c: k, k: c, o }];
  });
}

export interface CriterionCounts {
  criterionId: string;
  units: number;
  ratings: number;
  /** rating level → how many ratings. */
  distribution: Record<string, number>;
  /** Krippendorff's coincidence counts o[c][k] over units with two ratings or more. */
  coincidences: { c: number; k: number; o: number }[];
}

/**
 * Per criterion: unit and rating counts, the rating distribution, and the coincidence matrix
 * of Krippendorff's alpha (o_ck = Σ_u n_uc·(n_uk − [c = k]) / (m_u − 1)), which is all alpha needs.
 */
export async function criterionCounts(db: Queryable, scope: CalibrationScope): Promise<CriterionCounts[]> {
  const [summary, coincidences] = await Promise.all([
    rows<{ criterion_id: string; units: string | number; ratings: string | number; distribution: Record<string, number> }>(
      db,
      sql`with latest as (${latestRatings(scope)}),
          levels as (select criterion_id, rating, count(*) as n from latest group by criterion_id, rating),
          units as (select criterion_id, count(distinct application_id) as units from latest group by criterion_id)
          select l.criterion_id, u.units, sum(l.n) as ratings, jsonb_object_agg(l.rating::text, l.n) as distribution
          from levels l join units u on u.criterion_id = l.criterion_id
          group by l.criterion_id, u.units`,
    ),
    // Per unit, the count of each level as a column; then each cell of the (symmetric)
    // coincidence matrix is one sum over units: a single grouped scan instead of a self-join.
    rows<Record<string, number | string>>(
      db,
      sql`with latest as (${latestRatings(scope)}),
          units as (
            select criterion_id, count(*)::float8 as m, ${sql.raw(LEVELS.map((l) => `count(*) filter (where rating = ${l})::float8 as n${l}`).join(', '))}
            from latest group by criterion_id, application_id having count(*) >= 2
          )
          select criterion_id, ${sql.raw(CELLS.map(([c, k]) => `sum(n${c} * (n${k}${c === k ? ' - 1' : ''}) / (m - 1)) as o${c}_${k}`).join(', '))}
          from units group by criterion_id`,
    ),
  ]);
  return summary.map((s) => ({
    criterionId: s.criterion_id,
    units: Number(s.units),
    ratings: Number(s.ratings),
    distribution: Object.fromEntries(Object.entries(s.distribution).map(([k, v]) => [k, Number(v)])),
    coincidences: coincidenceCells(coincidences.find((c) => c.criterion_id === s.criterion_id)),
  }));
}

/**
 * For ICC: per criterion, the units rated by the most common full set of raters (ties: the
 * larger set), as rows of (unit, rater, rating) in a stable order.
 */
export async function iccPanels(db: Queryable, scope: CalibrationScope) {
  const result = await rows<{ criterion_id: string; application_id: string; author_id: string; rating: number }>(
    db,
    sql`with latest as (${latestRatings(scope)}),
        unit_sets as (
          select criterion_id, application_id, array_agg(author_id order by author_id) as raters
          from latest group by criterion_id, application_id having count(*) >= 2
        ),
        best as (
          select distinct on (criterion_id) criterion_id, raters
          from (select criterion_id, raters, count(*) as units from unit_sets group by criterion_id, raters) s
          order by criterion_id, units desc, cardinality(raters) desc, raters
        )
        select l.criterion_id, l.application_id, l.author_id, l.rating
        from latest l
        join unit_sets u on u.criterion_id = l.criterion_id and u.application_id = l.application_id
        join best b on b.criterion_id = u.criterion_id and b.raters = u.raters
        order by l.criterion_id, l.application_id, l.author_id`,
  );
  const panels = new Map<string, { raterIds: string[]; matrix: number[][] }>();
  let current: { unit: string; row: number[] } | undefined;
  for (const r of result) {
    const panel = panels.get(r.criterion_id) ?? { raterIds: [], matrix: [] };
    panels.set(r.criterion_id, panel);
    if (!current || current.unit !== `${r.criterion_id}/${r.application_id}`) {
      current = { unit: `${r.criterion_id}/${r.application_id}`, row: [] };
      panel.matrix.push(current.row);
    }
    if (panel.matrix.length === 1) panel.raterIds.push(r.author_id);
    current.row.push(Number(r.rating));
  }
  return panels;
}

/**
 * Predictive validity data: for each hire with outcomes, per criterion, the mean of its current
 * ratings and the mean attainment of the success metrics that criterion is tied to.
 */
export async function criterionOutcomePairs(db: Queryable, scope: CalibrationScope & { roleId: string }) {
  const result = await rows<{ criterion_id: string; application_id: string; score: number; attainment: number }>(
    db,
    sql`with latest as (${latestRatings(scope)}),
        scores as (select criterion_id, application_id, avg(rating) as score from latest group by criterion_id, application_id)
        select s.criterion_id, s.application_id, s.score, avg(o.attainment) as attainment
        from scores s
        join applications a on a.id = s.application_id and a.status = 'hired'
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
    sql`with cards as (
          select s.id, s.author_id, s.submitted_at, i.ends_at, ii.assigned_criterion_ids
          from scorecards s
          join interviews i on i.id = s.interview_id
          join interview_interviewers ii on ii.interview_id = s.interview_id and ii.interviewer_id = s.author_id
          where s.org_id = ${scope.orgId} and s.status = 'submitted'
            ${scope.roleId ? sql`and s.role_id = ${scope.roleId}` : sql``}
            ${scope.interviewerId ? sql`and s.author_id = ${scope.interviewerId}` : sql``}
        )
        , assessed as (
          select c.id, count(*) as n
          from cards c join scorecard_ratings r on r.scorecard_id = c.id
          where r.is_current and r.rating is not null and r.evidence is not null and r.criterion_id = any(c.assigned_criterion_ids)
          group by c.id
        )
        select c.author_id, count(*) as scorecards,
          sum(cardinality(c.assigned_criterion_ids)) as assigned,
          coalesce(sum(a.n), 0) as assessed,
          percentile_cont(0.5) within group (order by extract(epoch from (c.submitted_at - c.ends_at)) / 3600) as median_hours,
          count(*) filter (where c.submitted_at > c.ends_at + make_interval(secs => ${lateHours * 3600})) as late
        from cards c left join assessed a on a.id = c.id
        group by c.author_id order by c.author_id`,
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
