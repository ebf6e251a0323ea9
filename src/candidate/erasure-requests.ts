// Erasure requests: a candidate asks (API or candidate page), an admin carries it out (API or the
// admin queue page). One pending request per candidate.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import type { Db } from '../db/client.js';
import { erasureRequests } from '../db/schema.js';
import { toIso } from '../http/schemas.js';
import type { CandidateClaims } from './links.js';

/** Records the request once: asking again while one is pending returns the pending one. */
export async function requestErasure(db: Db, claims: CandidateClaims) {
  const { orgId, candidateId, applicationId } = claims;
  return db.transaction(async (tx) => {
    const [pending] = await tx.select().from(erasureRequests).where(and(eq(erasureRequests.candidateId, candidateId), isNull(erasureRequests.completedAt)));
    if (pending) return pending;
    const [created] = await tx.insert(erasureRequests).values({ orgId, candidateId, applicationId }).returning();
    await recordAudit(tx, { orgId, actorId: null, action: 'candidate.erasure_request', entity: 'candidate', entityId: candidateId, after: { requestId: created!.id } });
    return created!;
  });
}

/** The organization's pending requests, oldest first. */
export async function pendingErasureRequests(db: Db, orgId: string) {
  const rows = await db.select().from(erasureRequests).where(and(eq(erasureRequests.orgId, orgId), isNull(erasureRequests.completedAt))).orderBy(asc(erasureRequests.requestedAt));
  return rows.map((r) => ({ requestId: r.id, candidateId: r.candidateId, applicationId: r.applicationId, requestedAt: toIso(r.requestedAt) }));
}
