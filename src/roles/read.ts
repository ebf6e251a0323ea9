// Read-only views of a role's design for other features (applications, scorecards, synthesis,
// candidate transparency). The roles feature owns the writes.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { concurrently, type Queryable } from '../db/client.js';
import { criteria, criterionMetrics, roles, stepAssignments, stepInterviewers, steps, successMetrics } from '../db/schema.js';

export type RoleRow = typeof roles.$inferSelect;
export type StepRow = typeof steps.$inferSelect;
export type CriterionRow = typeof criteria.$inferSelect;
export type SuccessMetricRow = typeof successMetrics.$inferSelect;

export async function findRole(db: Queryable, orgId: string, roleId: string): Promise<RoleRow | undefined> {
  const [row] = await db.select().from(roles).where(and(eq(roles.orgId, orgId), eq(roles.id, roleId)));
  return row;
}

export async function findStep(db: Queryable, orgId: string, roleId: string, stepId: string): Promise<StepRow | undefined> {
  const [row] = await db
    .select()
    .from(steps)
    .where(and(eq(steps.orgId, orgId), eq(steps.roleId, roleId), eq(steps.id, stepId)));
  return row;
}

export async function listSteps(db: Queryable, orgId: string, roleId: string): Promise<StepRow[]> {
  return db
    .select()
    .from(steps)
    .where(and(eq(steps.orgId, orgId), eq(steps.roleId, roleId)))
    .orderBy(asc(steps.position), asc(steps.id));
}

export async function listCriteria(db: Queryable, orgId: string, roleId: string): Promise<CriterionRow[]> {
  return db
    .select()
    .from(criteria)
    .where(and(eq(criteria.orgId, orgId), eq(criteria.roleId, roleId)))
    .orderBy(asc(criteria.id));
}

export async function findCriteriaByIds(db: Queryable, orgId: string, ids: string[]): Promise<CriterionRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(criteria)
    .where(and(eq(criteria.orgId, orgId), inArray(criteria.id, ids)));
}

/** Criterion ids assigned to each of `interviewerIds` on a step (empty list when none). */
export async function assignedCriteria(db: Queryable, orgId: string, stepId: string, interviewerIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map(interviewerIds.map((id) => [id, [] as string[]]));
  if (interviewerIds.length === 0) return result;
  const rows = await db
    .select({ interviewerId: stepAssignments.interviewerId, criterionId: stepAssignments.criterionId })
    .from(stepAssignments)
    .where(and(eq(stepAssignments.orgId, orgId), eq(stepAssignments.stepId, stepId), inArray(stepAssignments.interviewerId, interviewerIds)));
  for (const row of rows) result.get(row.interviewerId)?.push(row.criterionId);
  return result;
}

/** The interviewers planned on each step of a role, with their assigned criteria. */
export async function planAssignments(db: Queryable, orgId: string, roleId: string) {
  const [people, assignments] = await concurrently(db, [
    () => db
      .select({ stepId: stepInterviewers.stepId, interviewerId: stepInterviewers.interviewerId })
      .from(stepInterviewers)
      .innerJoin(steps, eq(steps.id, stepInterviewers.stepId))
      .where(and(eq(stepInterviewers.orgId, orgId), eq(steps.roleId, roleId))),
    () => db
      .select({ stepId: stepAssignments.stepId, interviewerId: stepAssignments.interviewerId, criterionId: stepAssignments.criterionId })
      .from(stepAssignments)
      .innerJoin(steps, eq(steps.id, stepAssignments.stepId))
      .where(and(eq(stepAssignments.orgId, orgId), eq(steps.roleId, roleId))),
  ]);
  const byStep = new Map<string, Map<string, string[]>>();
  const slot = (stepId: string, interviewerId: string) => {
    const step = byStep.get(stepId) ?? new Map<string, string[]>();
    byStep.set(stepId, step);
    const list = step.get(interviewerId) ?? [];
    step.set(interviewerId, list);
    return list;
  };
  for (const p of people) slot(p.stepId, p.interviewerId);
  for (const a of assignments) slot(a.stepId, a.interviewerId).push(a.criterionId);
  return byStep;
}

export async function listSuccessMetrics(db: Queryable, orgId: string, roleId: string): Promise<SuccessMetricRow[]> {
  return db
    .select()
    .from(successMetrics)
    .where(and(eq(successMetrics.orgId, orgId), eq(successMetrics.roleId, roleId)))
    .orderBy(asc(successMetrics.id));
}

/** criterionId → ids of the success metrics it is tied to. */
export async function criterionMetricLinks(db: Queryable, orgId: string, roleId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ criterionId: criterionMetrics.criterionId, metricId: criterionMetrics.metricId })
    .from(criterionMetrics)
    .innerJoin(criteria, eq(criteria.id, criterionMetrics.criterionId))
    .where(and(eq(criterionMetrics.orgId, orgId), eq(criteria.roleId, roleId)));
  const links = new Map<string, string[]>();
  for (const r of rows) links.set(r.criterionId, [...(links.get(r.criterionId) ?? []), r.metricId]);
  return links;
}
