// Counting for the adverse-impact report, in SQL: per question, per stage, per category, how
// many applications entered and how many passed. Stage visits come from the funnel's own
// definition (visits.ts), so "entered" and "passed" mean exactly what they mean in the funnel.
import { cohortCondition, visitsSql, type FunnelFilter } from '../analytics/visits.js';
import { runRawQuery } from '../analytics/funnel.js';
import type { Database } from '../db/client.js';
import { listSteps } from '../roles/read.js';
import { questionReport, WHOLE_PROCESS, type ReportStage, type StageCounts } from './report.js';
import type { StoredQuestion } from './question-set.js';

/** Counts keyed by question, then stage (step id, or null for the whole process), then category (null: not answered). */
type Counts = Map<string, Map<string | null, StageCounts>>;

async function countByCategory(database: Database, filter: FunnelFilter & { roleId: string }): Promise<Counts> {
  const visits = visitsSql(filter);
  const values = [...visits.values];
  const cohort = cohortCondition(filter, values);
  const rows = await runRawQuery(
    database,
    `with visits as (${visits.text}),
     cohort as (select a.id, a.candidate_id, a.status from applications a where ${cohort}),
     stages as (
       -- A step is passed when any visit to it ended by moving on or by a hire (as in the funnel).
       select v.application_id, v.step_id, bool_or(v.outcome in ('passed', 'hired')) as passed
       from visits v group by v.application_id, v.step_id
       union all
       select c.id, null, c.status = 'hired' from cohort c
     )
     select q.id as question_id, s.step_id, ans.category_id,
       count(*) as entered, count(*) filter (where s.passed) as passed
     from stages s
     join cohort c on c.id = s.application_id
     join fairness_questions q on q.org_id = $1
     left join fairness_answers ans on ans.question_id = q.id and ans.candidate_id = c.candidate_id
     group by q.id, s.step_id, ans.category_id`,
    values,
  );
  const counts: Counts = new Map();
  for (const row of rows) {
    const questionId = String(row.question_id);
    const stepId = row.step_id === null ? null : String(row.step_id);
    const categoryId = row.category_id === null ? null : String(row.category_id);
    const byStage = counts.get(questionId) ?? new Map<string | null, StageCounts>();
    counts.set(questionId, byStage);
    const byCategory = byStage.get(stepId) ?? new Map();
    byStage.set(stepId, byCategory);
    byCategory.set(categoryId, { entered: Number(row.entered), passed: Number(row.passed) });
  }
  return counts;
}

/** The report for one role: every step of its plan in order, then the whole process. */
export async function adverseImpactReport(database: Database, questions: StoredQuestion[], filter: FunnelFilter & { roleId: string }) {
  const steps = await listSteps(database.db, filter.orgId, filter.roleId);
  const stages: ReportStage[] = [...steps.map((s) => ({ stepId: s.id, name: s.name })), { stepId: null, name: WHOLE_PROCESS }];
  const counts = await countByCategory(database, filter);
  return {
    roleId: filter.roleId,
    questions: questions.map((q) => questionReport(q, stages, counts.get(q.id) ?? new Map())),
  };
}
