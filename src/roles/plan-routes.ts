// The role's design: success metrics, criteria with anchored scales, and the interview plan.
// The rules of each change are the use cases in design.ts, shared with the role page.
import { z } from 'zod';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { readableRole } from './access.js';
import { addCriterion, addMetric, addStep, changeDesign, deleteCriterion, deleteMetric, deleteStep, setAssignments, updateCriterion, updateMetric, updateStep } from './design.js';
import { loadRoleDesign } from './queries.js';
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
      const result = await changeDesign(deps, request, 201, request.params.roleId, addMetric(request.body));
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
        await changeDesign(deps, request, 200, request.params.roleId, updateMetric(request.params.metricId, request.body))
      ).body,
  );

  app.delete(
    '/roles/:roleId/success-metrics/:metricId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Remove a success metric', ...tag, params: metricParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await changeDesign(deps, request, 204, request.params.roleId, deleteMetric(request.params.metricId));
      return reply.code(204).send(null);
    },
  );

  // ---- criteria ----------------------------------------------------------------------------
  app.post(
    '/roles/:roleId/criteria',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Add a criterion with its anchored scale (allowed on open roles too)', ...tag, params: roleParams, body: criterionBody, response: { 201: criterionSchema, ...errorResponses } } },
    async (request, reply) => {
      const result = await changeDesign(deps, request, 201, request.params.roleId, addCriterion(request.body));
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
        await changeDesign(deps, request, 200, request.params.roleId, updateCriterion(request.params.criterionId, request.body))
      ).body,
  );

  app.delete(
    '/roles/:roleId/criteria/:criterionId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Remove a criterion nobody has rated', ...tag, params: criterionParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await changeDesign(deps, request, 204, request.params.roleId, deleteCriterion(request.params.criterionId));
      return reply.code(204).send(null);
    },
  );

  // ---- steps and assignments ---------------------------------------------------------------
  app.post(
    '/roles/:roleId/steps',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Add a plan step (on an open role it is recorded as added after opening)', ...tag, params: roleParams, body: stepBody, response: { 201: stepSchema, ...errorResponses } } },
    async (request, reply) => {
      const result = await changeDesign(deps, request, 201, request.params.roleId, addStep(request.body));
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
        await changeDesign(deps, request, 200, request.params.roleId, updateStep(request.params.stepId, request.body))
      ).body,
  );

  app.delete(
    '/roles/:roleId/steps/:stepId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Remove a step no interview has used', ...tag, params: stepParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await changeDesign(deps, request, 204, request.params.roleId, deleteStep(request.params.stepId));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/roles/:roleId/steps/:stepId/assignments',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Set who interviews in a step and which criteria each assesses', ...tag, params: stepParams, body: assignmentsBody, response: { 200: stepSchema, ...errorResponses } } },
    async (request) =>
      (
        await changeDesign(deps, request, 200, request.params.roleId, setAssignments(request.params.stepId, request.body))
      ).body,
  );
}
