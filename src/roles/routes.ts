import { z } from 'zod';
import { unprocessable } from '../errors.js';
import { loadTemplates, rubricSchema } from '../rubrics/templates.js';
import { pageOf, pageQuery, toPage } from '../http/pagination.js';
import { errorResponses, text } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { readableRole, readsAllRoles, roleReadiness } from './access.js';
import { listRoles, loadRoleDesign, toRole } from './queries.js';
import { createRoleBody, readinessSchema, roleDetailSchema, roleSchema, updateRoleBody } from './schemas.js';
import { changeRole, closeRole, createRole, createRoleFromTemplate, openRole } from './usecases.js';

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
      const { template, rubric: inline, decisionOwnerId, interviewers } = request.body;
      const rubric = template ? templates.get(template) : inline;
      if (!rubric) throw unprocessable(`There is no rubric template "${template}".`, { templates: [...templates.keys()] });
      const result = await runMutation(db, request, 201, (tx) => createRoleFromTemplate(tx, request.staff, rubric, template ?? null, { decisionOwnerId, interviewers }));
      return reply.code(result.status).send(result.body);
    },
  );

  app.post(
    '/roles',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Create a draft role', security: staffSecurity, body: createRoleBody, response: { 201: roleSchema, ...errorResponses } } },
    async (request, reply) => {
      const result = await runMutation(db, request, 201, (tx) => createRole(tx, request.staff, request.body));
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
      const result = await runMutation(db, request, 200, (tx) => changeRole(tx, request.staff, request.params.roleId, request.body));
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
      const result = await runMutation(db, request, 200, (tx) => openRole(tx, request.staff, request.params.roleId));
      return result.body;
    },
  );

  app.post(
    '/roles/:roleId/close',
    { preHandler: recruiter, schema: { tags: ['roles'], summary: 'Close an open role', security: staffSecurity, params: roleParams, response: { 200: roleSchema, ...errorResponses } } },
    async (request) => {
      const result = await runMutation(db, request, 200, (tx) => closeRole(tx, request.staff, request.params.roleId));
      return result.body;
    },
  );

}
