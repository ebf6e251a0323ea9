// Changes to a role's design (metrics, criteria, steps, assignments) as use cases: the API routes
// and the role page both run these, so every rule about a design change lives here once.
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Tx } from '../db/client.js';
import { onUniqueViolation } from '../db/errors.js';
import { criteria, criterionMetrics, steps, successMetrics } from '../db/schema.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import type { Deps } from '../http/types.js';
import type { StaffContext } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { requireUsers, writableRole } from './access.js';
import {
  criterionHasSubmittedRatings,
  criterionIsRated,
  findCriterion,
  findMetric,
  insertCriterion,
  insertMetric,
  insertStep,
  metricsOfRole,
  nextStepPosition,
  replaceAssignments,
  setCriterionMetrics,
  stepHasInterviews,
  toCriterion,
  toMetric,
  toStep,
} from './queries.js';
import { criterionMetricLinks, findStep, listCriteria, planAssignments, type RoleRow } from './read.js';
import type { assignmentsBody, criterionBody, metricBody, stepBody, updateCriterionBody, updateMetricBody, updateStepBody } from './schemas.js';

interface Change<T> {
  body: T;
  audit: { action: string; entity: string; entityId: string; before?: unknown; after?: unknown };
}
export type DesignWork<T> = (tx: Tx, role: RoleRow, staff: StaffContext) => Promise<Change<T>>;

/** Runs a change to a role's design in one transaction with its audit row. */
export async function changeDesign<T>(deps: Pick<Deps, 'db'>, request: Parameters<typeof runMutation>[1], status: number, roleId: string, work: DesignWork<T>) {
  const staff = request.staff;
  return runMutation(deps.db, request, status, async (tx) => {
    const role = await writableRole(tx, staff, roleId);
    const { body, audit } = await work(tx, role, staff);
    await recordAudit(tx, { orgId: staff.orgId, actorId: staff.userId, ...audit });
    return body;
  });
}

const duplicate = (what: string) => () => conflict(`This role already has a ${what} with that name.`);

function checkAnchorsAndBar(role: RoleRow, anchors: string[] | undefined, bar: number | undefined) {
  const levels = role.scaleLabels.length;
  const errors = [
    ...(anchors && anchors.length !== levels ? [{ path: 'body.anchors', message: `give exactly ${levels} anchors, one per level of the role’s scale` }] : []),
    ...(bar !== undefined && (bar < 1 || bar > levels) ? [{ path: 'body.bar', message: `the bar must be a level of the scale, 1 to ${levels}` }] : []),
  ];
  if (errors.length) throw unprocessable('The criterion does not fit the role’s rating scale.', { errors });
}

async function checkMetricIds(tx: Tx, roleId: string, metricIds: string[]) {
  const known = await metricsOfRole(tx, roleId, metricIds);
  const unknownIds = metricIds.filter((id) => !known.has(id));
  if (unknownIds.length) throw unprocessable('metricIds: not success metrics of this role.', { unknownIds });
}

export const addMetric = (input: z.infer<typeof metricBody>): DesignWork<ReturnType<typeof toMetric>> => async (tx, role, who) => {
  const metric = toMetric(await onUniqueViolation(insertMetric(tx, { orgId: who.orgId, roleId: role.id, ...input }), duplicate('success metric')));
  return { body: metric, audit: { action: 'success_metric.create', entity: 'success_metric', entityId: metric.id, after: metric } };
};

export const updateMetric = (metricId: string, input: z.infer<typeof updateMetricBody>): DesignWork<ReturnType<typeof toMetric>> => async (tx, role) => {
  const before = await findMetric(tx, role.id, metricId);
  if (!before) throw notFound('success metric');
  // An empty PATCH changes nothing (and SQL has no UPDATE without a column to set).
  const [row] = Object.keys(input).length ? await onUniqueViolation(tx.update(successMetrics).set(input).where(eq(successMetrics.id, before.id)).returning(), duplicate('success metric')) : [before];
  const after = toMetric(row!);
  return { body: after, audit: { action: 'success_metric.update', entity: 'success_metric', entityId: before.id, before: toMetric(before), after } };
};

export const deleteMetric = (metricId: string): DesignWork<null> => async (tx, role) => {
  const metric = await findMetric(tx, role.id, metricId);
  if (!metric) throw notFound('success metric');
  if (role.status === 'open') {
    const links = await criterionMetricLinks(tx, role.orgId, role.id);
    const orphaned = [...links].filter(([, ids]) => ids.length === 1 && ids[0] === metric.id).map(([id]) => id);
    if (orphaned.length) throw conflict('Removing this metric would leave criteria of an open role tied to no success metric.', { criterionIds: orphaned });
  }
  await tx.delete(successMetrics).where(eq(successMetrics.id, metric.id));
  return { body: null, audit: { action: 'success_metric.delete', entity: 'success_metric', entityId: metric.id, before: toMetric(metric) } };
};

export const addCriterion = (input: z.infer<typeof criterionBody>): DesignWork<ReturnType<typeof toCriterion>> => async (tx, role, who) => {
  const { metricIds, bar, ...fields } = input;
  const levels = role.scaleLabels.length;
  const effectiveBar = bar ?? Math.min(3, levels);
  checkAnchorsAndBar(role, fields.anchors, effectiveBar);
  await checkMetricIds(tx, role.id, metricIds);
  const row = await onUniqueViolation(insertCriterion(tx, { orgId: who.orgId, roleId: role.id, ...fields, bar: effectiveBar }, metricIds), duplicate('criterion'));
  const criterion = toCriterion(row, role.scaleLabels, [...new Set(metricIds)]);
  return { body: criterion, audit: { action: 'criterion.create', entity: 'criterion', entityId: row.id, after: criterion } };
};

export const updateCriterion = (criterionId: string, input: z.infer<typeof updateCriterionBody>): DesignWork<ReturnType<typeof toCriterion>> => async (tx, role) => {
  const before = await findCriterion(tx, role.id, criterionId);
  if (!before) throw notFound('criterion');
  const { metricIds, ...fields } = input;
  checkAnchorsAndBar(role, fields.anchors, fields.bar);
  const reinterprets = (fields.anchors && fields.anchors.join('\u0000') !== before.anchors.join('\u0000')) || (fields.bar !== undefined && fields.bar !== before.bar) || (fields.mustHave !== undefined && fields.mustHave !== before.mustHave);
  if (reinterprets && (await criterionHasSubmittedRatings(tx, before.id))) {
    throw conflict('Submitted scorecards rate this criterion: its anchors, bar and must-have flag can no longer change. Add a new criterion instead.');
  }
  if (metricIds) {
    await checkMetricIds(tx, role.id, metricIds);
    await setCriterionMetrics(tx, role.orgId, before.id, metricIds);
  }
  const [row] = Object.keys(fields).length ? await onUniqueViolation(tx.update(criteria).set(fields).where(eq(criteria.id, before.id)).returning(), duplicate('criterion')) : [before];
  const links = await tx.select({ metricId: criterionMetrics.metricId }).from(criterionMetrics).where(eq(criterionMetrics.criterionId, before.id));
  const after = toCriterion(row!, role.scaleLabels, links.map((l) => l.metricId));
  return { body: after, audit: { action: 'criterion.update', entity: 'criterion', entityId: before.id, before: toCriterion(before, role.scaleLabels, []), after } };
};

export const deleteCriterion = (criterionId: string): DesignWork<null> => async (tx, role) => {
  const criterion = await findCriterion(tx, role.id, criterionId);
  if (!criterion) throw notFound('criterion');
  if (await criterionIsRated(tx, criterion.id)) throw conflict('Scorecards rate this criterion; removing it would orphan their evidence.');
  await tx.delete(criteria).where(eq(criteria.id, criterion.id));
  return { body: null, audit: { action: 'criterion.delete', entity: 'criterion', entityId: criterion.id, before: toCriterion(criterion, role.scaleLabels, []) } };
};

export const addStep = (input: z.infer<typeof stepBody>): DesignWork<ReturnType<typeof toStep>> => async (tx, role, who) => {
  const position = input.position ?? (await nextStepPosition(tx, role.id));
  const row = await onUniqueViolation(insertStep(tx, { orgId: who.orgId, roleId: role.id, ...input, position, addedAfterOpenAt: role.status === 'open' ? new Date() : null }), duplicate('step'));
  const step = toStep(row, undefined);
  return { body: step, audit: { action: 'step.create', entity: 'step', entityId: row.id, after: step } };
};

export const updateStep = (stepId: string, input: z.infer<typeof updateStepBody>): DesignWork<ReturnType<typeof toStep>> => async (tx, role) => {
  const before = await findStep(tx, role.orgId, role.id, stepId);
  if (!before) throw notFound('step');
  const [row] = Object.keys(input).length ? await onUniqueViolation(tx.update(steps).set(input).where(eq(steps.id, before.id)).returning(), duplicate('step')) : [before];
  const plan = await planAssignments(tx, role.orgId, role.id);
  const after = toStep(row!, plan.get(before.id));
  return { body: after, audit: { action: 'step.update', entity: 'step', entityId: before.id, before: toStep(before, plan.get(before.id)), after } };
};

export const deleteStep = (stepId: string): DesignWork<null> => async (tx, role) => {
  const step = await findStep(tx, role.orgId, role.id, stepId);
  if (!step) throw notFound('step');
  if (await stepHasInterviews(tx, step.id)) throw conflict('Interviews were held on this step; it stays in the plan for the record.');
  await tx.delete(steps).where(eq(steps.id, step.id));
  return { body: null, audit: { action: 'step.delete', entity: 'step', entityId: step.id, before: toStep(step, undefined) } };
};

export const setAssignments = (stepId: string, assignments: z.infer<typeof assignmentsBody>): DesignWork<ReturnType<typeof toStep>> => async (tx, role, who) => {
  const step = await findStep(tx, role.orgId, role.id, stepId);
  if (!step) throw notFound('step');
  const interviewerIds = assignments.map((a) => a.interviewerId);
  if (new Set(interviewerIds).size !== interviewerIds.length) throw unprocessable('Each interviewer appears once per step.');
  await requireUsers(tx, who.orgId, interviewerIds, 'interviewerId');
  const roleCriteria = new Set((await listCriteria(tx, role.orgId, role.id)).map((c) => c.id));
  const unknownCriterionIds = [...new Set(assignments.flatMap((a) => a.criterionIds))].filter((id) => !roleCriteria.has(id));
  if (unknownCriterionIds.length) throw unprocessable('criterionIds: not criteria of this role.', { unknownIds: unknownCriterionIds });
  const before = toStep(step, (await planAssignments(tx, role.orgId, role.id)).get(step.id));
  await replaceAssignments(tx, who.orgId, step.id, assignments);
  const after = toStep(step, (await planAssignments(tx, role.orgId, role.id)).get(step.id));
  return { body: after, audit: { action: 'step.assign', entity: 'step', entityId: step.id, before: before.assignments, after: after.assignments } };
};
