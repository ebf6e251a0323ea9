// The funnel report: per step entered, passed, rejected, withdrawn, pass-through and time in
// step; per role time to decision, interviews per hire, scorecard completion and timeliness,
// and flag counts. All aggregation happens in SQL.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { cohortCondition, visitsSql, type FunnelFilter } from './visits.js';

type Row = Record<string, unknown>;

/** Runs positional-parameter SQL on either driver (PGlite goes through drizzle, still bound). */
export async function runRawQuery(database: Database, text: string, values: unknown[]): Promise<Row[]> {
  if (database.pool) return (await database.pool.query(text, values)).rows;
  const parts = text.split(/\$(\d+)/);
  const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.param(values[Number(part) - 1])));
  return ((await database.db.execute(sql.join(chunks, sql.raw('')))) as unknown as { rows: Row[] }).rows;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function funnelReport(database: Database, filter: FunnelFilter, lateHours: number) {
  const visits = visitsSql(filter);
  const stepRows = await runRawQuery(
    database,
    `with visits as (${visits.text})
     select v.role_id, r.title as role_title, v.step_id, st.name as step_name, st.position,
       count(distinct v.application_id) as entered,
       count(distinct v.application_id) filter (where v.outcome in ('passed', 'hired')) as passed,
       count(distinct v.application_id) filter (where v.outcome = 'rejected') as rejected,
       count(distinct v.application_id) filter (where v.outcome = 'withdrawn') as withdrawn,
       count(distinct v.application_id) filter (where v.outcome = 'moved_back') as moved_back,
       count(distinct v.application_id) filter (where v.outcome = 'in_progress') as in_progress,
       percentile_cont(0.5) within group (order by extract(epoch from v.left_at - v.entered_at) / 3600) filter (where v.left_at is not null) as median_hours,
       percentile_cont(0.9) within group (order by extract(epoch from v.left_at - v.entered_at) / 3600) filter (where v.left_at is not null) as p90_hours
     from visits v join steps st on st.id = v.step_id join roles r on r.id = v.role_id
     group by v.role_id, r.title, v.step_id, st.name, st.position
     order by r.title, v.role_id, st.position`,
    visits.values,
  );

  // Role-level figures over the same cohort.
  const cohortValues: unknown[] = [filter.orgId];
  const cohort = cohortCondition(filter, cohortValues);
  cohortValues.push(lateHours * 3600);
  const late = `$${cohortValues.length}`;
  const roleRows = await runRawQuery(
    database,
    `with cohort as (select a.id, a.role_id, a.status from applications a where ${cohort}),
     first_decisions as (
       select distinct on (d.application_id) d.application_id, d.latency_seconds from decisions d join cohort c on c.id = d.application_id
       order by d.application_id, d.decided_at
     ),
     slots as (
       select c.role_id, i.id as interview_id, ii.interviewer_id, i.ends_at, s.submitted_at
       from cohort c join interviews i on i.application_id = c.id
       join interview_interviewers ii on ii.interview_id = i.id
       left join scorecards s on s.interview_id = i.id and s.author_id = ii.interviewer_id and s.status = 'submitted'
       where i.ends_at <= now()
     )
     select r.id as role_id, r.title as role_title,
       (select count(*) from cohort c where c.role_id = r.id) as applications,
       (select count(*) from cohort c where c.role_id = r.id and c.status = 'hired') as hires,
       (select percentile_cont(0.5) within group (order by fd.latency_seconds / 3600.0) from first_decisions fd join cohort c on c.id = fd.application_id where c.role_id = r.id and fd.latency_seconds is not null) as median_decision_hours,
       (select count(*) from interviews i join cohort c on c.id = i.application_id where c.role_id = r.id and c.status = 'hired') as interviews_of_hires,
       (select count(*) from slots where slots.role_id = r.id) as scorecards_due,
       (select count(submitted_at) from slots where slots.role_id = r.id) as scorecards_submitted,
       (select percentile_cont(0.5) within group (order by extract(epoch from submitted_at - ends_at) / 3600) from slots where slots.role_id = r.id and submitted_at is not null) as median_lateness_hours,
       (select count(*) from slots where slots.role_id = r.id and submitted_at > ends_at + make_interval(secs => ${late}::float8)) as late_scorecards,
       (select coalesce(jsonb_object_agg(code, n), '{}'::jsonb) from (
          select k.key as code, sum(k.value::int) as n from application_flags f join cohort c on c.id = f.application_id,
          jsonb_each_text(f.counts) k where c.role_id = r.id group by k.key) x) as flags
     from roles r where r.id in (select distinct role_id from cohort)
     order by r.title, r.id`,
    cohortValues,
  );

  return {
    roles: roleRows.map((r) => {
      const hires = Number(r.hires);
      const due = Number(r.scorecards_due);
      return {
        roleId: String(r.role_id),
        roleTitle: String(r.role_title),
        applications: Number(r.applications),
        hires,
        medianTimeToDecisionHours: num(r.median_decision_hours),
        interviewsPerHire: hires ? Number(r.interviews_of_hires) / hires : null,
        scorecardCompletionRate: due ? Number(r.scorecards_submitted) / due : null,
        medianScorecardLatenessHours: num(r.median_lateness_hours),
        lateScorecards: Number(r.late_scorecards),
        flagCounts: Object.fromEntries(Object.entries((r.flags ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Number(v)])),
        steps: stepRows
          .filter((s) => s.role_id === r.role_id)
          .map((s) => {
            const entered = Number(s.entered);
            return {
              stepId: String(s.step_id),
              stepName: String(s.step_name),
              position: Number(s.position),
              entered,
              passed: Number(s.passed),
              rejected: Number(s.rejected),
              withdrawn: Number(s.withdrawn),
              movedBack: Number(s.moved_back),
              inProgress: Number(s.in_progress),
              passThroughRate: entered ? Number(s.passed) / entered : null,
              medianHoursInStep: num(s.median_hours),
              p90HoursInStep: num(s.p90_hours),
            };
          }),
      };
    }),
  };
}

