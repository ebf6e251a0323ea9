import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { z } from 'zod';
import { pageOf, pageQuery, toPage } from '../http/pagination.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { findUser, listUsers } from './queries.js';
import { deactivateUser, inviteUser, setUserPermissions } from './usecases.js';
import { createUserBody, meSchema, setPermissionsBody, toUser, userSchema } from './schemas.js';

export async function userRoutes(app: App, deps: Deps) {
  const { db } = deps;
  app.get(
    '/me',
    {
      preHandler: staffOnly(app),
      schema: { tags: ['users'], summary: 'The calling staff member', security: staffSecurity, response: { 200: meSchema, ...errorResponses } },
    },
    async (request) => {
      const user = (await findUser(db, request.staff.orgId, request.staff.userId))!;
      // Permissions are what authorizes this request: a JWT's claims, or the user's own for a session or key.
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
      const result = await inviteUser(deps, request, request.body);
      return reply.code(result.status).send(result.body);
    },
  );

  app.post(
    '/users/:userId/deactivate',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: {
        tags: ['users'],
        summary: 'Deactivate a user: their sessions, API keys and staff tokens stop working at once',
        security: staffSecurity,
        params: z.object({ userId: z.uuid() }),
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await deactivateUser(deps, request, request.params.userId);
      return reply.code(result.status).send(result.body);
    },
  );

  app.put(
    '/users/:userId/permissions',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: {
        tags: ['users'],
        summary: 'Set a user’s permissions (admin); sessions and API keys use them from their next request',
        security: staffSecurity,
        params: z.object({ userId: z.uuid() }),
        body: setPermissionsBody,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await setUserPermissions(deps, request, request.params.userId, request.body.permissions);
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
