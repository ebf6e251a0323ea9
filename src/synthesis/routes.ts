import { z } from 'zod';
import { applicationFor, relationsTo } from '../applications/access.js';
import { notFound } from '../errors.js';
import { errorResponses, isoTime, text } from '../http/schemas.js';
import { compiledSerializerFor } from '../http/serializer.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { findApplication } from '../applications/queries.js';
import { roleLeniencyOffsets } from '../calibration/report.js';
import { decide, toDecision } from './decisions.js';
import { loadSynthesis, loadSynthesisInput, storeApplicationFlags } from './load.js';
import { synthesisSchema } from './output.js';
import { synthesize } from './synthesize.js';

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

const decisionBody = z.strictObject({
  decision: z.enum(['hire', 'no_hire']),
  rationale: text({ max: 5000 }).describe('Why, citing the evidence.'),
  criterionIds: z.array(z.uuid()).min(1).max(50).describe('The criteria the decision rests on.'),
  overrideReason: text({ max: 2000 }).optional().describe('Required to decide while scorecards are missing.'),
});

/** Role-wide leniency changes slowly; each app keeps it for a few minutes per role. */
const OFFSETS_TTL_MS = 5 * 60_000;

export async function synthesisRoutes(app: App, { db, database, synthesis: settings }: Deps) {
  const offsetsByRole = new Map<string, { at: number; offsets: Record<string, number> }>();
  const leniencyOffsets = async (orgId: string, roleId: string) => {
    const cached = offsetsByRole.get(roleId);
    if (cached && Date.now() - cached.at < OFFSETS_TTL_MS) return cached.offsets;
    const offsets = await roleLeniencyOffsets(db, { orgId, roleId });
    if (offsetsByRole.size > 1000) offsetsByRole.clear();
    offsetsByRole.set(roleId, { at: Date.now(), offsets });
    return offsets;
  };

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
      // One round trip for the application, its role and its evidence; access is then decided on
      // the role as applicationFor would: recruiters and the decision owner; an interviewer on the
      // application sees it exists (403 with the reason); anyone else 404.
      const loaded = await loadSynthesis(database, request.staff.orgId, request.params.applicationId, settings);
      if (!loaded) throw notFound('application');
      const relations = relationsTo(request.staff, loaded.role);
      if (!relations.has('recruiter') && !relations.has('decisionOwner')) {
        await applicationFor(db, request.staff, request.params.applicationId, [], 'The synthesis is for the role’s decision owner and recruiters; interviewers read colleagues’ scorecards once they have submitted their own.');
      }
      const offsets = await leniencyOffsets(request.staff.orgId, loaded.role.id);
      return { ...synthesize({ ...loaded.input, leniencyOffsets: offsets }), decisions: loaded.decisions.map(toDecision) };
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
      const { role } = await applicationFor(db, request.staff, request.params.applicationId, ['recruiter', 'decisionOwner', 'interviewer']);
      const result = await runMutation(db, request, 201, async (tx) => {
        const application = (await findApplication(tx, request.staff.orgId, request.params.applicationId))!;
        const synthesis = synthesize(await loadSynthesisInput(tx, application, settings));
        const decision = await decide(tx, request.staff, application, role, synthesis, request.body);
        // Flags do not depend on decisions, but storing them now dates the snapshot analytics read.
        await storeApplicationFlags(tx, application, synthesis.flags);
        return decision;
      });
      return reply.code(result.status).send(result.body);
    },
  );
}
