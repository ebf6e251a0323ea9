import { and, asc, eq, exists, gt, inArray, or, sql } from 'drizzle-orm';
import { concurrently, type Queryable } from '../db/client.js';
import { criteria, criterionMetrics, interviews, roles, scorecardRatings, scorecards, stepAssignments, stepInterviewers, steps, successMetrics } from '../db/schema.js';
import { toIso, toIsoOrNull } from '../http/schemas.js';
import { isFramed } from './readiness.js';
import { criterionMetricLinks, listCriteria, listSteps, listSuccessMetrics, planAssignments, type CriterionRow, type RoleRow, type StepRow, type SuccessMetricRow } from './read.js';

export async function insertRole(db: Queryable, values: typeof roles.$inferInsert) {
  const [row] = await db.insert(roles).values(values).returning();
  return row!;
}

export async function updateRole(db: Queryable, roleId: string, values: Partial<typeof roles.$inferInsert>) {
  const [row] = await db.update(roles).set({ ...values, updatedAt: new Date() }).where(eq(roles.id, roleId)).returning();
  return row!;
}

/** Roles visible to a caller; `visibleTo` limits to roles they own or interview for. */
export async function listRoles(db: Queryable, orgId: string, page: { limit: number; after?: string }, visibleTo?: string) {
  const interviewsFor = (userId: string) =>
    exists(db.select({ one: sql`1` }).from(stepInterviewers).innerJoin(steps, eq(steps.id, stepInterviewers.stepId)).where(and(eq(steps.roleId, roles.id), eq(stepInterviewers.interviewerId, userId))));
  return db
    .select()
    .from(roles)
    .where(
      and(
        eq(roles.orgId, orgId),
        page.after ? gt(roles.id, page.after) : undefined,
        visibleTo ? or(eq(roles.decisionOwnerId, visibleTo), interviewsFor(visibleTo)) : undefined,
      ),
    )
    .orderBy(asc(roles.id))
    .limit(page.limit + 1);
}

export async function isRoleInterviewer(db: Queryable, roleId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql`1` })
    .from(stepInterviewers)
    .innerJoin(steps, eq(steps.id, stepInterviewers.stepId))
    .where(and(eq(steps.roleId, roleId), eq(stepInterviewers.interviewerId, userId)))
    .limit(1);
  return rows.length > 0;
}

export const toRole = (r: RoleRow) => ({
  id: r.id,
  title: r.title,
  level: r.level,
  team: r.team,
  hiringStatement: r.hiringStatement,
  decisionOwnerId: r.decisionOwnerId,
  status: r.status,
  scale: r.scaleLabels.map((label, i) => ({ level: i + 1, label })),
  openedAt: toIsoOrNull(r.openedAt),
  closedAt: toIsoOrNull(r.closedAt),
  createdAt: toIso(r.createdAt),
  updatedAt: toIso(r.updatedAt),
});

export const toMetric = (m: SuccessMetricRow) => ({ id: m.id, roleId: m.roleId, name: m.name, description: m.description, measurement: m.measurement, target: m.target, horizonDays: m.horizonDays });

export const toCriterion = (c: CriterionRow, scaleLabels: string[], metricIds: string[]) => ({
  id: c.id,
  roleId: c.roleId,
  name: c.name,
  description: c.description,
  metricIds,
  anchors: c.anchors.map((text, i) => ({ level: i + 1, label: scaleLabels[i] ?? `level ${i + 1}`, text })),
  weight: c.weight,
  mustHave: c.mustHave,
  bar: c.bar,
});

export const toStep = (s: StepRow, plan: Map<string, string[]> | undefined) => {
  const assignments = [...(plan ?? new Map<string, string[]>())].map(([interviewerId, criterionIds]) => ({ interviewerId, criterionIds }));
  return {
    id: s.id,
    roleId: s.roleId,
    name: s.name,
    kind: s.kind,
    briefing: s.briefing,
    position: s.position,
    addedAfterOpenAt: toIsoOrNull(s.addedAfterOpenAt),
    framed: isFramed({ briefing: s.briefing, interviewers: assignments }),
    assignments,
  };
};

/** The whole design of a role: metrics, criteria with their links, steps with assignments. */
export async function loadRoleDesign(db: Queryable, role: RoleRow) {
  const [metrics, criteriaRows, links, stepRows, plan] = await concurrently(db, [
    () => listSuccessMetrics(db, role.orgId, role.id),
    () => listCriteria(db, role.orgId, role.id),
    () => criterionMetricLinks(db, role.orgId, role.id),
    () => listSteps(db, role.orgId, role.id),
    () => planAssignments(db, role.orgId, role.id),
  ]);
  return {
    successMetrics: metrics.map(toMetric),
    criteria: criteriaRows.map((c) => toCriterion(c, role.scaleLabels, links.get(c.id) ?? [])),
    steps: stepRows.map((s) => toStep(s, plan.get(s.id))),
  };
}

export async function insertMetric(db: Queryable, values: typeof successMetrics.$inferInsert) {
  const [row] = await db.insert(successMetrics).values(values).returning();
  return row!;
}

export async function findMetric(db: Queryable, roleId: string, metricId: string) {
  const [row] = await db.select().from(successMetrics).where(and(eq(successMetrics.roleId, roleId), eq(successMetrics.id, metricId)));
  return row;
}

export async function insertCriterion(db: Queryable, values: typeof criteria.$inferInsert, metricIds: string[]) {
  const [row] = await db.insert(criteria).values(values).returning();
  await setCriterionMetrics(db, row!.orgId, row!.id, metricIds);
  return row!;
}

export async function setCriterionMetrics(db: Queryable, orgId: string, criterionId: string, metricIds: string[]) {
  await db.delete(criterionMetrics).where(eq(criterionMetrics.criterionId, criterionId));
  if (metricIds.length) await db.insert(criterionMetrics).values([...new Set(metricIds)].map((metricId) => ({ orgId, criterionId, metricId })));
}

export async function findCriterion(db: Queryable, roleId: string, criterionId: string) {
  const [row] = await db.select().from(criteria).where(and(eq(criteria.roleId, roleId), eq(criteria.id, criterionId)));
  return row;
}

/** Whether submitted scorecards rate this criterion: then its meaning is frozen. */
export async function criterionHasSubmittedRatings(db: Queryable, criterionId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql`1` })
    .from(scorecardRatings)
    .innerJoin(scorecards, eq(scorecards.id, scorecardRatings.scorecardId))
    .where(and(eq(scorecardRatings.criterionId, criterionId), eq(scorecards.status, 'submitted')))
    .limit(1);
  return rows.length > 0;
}

export async function criterionIsRated(db: Queryable, criterionId: string): Promise<boolean> {
  const rows = await db.select({ one: sql`1` }).from(scorecardRatings).where(eq(scorecardRatings.criterionId, criterionId)).limit(1);
  return rows.length > 0;
}

export async function stepHasInterviews(db: Queryable, stepId: string): Promise<boolean> {
  const rows = await db.select({ one: sql`1` }).from(interviews).where(eq(interviews.stepId, stepId)).limit(1);
  return rows.length > 0;
}

export async function insertStep(db: Queryable, values: typeof steps.$inferInsert) {
  const [row] = await db.insert(steps).values(values).returning();
  return row!;
}

export async function nextStepPosition(db: Queryable, roleId: string): Promise<number> {
  const [row] = await db.select({ max: sql<number | null>`max(${steps.position})` }).from(steps).where(eq(steps.roleId, roleId));
  return (row?.max ?? 0) + 1;
}

export async function replaceAssignments(db: Queryable, orgId: string, stepId: string, assignments: { interviewerId: string; criterionIds: string[] }[]) {
  await db.delete(stepAssignments).where(eq(stepAssignments.stepId, stepId));
  await db.delete(stepInterviewers).where(eq(stepInterviewers.stepId, stepId));
  if (assignments.length === 0) return;
  await db.insert(stepInterviewers).values(assignments.map((a) => ({ orgId, stepId, interviewerId: a.interviewerId })));
  const rows = assignments.flatMap((a) => [...new Set(a.criterionIds)].map((criterionId) => ({ orgId, stepId, interviewerId: a.interviewerId, criterionId })));
  if (rows.length) await db.insert(stepAssignments).values(rows);
}

export async function metricsOfRole(db: Queryable, roleId: string, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db.select({ id: successMetrics.id }).from(successMetrics).where(and(eq(successMetrics.roleId, roleId), inArray(successMetrics.id, ids)));
  return new Set(rows.map((r) => r.id));
}
