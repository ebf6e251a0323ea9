import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3.1 built from the zod route schemas, with a browsable reference at /docs. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hiring scorecards',
        description:
          'Structured hiring: roles with success metrics, anchored criteria, independent evidence-based scorecards, ' +
          'a decision-owner synthesis with flags, interviewer calibration, candidate transparency and funnel analytics.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          staffToken: { type: 'http', scheme: 'bearer', description: 'A personal API key (hsk_…, from POST /me/api-keys) or a staff JWT (sub, org, permissions). A signed-in browser session works too; its writes need the x-csrf-token header.' },
          candidateToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Candidate link token.' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
}
