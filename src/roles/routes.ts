import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { enqueueEvent } from '../notifications/outbox.js';
import { conflict, unprocessable } from '../errors.js';
import { loadTemplates, rubricSchema } from '../rubrics/templates.js';
import { createRoleFromRubric } from './from-rubric.js';
import { pageOf, pageQuery, toPage } from '../http/pagination.js';
import { errorResponses, text } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { readableRole, readsAllRoles, requireUsers, roleReadiness, writableRole } from './access.js';
import { insertRole, listRoles, loadRoleDesign, toRole, updateRole } from './queries.js';
import { listCriteria } from './read.js';
import { DEFAULT_SCALE, createRoleBody, readinessSchema, roleDetailSchema, roleSchema, updateRoleBody } from './schemas.js';

const roleParams = z.object({ roleId: z.uuid() });

const fromRubricBody = z
  .strictObject({
    template: z.string().regex(/^[a-z0-9-]+$/).optional().describe('A template in rubrics/, e.g. product-manager.'),
    rubric: rubricSchema.optional().describe('An inline rubric, in the template format.'),
    decisionOwnerId: z.uuid().optional(),
    interviewers: z.record(text({ max: 200 }), z.array(z.uuid()).max(20)).optional().describe('Step name → interviewer ids; each gets the criteria the rubric assigns to that step.'),
  })
  .refine((b) => !!b.template !== !!b.rubric, { message: 'give exactly one of template or rubric', path: ['template'] });

export async function roleRoutes(app: App, { db }: Deps) {
  const recruiter = staffOnly(app, 'recruiter');
  // Loaded and validated once: a broken template stops the service at start with its file and path.
  const templates = loadTemplates();

  app.post(
    '/roles/from-rubric',
    {
      preHandler: recruiter,
      schema: {
        tags: ['roles'],
        summary: 'Create a draft role from a rubric template or an inline rubric',
        description: `Templates: ${[...templates.keys()].join(', ')}.`,
        security: staffSecurity,
        body: fromRubricBody,
        response: { 201: roleDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = request.staff;
      const { template, rubric: inline, decisionOwnerId, interviewers } = request.body;
      const rubric = template ? templates.get(template) : inline;
      if (!rubric) throw unprocessable(`There is no rubric template "${template}".`, { templates: [...templates.keys()] });
      const result = await runMutation(db, request, 201, async (tx) => {
        const role = await createRoleFromRubric(tx, orgId, rubric, { decisionOwnerId, interviewers });
        const detail = { ...toRole(role), ...(await loadRoleDesign(tx, role)) };
        await recordAudit(tx, { orgId, actorId: userId, action: 'role.create_from_rubric', entity: 'role', entityId: role.id, after: { template: template ?? null, role: toRole(role) } });
        return detail;
      });
      return reply.code(result.status).send(result.body);
    },
  );

  app.post(
    '/roles',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Create a draft role', security: staffSecurity, body: createRoleBody, response: { 201: roleSchema, ...errorResponses } } },
    async (request, reply) => {
      const { orgId, userId } = request.staff;
      const { scale, ...fields } = request.body;
      const result = await runMutation(db, request, 201, async (tx) => {
        if (fields.decisionOwnerId) await requireUsers(tx, orgId, [fields.decisionOwnerId], 'decisionOwnerId');
        const role = toRole(await insertRole(tx, { orgId, ...fields, scaleLabels: scale ?? DEFAULT_SCALE }));
        await recordAudit(tx, { orgId, actorId: userId, action: 'role.create', entity: 'role', entityId: role.id, after: role });
        return role;
      });
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/roles',
    {
      preHandler: staffOnly(app),
      schema: { tags: ['roles'], summary: 'Roles (interviewers: those they interview for or own)', security: staffSecurity, querystring: pageQuery, response: { 200: pageOf(roleSchema), ...errorResponses } },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const staff = request.staff;
      const visibleTo = readsAllRoles(staff) ? undefined : staff.userId;
      const page = toPage(await listRoles(db, staff.orgId, { limit, after: cursor }, visibleTo), limit);
      return { items: page.items.map(toRole), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/roles/:roleId',
    { preHandler: staffOnly(app), schema: { tags: ['roles'], summary: 'A role with its success metrics, criteria and plan', security: staffSecurity, params: roleParams, response: { 200: roleDetailSchema, ...errorResponses } } },
    async (request) => {
      const role = await readableRole(db, request.staff, request.params.roleId);
      return { ...toRole(role), ...(await loadRoleDesign(db, role)) };
    },
  );

  app.patch(
    '/roles/:roleId',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Change a role', security: staffSecurity, params: roleParams, body: updateRoleBody, response: { 200: roleSchema, ...errorResponses } } },
    async (request) => {
      const { orgId, userId } = request.staff;
      const { scale, ...fields } = request.body;
      const result = await runMutation(db, request, 200, async (tx) => {
        const before = await writableRole(tx, request.staff, request.params.roleId);
        if (fields.decisionOwnerId) await requireUsers(tx, orgId, [fields.decisionOwnerId], 'decisionOwnerId');
        if (scale && scale.length !== before.scaleLabels.length) {
          // Anchors and submitted ratings are tied to the number of levels.
          if (before.status !== 'draft') throw conflict('The scale of an open role cannot change: submitted ratings were given on it.');
          if ((await listCriteria(tx, orgId, before.id)).length) throw conflict('Change the number of levels before adding criteria: every criterion has one anchor per level.');
        }
        const after = toRole(await updateRole(tx, before.id, { ...fields, ...(scale ? { scaleLabels: scale } : {}) }));
        await recordAudit(tx, { orgId, actorId: userId, action: 'role.update', entity: 'role', entityId: before.id, before: toRole(before), after });
        return after;
      });
      return result.body;
    },
  );

  app.get(
    '/roles/:roleId/readiness',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Every reason the role cannot open yet', security: staffSecurity, params: roleParams, response: { 200: readinessSchema, ...errorResponses } } },
    async (request) => {
      const role = await readableRole(db, request.staff, request.params.roleId);
      return roleReadiness(db, role);
    },
  );

  app.post(
    '/roles/:roleId/open',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Open the role (422 with every readiness reason when it is not ready)', security: staffSecurity, params: roleParams, response: { 200: roleSchema, ...errorResponses } } },
    async (request) => {
      const { orgId, userId } = request.staff;
      const result = await runMutation(db, request, 200, async (tx) => {
        const before = await writableRole(tx, request.staff, request.params.roleId);
        if (before.status !== 'draft') throw conflict(`The role is already ${before.status}.`);
        const readiness = await roleReadiness(tx, before);
        if (!readiness.ready) throw unprocessable('The role is not ready to open.', { reasons: readiness.reasons });
        const after = toRole(await updateRole(tx, before.id, { status: 'open', openedAt: new Date() }));
        await recordAudit(tx, { orgId, actorId: userId, action: 'role.open', entity: 'role', entityId: before.id, before: toRole(before), after });
        await enqueueEvent(tx, 'role.opened', { orgId, roleId: before.id });
        return after;
      });
      return result.body;
    },
  );

  app.post(
    '/roles/:roleId/close',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Close an open role', security: staffSecurity, params: roleParams, response: { 200: roleSchema, ...errorResponses } } },
    async (request) => {
      const { orgId, userId } = request.staff;
      const result = await runMutation(db, request, 200, async (tx) => {
        const before = await writableRole(tx, request.staff, request.params.roleId);
        if (before.status !== 'open') throw conflict('Only an open role can be closed.');
        const after = toRole(await updateRole(tx, before.id, { status: 'closed', closedAt: new Date() }));
        await recordAudit(tx, { orgId, actorId: userId, action: 'role.close', entity: 'role', entityId: before.id, before: toRole(before), after });
        await enqueueEvent(tx, 'role.closed', { orgId, roleId: before.id });
        return after;
      });
      return result.body;
    },
  );

}
