import { z } from 'zod';
import { isReachable } from '../db/migrate.js';
import { unavailable } from '../errors.js';
import { problemSchema } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';

export async function healthRoutes(app: App, { database }: Deps) {
  app.get(
    '/health',
    { schema: { tags: ['service'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['service'],
        summary: 'Readiness: the database is reachable',
        response: { 200: z.object({ status: z.literal('ready') }), 503: problemSchema },
      },
    },
    async () => {
      if (!(await isReachable(database))) throw unavailable();
      return { status: 'ready' as const };
    },
  );

  app.get(
    '/openapi.json',
    { schema: { tags: ['service'], summary: 'This OpenAPI 3.1 document' } },
    async () => app.swagger(),
  );
}
