import { z } from 'zod';
import { errorResponses, isoTime, text } from '../http/schemas.js';
import { compiledSerializerFor } from '../http/serializer.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { synthesisSchema } from './output.js';
import { createSynthesisReader, makeDecision } from './read.js';

const applicationParams = z.object({ applicationId: z.uuid() });

const decisionSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  decidedBy: z.uuid(),
  decision: z.enum(['hire', 'no_hire']),
  rationale: z.string().nullable(),
  criterionIds: z.array(z.uuid()),
  overrideReason: z.string().nullable(),
  latencySeconds: z.number().int().nullable().describe('Seconds from the last submitted scorecard to this decision.'),
  decidedAt: isoTime,
});

export const decisionBody = z.strictObject({
  decision: z.enum(['hire', 'no_hire']),
  rationale: text({ max: 5000 }).describe('Why, citing the evidence.'),
  criterionIds: z.array(z.uuid()).min(1).max(50).describe('The criteria the decision rests on.'),
  overrideReason: text({ max: 2000 }).optional().describe('Required to decide while scorecards are missing.'),
});

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
