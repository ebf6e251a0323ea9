import { z } from 'zod';
import { errorResponses } from '../http/schemas.js';
import { compiledSerializerFor } from '../http/serializer.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { synthesisSchema } from './output.js';
import { createSynthesisReader, makeDecision } from './read.js';
import { decisionBody, decisionSchema } from './schemas.js';

const applicationParams = z.object({ applicationId: z.uuid() });

export async function synthesisRoutes(app: App, deps: Deps) {
  const readSynthesis = createSynthesisReader(deps);

  app.get(
    '/applications/:applicationId/synthesis',
    {
      preHandler: staffOnly(app),
      // The decision owner's most frequent read, and a large answer: serialized by compiled code.
      serializerCompiler: compiledSerializerFor(200),
      schema: {
        tags: ['synthesis'],
        summary: 'The decision owner’s synthesis: evidence per criterion, flags, influence, missing scorecards',
        description: 'Never a verdict: the synthesis shows the evidence and the flags; the decision owner decides.',
        security: staffSecurity,
        params: applicationParams,
        response: { 200: synthesisSchema.extend({ decisions: z.array(decisionSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { role: _role, relations: _relations, ...synthesis } = await readSynthesis(request.staff, request.params.applicationId);
      return synthesis;
    },
  );

  app.post(
    '/applications/:applicationId/decision',
    {
      preHandler: staffOnly(app),
      schema: {
        tags: ['synthesis'],
        summary: 'Decide hire or no hire (the role’s decision owner only; append-only)',
        description: 'Refused (422) while scorecards are missing unless overrideReason is given. A reversal is a new decision.',
        security: staffSecurity,
        params: applicationParams,
        body: decisionBody,
        response: { 201: decisionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await makeDecision(deps, request, request.params.applicationId, request.body);
      return reply.code(result.status).send(result.body);
    },
  );
}
