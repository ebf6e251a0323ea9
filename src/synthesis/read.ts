import { applicationFor, relationsTo } from '../applications/access.js';
import { findApplication } from '../applications/queries.js';
import { roleLeniencyOffsets } from '../calibration/report.js';
import { notFound } from '../errors.js';
import type { Deps } from '../http/types.js';
import type { StaffContext } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import type { FastifyRequest } from 'fastify';
import { decide, toDecision, type DecisionInput } from './decisions.js';
import { loadSynthesis, loadSynthesisInput, storeApplicationFlags } from './load.js';
import { synthesize } from './synthesize.js';

/** Role-wide leniency changes slowly; each reader keeps it for a few minutes per role. */
const OFFSETS_TTL_MS = 5 * 60_000;

/**
 * The synthesis as the decision owner and recruiters read it, for the API route and the debrief
 * page alike: one round trip for the application, its role and its evidence; access decided on the
 * role as applicationFor would (recruiters and the decision owner; an interviewer on the
 * application gets 403 with the reason; anyone else 404).
 */
export function createSynthesisReader({ db, database, synthesis: settings }: Pick<Deps, 'db' | 'database' | 'synthesis'>) {
  const offsetsByRole = new Map<string, { at: number; offsets: Record<string, number> }>();
  const leniencyOffsets = async (orgId: string, roleId: string) => {
    const cached = offsetsByRole.get(roleId);
    if (cached && Date.now() - cached.at < OFFSETS_TTL_MS) return cached.offsets;
    const offsets = await roleLeniencyOffsets(db, { orgId, roleId });
    if (offsetsByRole.size > 1000) offsetsByRole.clear();
    offsetsByRole.set(roleId, { at: Date.now(), offsets });
    return offsets;
  };

  return async function readSynthesis(staff: StaffContext, applicationId: string) {
    const loaded = await loadSynthesis(database, staff.orgId, applicationId, settings);
    if (!loaded) throw notFound('application');
    const relations = relationsTo(staff, loaded.role);
    if (!relations.has('recruiter') && !relations.has('decisionOwner')) {
      await applicationFor(db, staff, applicationId, [], 'The synthesis is for the role’s decision owner and recruiters; interviewers read colleagues’ scorecards once they have submitted their own.');
    }
    const offsets = await leniencyOffsets(staff.orgId, loaded.role.id);
    return { ...synthesize({ ...loaded.input, leniencyOffsets: offsets }), decisions: loaded.decisions.map(toDecision), role: loaded.role, relations };
  };
}

/** POST …/decision and the debrief page's decision form: the role's decision owner only. */
export async function makeDecision({ db, synthesis: settings }: Pick<Deps, 'db' | 'synthesis'>, request: FastifyRequest, applicationId: string, input: DecisionInput) {
  const { role } = await applicationFor(db, request.staff, applicationId, ['recruiter', 'decisionOwner', 'interviewer']);
  return runMutation(db, request, 201, async (tx) => {
    const application = (await findApplication(tx, request.staff.orgId, applicationId))!;
    const synthesis = synthesize(await loadSynthesisInput(tx, application, settings));
    const decision = await decide(tx, request.staff, application, role, synthesis, input);
    // Flags do not depend on decisions, but storing them now dates the snapshot analytics read.
    await storeApplicationFlags(tx, application, synthesis.flags);
    return decision;
  });
}
