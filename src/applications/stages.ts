// Stage changes of an application. Each writes the funnel event and the audit row in the
// caller's transaction; the funnel analytics are computed from these events alone.
import type { Tx } from '../db/client.js';
import { conflict, notFound } from '../errors.js';
import { recordAudit } from '../audit/record.js';
import { enqueueEvent } from '../notifications/outbox.js';
import { findStep } from '../roles/read.js';
import { insertStageEvent, lockApplication, updateApplication, type ApplicationRow } from './queries.js';
import { toApplication } from './schemas.js';

/** The audit keeps an application's state but not its free text, so erasure never has to rewrite it. */
const auditable = (row: ApplicationRow) => ({ ...toApplication(row), rejectionReason: undefined, rejectionReasonChars: row.rejectionReason?.length ?? 0 });

export interface Actor {
  orgId: string;
  userId: string;
}

type Outcome = 'hired' | 'rejected' | 'withdrawn';

async function lockActive(tx: Tx, actor: Actor, applicationId: string): Promise<ApplicationRow> {
  const application = await lockApplication(tx, actor.orgId, applicationId);
  if (!application) throw notFound('application');
  if (application.status !== 'active') {
    throw conflict(`The application is already ${application.status}; its stage cannot change.`);
  }
  return application;
}

export async function advanceApplication(tx: Tx, actor: Actor, applicationId: string, stepId: string) {
  const before = await lockActive(tx, actor, applicationId);
  const step = await findStep(tx, actor.orgId, before.roleId, stepId);
  if (!step) throw notFound('step on this role');
  if (before.currentStepId === stepId) throw conflict('The application is already in that step.');
  const after = await updateApplication(tx, applicationId, { currentStepId: stepId });
  await insertStageEvent(tx, { orgId: actor.orgId, applicationId, roleId: before.roleId, fromStepId: before.currentStepId, toStepId: stepId, actorId: actor.userId });
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'application.advance', entity: 'application', entityId: applicationId, before: auditable(before), after: auditable(after) });
  await enqueueEvent(tx, 'application.stage_changed', { orgId: actor.orgId, roleId: before.roleId, applicationId, stage: stepId });
  return after;
}

/** Ends an application: rejected, withdrawn, or hired (the last through a decision). */
export async function closeApplication(tx: Tx, actor: Actor, applicationId: string, outcome: Outcome, reason?: string) {
  const before = await lockActive(tx, actor, applicationId);
  const after = await updateApplication(tx, applicationId, {
    status: outcome,
    rejectionReason: outcome === 'rejected' ? (reason ?? null) : before.rejectionReason,
  });
  await insertStageEvent(tx, {
    orgId: actor.orgId,
    applicationId,
    roleId: before.roleId,
    fromStepId: before.currentStepId,
    toStepId: null,
    outcome,
    actorId: actor.userId,
    reason: reason ?? null,
  });
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: `application.${outcome}`, entity: 'application', entityId: applicationId, before: auditable(before), after: auditable(after) });
  await enqueueEvent(tx, 'application.stage_changed', { orgId: actor.orgId, roleId: before.roleId, applicationId, stage: outcome });
  return after;
}

/**
 * Applies a decision's outcome to the application. A first decision ends an active application;
 * a reversal (a later decision with the other outcome) moves it between hired and rejected. Each
 * change is a funnel event; repeating the current outcome changes nothing.
 */
export async function applyDecisionOutcome(tx: Tx, actor: Actor, applicationId: string, outcome: 'hired' | 'rejected') {
  const before = await lockApplication(tx, actor.orgId, applicationId);
  if (!before) throw notFound('application');
  if (before.status === 'withdrawn') throw conflict('The candidate withdrew; there is nothing to decide.');
  if (before.status === outcome) return before;
  const after = await updateApplication(tx, applicationId, { status: outcome });
  await insertStageEvent(tx, { orgId: actor.orgId, applicationId, roleId: before.roleId, fromStepId: before.currentStepId, toStepId: null, outcome, actorId: actor.userId });
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: `application.${outcome}`, entity: 'application', entityId: applicationId, before: auditable(before), after: auditable(after) });
  await enqueueEvent(tx, 'application.stage_changed', { orgId: actor.orgId, roleId: before.roleId, applicationId, stage: outcome });
  return after;
}
