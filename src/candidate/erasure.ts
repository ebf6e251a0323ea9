// Erasure (GDPR): a candidate's personal data and every free text written about them go;
// anonymized funnel events and numeric ratings stay so statistics still work. Every copy is
// found through what it belongs to (candidate → applications → interviews → scorecards), never
// by searching text for the candidate's id.
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import {
  applications,
  candidateLinks,
  candidates,
  decisions,
  erasureRequests,
  interviews,
  outcomes,
  scorecardAmendments,
  scorecardRatings,
  scorecards,
  stageEvents,
} from '../db/schema.js';
import { recordAudit, redactAuditPayloads, REDACTED } from '../audit/record.js';
import { eraseAnswers } from '../fairness/answers.js';
import { conflict, notFound } from '../errors.js';
import { purgeStoredReplies } from '../plugins/idempotency.js';

export const ERASED = REDACTED;

export async function eraseCandidate(tx: Tx, actor: { orgId: string; userId: string }, candidateId: string) {
  const [candidate] = await tx.select().from(candidates).where(and(eq(candidates.orgId, actor.orgId), eq(candidates.id, candidateId))).for('update');
  if (!candidate) throw notFound('candidate');
  if (candidate.erasedAt) throw conflict('This candidate has already been erased.');
  const applicationIds = (await tx.select({ id: applications.id }).from(applications).where(eq(applications.candidateId, candidateId))).map((a) => a.id);
  const interviewIds = applicationIds.length ? (await tx.select({ id: interviews.id }).from(interviews).where(inArray(interviews.applicationId, applicationIds))).map((i) => i.id) : [];
  const cardIds = applicationIds.length ? (await tx.select({ id: scorecards.id }).from(scorecards).where(inArray(scorecards.applicationId, applicationIds))).map((c) => c.id) : [];

  await tx.update(candidates).set({ name: null, email: null, phone: null, notes: null, erasedAt: new Date() }).where(eq(candidates.id, candidateId));
  // Scorecards before applications: the order submissions take their locks in, so no deadlock.
  if (cardIds.length) {
    await tx.update(scorecards).set({ notes: null }).where(inArray(scorecards.id, cardIds));
    await tx.update(scorecardRatings).set({ evidence: null }).where(inArray(scorecardRatings.scorecardId, cardIds));
    await tx.update(scorecardAmendments).set({ reason: ERASED }).where(inArray(scorecardAmendments.scorecardId, cardIds));
  }
  if (applicationIds.length) {
    await tx.update(applications).set({ rejectionReason: null }).where(inArray(applications.id, applicationIds));
    await tx.update(stageEvents).set({ reason: null }).where(inArray(stageEvents.applicationId, applicationIds));
    await tx.update(decisions).set({ rationale: null, overrideReason: null }).where(inArray(decisions.applicationId, applicationIds));
    await tx.update(outcomes).set({ notes: null }).where(inArray(outcomes.applicationId, applicationIds));
    // An ad-hoc interview's name is free text a recruiter wrote for this candidate's loop; it stays
    // marked ad hoc (step null), so the synthesis flags read the same.
    await tx.update(interviews).set({ adHocName: ERASED }).where(and(inArray(interviews.applicationId, applicationIds), isNotNull(interviews.adHocName)));
  }
  await eraseAnswers(tx, actor.orgId, candidateId);
  const revoked = await tx.update(candidateLinks).set({ revokedAt: new Date() }).where(and(eq(candidateLinks.candidateId, candidateId), isNull(candidateLinks.revokedAt))).returning({ id: candidateLinks.id });
  await tx.update(erasureRequests).set({ completedAt: new Date() }).where(and(eq(erasureRequests.candidateId, candidateId), isNull(erasureRequests.completedAt)));
  const storedReplies = await purgeStoredReplies(tx, actor.orgId, candidateId, applicationIds);
  const auditRows = await redactAuditPayloads(tx, actor.orgId, [
    { entity: 'candidate', ids: [candidateId] },
    { entity: 'application', ids: applicationIds },
    { entity: 'interview', ids: interviewIds },
    { entity: 'scorecard', ids: cardIds },
  ]);

  const summary = { applications: applicationIds.length, scorecards: cardIds.length, linksRevoked: revoked.length, storedReplies, auditRows };
  await recordAudit(tx, { orgId: actor.orgId, actorId: actor.userId, action: 'candidate.erase', entity: 'candidate', entityId: candidateId, after: summary });
  return { candidateId, erasedAt: new Date().toISOString(), ...summary };
}
