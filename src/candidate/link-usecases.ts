// Creating and revoking candidate links: shared by the API routes and the application page.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import type { Config } from '../config.js';
import type { Queryable, Tx } from '../db/client.js';
import { candidateLinks } from '../db/schema.js';
import { conflict, notFound } from '../errors.js';
import { toIso } from '../http/schemas.js';
import type { StaffContext } from '../plugins/auth.js';
import { findApplication, findCandidate } from '../applications/queries.js';
import { linkSigner } from './links.js';

export async function createCandidateLink(tx: Tx, config: Config, staff: StaffContext, applicationId: string, days: number) {
  const { orgId, userId } = staff;
  const application = await findApplication(tx, orgId, applicationId);
  if (!application) throw notFound('application');
  const person = await findCandidate(tx, orgId, application.candidateId);
  if (person?.erasedAt) throw conflict('The candidate has been erased.');
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const [link] = await tx.insert(candidateLinks).values({ orgId, applicationId: application.id, candidateId: application.candidateId, expiresAt, createdBy: userId }).returning();
  const token = linkSigner(config)({ orgId, applicationId: application.id, candidateId: application.candidateId, linkId: link!.id }, expiresAt);
  await recordAudit(tx, { orgId, actorId: userId, action: 'candidate_link.create', entity: 'application', entityId: application.id, after: { linkId: link!.id, expiresAt: toIso(expiresAt) } });
  return { linkId: link!.id, url: `${config.publicUrl}/candidate/rubric?token=${token}`, token, expiresAt: toIso(expiresAt) };
}

export async function revokeCandidateLink(tx: Tx, staff: StaffContext, applicationId: string, linkId: string) {
  const { orgId, userId } = staff;
  const [link] = await tx
    .update(candidateLinks)
    .set({ revokedAt: new Date() })
    .where(and(eq(candidateLinks.orgId, orgId), eq(candidateLinks.applicationId, applicationId), eq(candidateLinks.id, linkId), isNull(candidateLinks.revokedAt)))
    .returning();
  if (!link) throw notFound('active candidate link');
  await recordAudit(tx, { orgId, actorId: userId, action: 'candidate_link.revoke', entity: 'application', entityId: link.applicationId, after: { linkId: link.id } });
  return null;
}

/** The links of an application that still work (neither revoked nor expired), newest first; never their tokens. */
export async function liveLinks(db: Queryable, orgId: string, applicationId: string) {
  const rows = await db
    .select({ id: candidateLinks.id, expiresAt: candidateLinks.expiresAt, createdAt: candidateLinks.createdAt })
    .from(candidateLinks)
    .where(and(eq(candidateLinks.orgId, orgId), eq(candidateLinks.applicationId, applicationId), isNull(candidateLinks.revokedAt)))
    .orderBy(desc(candidateLinks.createdAt));
  const now = new Date();
  return rows.filter((r) => r.expiresAt > now);
}
