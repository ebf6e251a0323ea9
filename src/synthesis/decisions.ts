// Decisions: made by the role's one accountable decision owner, citing criteria; append-only.
import type { Tx } from '../db/client.js';
import { decisions } from '../db/schema.js';
import { recordAudit } from '../audit/record.js';
import { enqueueEvent } from '../notifications/outbox.js';
import { forbidden, unprocessable } from '../errors.js';
import { toIso } from '../http/schemas.js';
import { applyDecisionOutcome } from '../applications/stages.js';
import type { ApplicationRow } from '../applications/queries.js';
import { listCriteria, type RoleRow } from '../roles/read.js';
import { scorecardsOfApplication } from '../scorecards/queries.js';
import type { Synthesis } from './output.js';

export type DecisionRow = typeof decisions.$inferSelect;

export interface DecisionInput {
  decision: 'hire' | 'no_hire';
  rationale: string;
  criterionIds: string[];
  overrideReason?: string;
}

/**
 * Records a decision by the role's decision owner. `synthesis` is the application's current
 * synthesis, whose missing scorecards gate the decision unless an override reason is given.
 */
export async function decide(tx: Tx, actor: { orgId: string; userId: string }, application: ApplicationRow, role: RoleRow, synthesis: Synthesis, input: DecisionInput) {
  if (role.decisionOwnerId !== actor.userId) {
    throw forbidden('Only the role’s decision owner decides: one accountable person, not a vote.');
  }
  const roleCriteria = new Set((await listCriteria(tx, actor.orgId, role.id)).map((c) => c.id));
  const strangers = input.criterionIds.filter((id) => !roleCriteria.has(id));
  if (strangers.length) throw unprocessable('The rationale cites criteria that are not this role’s.', { unknownCriterionIds: strangers });
  const missing = synthesis.missingScorecards;
  if (missing.length && !input.overrideReason) {
    throw unprocessable(`${missing.length} scorecard(s) are missing; wait for them, or give an overrideReason for deciding without them.`, {
      missingScorecards: missing.map(({ interviewId, interviewerId }) => ({ interviewId, interviewerId })),
    });
  }
  const cards = await scorecardsOfApplication(tx, actor.orgId, application.id);
  const lastSubmittedAt = cards.reduce<Date | null>((latest, c) => (c.submittedAt && (!latest || c.submittedAt > latest) ? c.submittedAt : latest), null);
  const decidedAt = new Date();
  const [row] = await tx
    .insert(decisions)
    .values({
      orgId: actor.orgId,
      applicationId: application.id,
      roleId: role.id,
      decidedBy: actor.userId,
      decision: input.decision,
      rationale: input.rationale,
      criterionIds: input.criterionIds,
      overrideReason: input.overrideReason ?? null,
      latencySeconds: lastSubmittedAt ? Math.max(0, Math.round((decidedAt.getTime() - lastSubmittedAt.getTime()) / 1000)) : null,
      decidedAt,
    })
    .returning();
  await applyDecisionOutcome(tx, actor, application.id, input.decision === 'hire' ? 'hired' : 'rejected');
  const response = toDecision(row!);
  await recordAudit(tx, {
    orgId: actor.orgId,
    actorId: actor.userId,
    action: 'decision.create',
    entity: 'application',
    entityId: application.id,
    after: { decisionId: row!.id, decision: row!.decision, criterionIds: row!.criterionIds, overridden: !!row!.overrideReason, missingScorecards: missing.length },
  });
  await enqueueEvent(tx, 'decision.made', { orgId: actor.orgId, roleId: role.id, applicationId: application.id, decisionId: row!.id });
  return response;
}

export function toDecision(row: DecisionRow) {
  return {
    id: row.id,
    applicationId: row.applicationId,
    decidedBy: row.decidedBy,
    decision: row.decision,
    rationale: row.rationale,
    criterionIds: row.criterionIds,
    overrideReason: row.overrideReason,
    latencySeconds: row.latencySeconds,
    decidedAt: toIso(row.decidedAt),
  };
}
