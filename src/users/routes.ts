import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { recordAudit } from '../audit/record.js';
import { onUniqueViolation } from '../db/errors.js';
import { conflict } from '../errors.js';
import { pageOf, pageQuery, toPage } from '../http/pagination.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { runMutation } from '../plugins/idempotency.js';
import { findUser, insertUser, listUsers } from './queries.js';
import { createUserBody, meSchema, toUser, userSchema } from './schemas.js';

export async function userRoutes(app: App, { db }: Deps) {
  app.get(
    '/me',
    {
      preHandler: staffOnly(app),
      schema: { tags: ['users'], summary: 'The calling staff member', security: staffSecurity, response: { 200: meSchema, ...errorResponses } },
    },
    async (request) => {
      const user = (await findUser(db, request.staff.orgId, request.staff.userId))!;
      // Permissions come from the token, which is what authorizes this request.
      return { ...toUser(user), permissions: request.staff.permissions, orgId: request.staff.orgId };
    },
  );

  app.post(
    '/users',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: {
        tags: ['users'],
        summary: 'Add a staff member to the organization',
        security: staffSecurity,
        body: createUserBody,
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = request.staff;
      const body = request.body;
      const result = await runMutation(db, request, 201, async (tx) => {
        const user = await onUniqueViolation(
          insertUser(tx, { orgId, sub: body.sub ?? body.email, email: body.email, name: body.name, permissions: body.permissions }),
          () => conflict('A user with that email or sub already exists in this organization.'),
        );
        const response = toUser(user);
        await recordAudit(tx, { orgId, actorId: userId, action: 'user.create', entity: 'user', entityId: user.id, after: response });
        return response;
      });
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/users',
    {
      preHandler: staffOnly(app, 'admin', 'recruiter'),
      schema: {
        tags: ['users'],
        summary: 'Staff members of the organization',
        security: staffSecurity,
        querystring: pageQuery,
        response: { 200: pageOf(userSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const rows = await listUsers(db, request.staff.orgId, { limit, after: cursor });
      const page = toPage(rows, limit);
      return { items: page.items.map(toUser), nextCursor: page.nextCursor };
    },
  );
}
