import { z } from 'zod';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { listApiKeys } from './queries.js';
import { apiKeySchema, createApiKeyBody, createdApiKeySchema, toApiKey } from './schemas.js';
import { issueApiKey, withdrawApiKey } from './usecases.js';

export async function apiKeyRoutes(app: App, { db }: Deps) {
  app.post(
    '/me/api-keys',
    {
      preHandler: staffOnly(app),
      schema: { tags: ['users'], summary: 'Create a personal API key (shown once)', security: staffSecurity, body: createApiKeyBody, response: { 201: createdApiKeySchema, ...errorResponses } },
    },
    async (request, reply) => reply.code(201).header('cache-control', 'no-store').send(await issueApiKey(db, request.staff, request.body)),
  );

  app.get(
    '/me/api-keys',
    {
      preHandler: staffOnly(app),
      schema: { tags: ['users'], summary: 'My API keys (never the keys themselves)', security: staffSecurity, response: { 200: z.object({ items: z.array(apiKeySchema), nextCursor: z.null() }), ...errorResponses } },
    },
    // A person has a handful of keys: one page always holds them all.
    async (request) => ({ items: (await listApiKeys(db, request.staff)).map(toApiKey), nextCursor: null }),
  );

  app.delete(
    '/me/api-keys/:keyId',
    {
      preHandler: staffOnly(app),
      schema: { tags: ['users'], summary: 'Revoke one of my API keys', security: staffSecurity, params: z.object({ keyId: z.uuid() }), response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await withdrawApiKey(db, request.staff, request.params.keyId);
      return reply.code(204).send(null);
    },
  );
}
