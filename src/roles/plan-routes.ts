// The role's design: success metrics, criteria with anchored scales, and the interview plan.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Tx } from '../db/client.js';
import { onUniqueViolation } from '../db/errors.js';
import { criteria, criterionMetrics, steps, successMetrics } from '../db/schema.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity, type StaffContext } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { readableRole, requireUsers, writableRole } from './access.js';
import {
  criterionHasSubmittedRatings,
  criterionIsRated,
  findCriterion,
  findMetric,
  insertCriterion,
  insertMetric,
  insertStep,
  loadRoleDesign,
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
import {
  assignmentsBody,
  criterionBody,
  criterionSchema,
  metricBody,
  metricSchema,
  stepBody,
  stepSchema,
  updateCriterionBody,
  updateMetricBody,
  updateStepBody,
} from './schemas.js';

const roleParams = z.object({ roleId: z.uuid() });
const duplicate = (what: string) => () => conflict(`This role already has a ${what} with that name.`);

/** Runs a change to a role's design in one transaction with its audit row. */
async function changeDesign<T>(deps: Deps, request: Parameters<typeof runMutation>[1], status: number, roleId: string, work: (tx: Tx, role: RoleRow, staff: StaffContext) => Promise<{ body: T; audit: { action: string; entity: string; entityId: string; before?: unknown; after?: unknown } }>) {
  const staff = request.staff;
  return runMutation(deps.db, request, status, async (tx) => {
    const role = await writableRole(tx, staff, roleId);
    const { body, audit } = await work(tx, role, staff);
    await recordAudit(tx, { orgId: staff.orgId, actorId: staff.userId, ...audit });
    return body;
  });
}

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

export async function planRoutes(app: App, deps: Deps) {
  const { db } = deps;
  const recruiter = staffOnly(app, 'recruiter');
  const staff = staffOnly(app);
  const tag = { security: staffSecurity };

  // ---- success metrics -------------------------------------------------------------------
  app.post(
    '/roles/:roleId/success-metrics',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Add a success metric', ...tag, params: roleParams, body: metricBody, response: { 201: metricSchema, ...errorResponses } } },
    async (request, reply) => {
      const result = await changeDesign(deps, request, 201, request.params.roleId, async (tx, role, who) => {
        const metric = toMetric(await onUniqueViolation(insertMetric(tx, { orgId: who.orgId, roleId: role.id, ...request.body }), duplicate('success metric')));
        return { body: metric, audit: { action: 'success_metric.create', entity: 'success_metric', entityId: metric.id, after: metric } };
      });
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/roles/:roleId/success-metrics',
    { preHandler: staff, schema: { tags: ['roles'], summary: 'The role’s success metrics', ...tag, params: roleParams, response: { 200: z.object({ items: z.array(metricSchema) }), ...errorResponses } } },
    async (request) => ({ items: (await loadRoleDesign(db, await readableRole(db, request.staff, request.params.roleId))).successMetrics }),
  );

  const metricParams = z.object({ roleId: z.uuid(), metricId: z.uuid() });
  app.patch(
    '/roles/:roleId/success-metrics/:metricId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Change a success metric', ...tag, params: metricParams, body: updateMetricBody, response: { 200: metricSchema, ...errorResponses } } },
    async (request) =>
      (
        await changeDesign(deps, request, 200, request.params.roleId, async (tx, role) => {
          const before = await findMetric(tx, role.id, request.params.metricId);
          if (!before) throw notFound('success metric');
          const [row] = await onUniqueViolation(tx.update(successMetrics).set(request.body).where(eq(successMetrics.id, before.id)).returning(), duplicate('success metric'));
          const after = toMetric(row!);
          return { body: after, audit: { action: 'success_metric.update', entity: 'success_metric', entityId: before.id, before: toMetric(before), after } };
        })
      ).body,
  );

  app.delete(
    '/roles/:roleId/success-metrics/:metricId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Remove a success metric', ...tag, params: metricParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await changeDesign(deps, request, 204, request.params.roleId, async (tx, role) => {
        const metric = await findMetric(tx, role.id, request.params.metricId);
        if (!metric) throw notFound('success metric');
        if (role.status === 'open') {
          const links = await criterionMetricLinks(tx, role.orgId, role.id);
          const orphaned = [...links].filter(([, ids]) => ids.length === 1 && ids[0] === metric.id).map(([id]) => id);
          if (orphaned.length) throw conflict('Removing this metric would leave criteria of an open role tied to no success metric.', { criterionIds: orphaned });
        }
        await tx.delete(successMetrics).where(eq(successMetrics.id, metric.id));
        return { body: null, audit: { action: 'success_metric.delete', entity: 'success_metric', entityId: metric.id, before: toMetric(metric) } };
      });
      return reply.code(204).send(null);
    },
  );

  // ---- criteria ----------------------------------------------------------------------------
  app.post(
    '/roles/:roleId/criteria',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Add a criterion with its anchored scale (allowed on open roles too)', ...tag, params: roleParams, body: criterionBody, response: { 201: criterionSchema, ...errorResponses } } },
    async (request, reply) => {
      const result = await changeDesign(deps, request, 201, request.params.roleId, async (tx, role, who) => {
        const { metricIds, bar, ...fields } = request.body;
        const levels = role.scaleLabels.length;
        const effectiveBar = bar ?? Math.min(3, levels);
        checkAnchorsAndBar(role, fields.anchors, effectiveBar);
        await checkMetricIds(tx, role.id, metricIds);
        const row = await onUniqueViolation(insertCriterion(tx, { orgId: who.orgId, roleId: role.id, ...fields, bar: effectiveBar }, metricIds), duplicate('criterion'));
        const criterion = toCriterion(row, role.scaleLabels, [...new Set(metricIds)]);
        return { body: criterion, audit: { action: 'criterion.create', entity: 'criterion', entityId: row.id, after: criterion } };
      });
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/roles/:roleId/criteria',
    { preHandler: staff, schema: { tags: ['roles'], summary: 'The role’s criteria with anchors', ...tag, params: roleParams, response: { 200: z.object({ items: z.array(criterionSchema) }), ...errorResponses } } },
    async (request) => ({ items: (await loadRoleDesign(db, await readableRole(db, request.staff, request.params.roleId))).criteria }),
  );

  const criterionParams = z.object({ roleId: z.uuid(), criterionId: z.uuid() });
  app.patch(
    '/roles/:roleId/criteria/:criterionId',
    {
      preHandler: recruiter,
      schema: {
        tags: ['roles'],
        summary: 'Change a criterion',
        description: 'Once submitted scorecards rate it, its anchors, bar and must-have flag are frozen (409): changing them would reinterpret evidence already given.',
        ...tag,
        params: criterionParams,
        body: updateCriterionBody,
        response: { 200: criterionSchema, ...errorResponses },
      },
    },
    async (request) =>
      (
        await changeDesign(deps, request, 200, request.params.roleId, async (tx, role) => {
          const before = await findCriterion(tx, role.id, request.params.criterionId);
          if (!before) throw notFound('criterion');
          const { metricIds, ...fields } = request.body;
          checkAnchorsAndBar(role, fields.anchors, fields.bar);
          const reinterprets = (fields.anchors && fields.anchors.join('\u0000') !== before.anchors.join('\u0000')) || (fields.bar !== undefined && fields.bar !== before.bar) || (fields.mustHave !== undefined && fields.mustHave !== before.mustHave);
          if (reinterprets && (await criterionHasSubmittedRatings(tx, before.id))) {
            throw conflict('Submitted scorecards rate this criterion: its anchors, bar and must-have flag can no longer change. Add a new criterion instead.');
          }
          if (metricIds) {
            await checkMetricIds(tx, role.id, metricIds);
            await setCriterionMetrics(tx, role.orgId, before.id, metricIds);
          }
          const [row] = Object.keys(fields).length
            ? await onUniqueViolation(tx.update(criteria).set(fields).where(eq(criteria.id, before.id)).returning(), duplicate('criterion'))
            : [before];
          const links = await tx.select({ metricId: criterionMetrics.metricId }).from(criterionMetrics).where(eq(criterionMetrics.criterionId, before.id));
          const after = toCriterion(row!, role.scaleLabels, links.map((l) => l.metricId));
          return { body: after, audit: { action: 'criterion.update', entity: 'criterion', entityId: before.id, before: toCriterion(before, role.scaleLabels, []), after } };
        })
      ).body,
  );

  app.delete(
    '/roles/:roleId/criteria/:criterionId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Remove a criterion nobody has rated', ...tag, params: criterionParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await changeDesign(deps, request, 204, request.params.roleId, async (tx, role) => {
        const criterion = await findCriterion(tx, role.id, request.params.criterionId);
        if (!criterion) throw notFound('criterion');
        if (await criterionIsRated(tx, criterion.id)) throw conflict('Scorecards rate this criterion; removing it would orphan their evidence.');
        await tx.delete(criteria).where(eq(criteria.id, criterion.id));
        return { body: null, audit: { action: 'criterion.delete', entity: 'criterion', entityId: criterion.id, before: toCriterion(criterion, role.scaleLabels, []) } };
      });
      return reply.code(204).send(null);
    },
  );

  // ---- steps and assignments ---------------------------------------------------------------
  app.post(
    '/roles/:roleId/steps',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Add a plan step (on an open role it is recorded as added after opening)', ...tag, params: roleParams, body: stepBody, response: { 201: stepSchema, ...errorResponses } } },
    async (request, reply) => {
      const result = await changeDesign(deps, request, 201, request.params.roleId, async (tx, role, who) => {
        const position = request.body.position ?? (await nextStepPosition(tx, role.id));
        const row = await onUniqueViolation(
          insertStep(tx, { orgId: who.orgId, roleId: role.id, ...request.body, position, addedAfterOpenAt: role.status === 'open' ? new Date() : null }),
          duplicate('step'),
        );
        const step = toStep(row, undefined);
        return { body: step, audit: { action: 'step.create', entity: 'step', entityId: row.id, after: step } };
      });
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/roles/:roleId/steps',
    { preHandler: staff, schema: { tags: ['roles'], summary: 'The interview plan, in order', ...tag, params: roleParams, response: { 200: z.object({ items: z.array(stepSchema) }), ...errorResponses } } },
    async (request) => ({ items: (await loadRoleDesign(db, await readableRole(db, request.staff, request.params.roleId))).steps }),
  );

  const stepParams = z.object({ roleId: z.uuid(), stepId: z.uuid() });
  app.patch(
    '/roles/:roleId/steps/:stepId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Change a step', ...tag, params: stepParams, body: updateStepBody, response: { 200: stepSchema, ...errorResponses } } },
    async (request) =>
      (
        await changeDesign(deps, request, 200, request.params.roleId, async (tx, role) => {
          const before = await findStep(tx, role.orgId, role.id, request.params.stepId);
          if (!before) throw notFound('step');
          const [row] = await onUniqueViolation(tx.update(steps).set(request.body).where(eq(steps.id, before.id)).returning(), duplicate('step'));
          const plan = await planAssignments(tx, role.orgId, role.id);
          const after = toStep(row!, plan.get(before.id));
          return { body: after, audit: { action: 'step.update', entity: 'step', entityId: before.id, before: toStep(before, plan.get(before.id)), after } };
        })
      ).body,
  );

  app.delete(
    '/roles/:roleId/steps/:stepId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Remove a step no interview has used', ...tag, params: stepParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await changeDesign(deps, request, 204, request.params.roleId, async (tx, role) => {
        const step = await findStep(tx, role.orgId, role.id, request.params.stepId);
        if (!step) throw notFound('step');
        if (await stepHasInterviews(tx, step.id)) throw conflict('Interviews were held on this step; it stays in the plan for the record.');
        await tx.delete(steps).where(eq(steps.id, step.id));
        return { body: null, audit: { action: 'step.delete', entity: 'step', entityId: step.id, before: toStep(step, undefined) } };
      });
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/roles/:roleId/steps/:stepId/assignments',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Set who interviews in a step and which criteria each assesses', ...tag, params: stepParams, body: assignmentsBody, response: { 200: stepSchema, ...errorResponses } } },
    async (request) =>
      (
        await changeDesign(deps, request, 200, request.params.roleId, async (tx, role, who) => {
          const step = await findStep(tx, role.orgId, role.id, request.params.stepId);
          if (!step) throw notFound('step');
          const assignments = request.body;
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
        })
      ).body,
  );
}
