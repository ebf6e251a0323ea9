import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findApplication, findCandidate } from '../applications/queries.js';
import { Problem } from '../errors.js';
import { findRole } from '../roles/read.js';
import type { App, Deps } from '../http/types.js';
import { fieldErrors, type FieldErrors } from '../pages/forms.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { userNames } from '../users/queries.js';
import { createSynthesisReader, makeDecision } from './read.js';
import { decisionBody } from './schemas.js';
import { debriefPage, type DecisionValues } from './views/debrief.js';

const params = z.object({ applicationId: z.uuid() });
const query = z.object({ decided: z.literal('1').optional() });

/** /app/applications/:applicationId/debrief: the synthesis and the decision, for the decision owner (recruiters read). */
export async function debriefPages(app: App, deps: Deps) {
  const readSynthesis = createSynthesisReader(deps);
  const settings = { page: true } as const;

  const render = async (request: FastifyRequest, applicationId: string, extra: { values?: DecisionValues; errors?: FieldErrors; decided?: boolean } = {}) => {
    const { staff } = request;
    // Two rounds of reads: the synthesis (which decides access) beside what needs no other read, then the rest.
    const [{ role: access, relations: _relations, ...synthesis }, application, viewer] = await Promise.all([
      readSynthesis(staff, applicationId),
      findApplication(deps.db, staff.orgId, applicationId),
      viewerOf(deps, request),
    ]);
    const people = [
      ...synthesis.scorecards.map((c) => c.interviewerId),
      ...synthesis.missingScorecards.map((m) => m.interviewerId),
      ...synthesis.criteria.flatMap((c) => c.ratings.map((r) => r.interviewerId)),
      ...synthesis.decisions.map((d) => d.decidedBy),
      ...synthesis.flags.flatMap((f) => f.refs.interviewerIds ?? []),
    ];
    const [role, candidate, names] = await Promise.all([findRole(deps.db, staff.orgId, access.id), findCandidate(deps.db, staff.orgId, application!.candidateId), userNames(deps.db, staff.orgId, people)]);
    return debriefPage({
      viewer,
      synthesis,
      candidateName: candidate?.name ?? null,
      roleTitle: role!.title,
      scaleLabels: role!.scaleLabels,
      names,
      canDecide: access.decisionOwnerId === staff.userId,
      ...extra,
    });
  };

  app.get('/app/applications/:applicationId/debrief', { preHandler: pageFor(app), config: settings, schema: { hide: true, params, querystring: query } }, async (request, reply) =>
    sendPage(reply, await render(request, request.params.applicationId, { decided: request.query.decided === '1' })),
  );

  app.post('/app/applications/:applicationId/debrief', { preHandler: pageFor(app), config: settings, schema: { hide: true, params } }, async (request, reply) => {
    const { applicationId } = request.params;
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values: DecisionValues = {
      decision: typeof form.decision === 'string' ? form.decision : '',
      rationale: typeof form.rationale === 'string' ? form.rationale : '',
      criterionIds: ([] as unknown[]).concat(form.criterionIds ?? []).filter((v): v is string => typeof v === 'string'),
      overrideReason: typeof form.overrideReason === 'string' ? form.overrideReason : '',
    };
    const refuse = async (errors: FieldErrors) => sendPage(reply, await render(request, applicationId, { values, errors }), 400);
    const parsed = decisionBody.safeParse({ ...values, overrideReason: values.overrideReason.trim() || undefined });
    if (!parsed.success) return refuse(personal(fieldErrors(parsed.error)));
    try {
      await makeDecision(deps, request, applicationId, parsed.data);
    } catch (error) {
      if (!(error instanceof Problem) || error.status !== 422) throw error;
      if (error.extra.missingScorecards) return refuse({ overrideReason: 'Say why you decide before every scorecard is in, or wait for them' });
      return refuse({ criterionIds: error.detail });
    }
    return reply.header('cache-control', 'no-store').redirect(`/app/applications/${applicationId}/debrief?decided=1#decision`, 303);
  });
}

/** The API's messages name fields; a person needs to be told what to do. */
function personal(errors: FieldErrors): FieldErrors {
  const messages: Record<string, string> = {
    decision: 'Choose hire or no hire',
    rationale: 'Write the rationale: why, from the evidence',
    criterionIds: 'Choose at least one criterion your decision rests on',
  };
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, messages[field] ?? message]));
}
