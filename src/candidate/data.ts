// The candidate's own data (GDPR access): what we hold about them, not other people's judgements.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../db/client.js';
import { applications, candidateLinks, candidates, roles, stageEvents, steps } from '../db/schema.js';
import { answersForExport } from '../fairness/answers.js';
import { isoTime, toIso, toIsoOrNull } from '../http/schemas.js';
import type { CandidateClaims } from './links.js';

export const candidateDataSchema = z.object({
  candidate: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), notes: z.string().nullable(), createdAt: isoTime }),
  applications: z.array(
    z.object({
      applicationId: z.uuid(),
      role: z.string(),
      status: z.string(),
      appliedAt: isoTime,
      history: z.array(z.object({ at: isoTime, to: z.string() })),
    }),
  ),
  links: z.array(z.object({ createdAt: isoTime, expiresAt: isoTime, revokedAt: isoTime.nullable() })),
  selfIdentification: z.array(z.object({ question: z.string(), answer: z.string(), answeredAt: isoTime })).describe('Your voluntary answers; only you see them.'),
  notIncluded: z.string(),
});

export async function candidateData(db: Queryable, claims: CandidateClaims): Promise<z.infer<typeof candidateDataSchema>> {
  const [candidate] = await db.select().from(candidates).where(and(eq(candidates.orgId, claims.orgId), eq(candidates.id, claims.candidateId)));
  const apps = await db
    .select({ id: applications.id, status: applications.status, createdAt: applications.createdAt, role: roles.title })
    .from(applications)
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .where(and(eq(applications.orgId, claims.orgId), eq(applications.candidateId, claims.candidateId)))
    .orderBy(asc(applications.createdAt));
  const events = apps.length
    ? await db
        .select({ applicationId: stageEvents.applicationId, at: stageEvents.at, outcome: stageEvents.outcome, step: steps.name })
        .from(stageEvents)
        .leftJoin(steps, eq(steps.id, stageEvents.toStepId))
        .where(inArray(stageEvents.applicationId, apps.map((a) => a.id)))
        .orderBy(asc(stageEvents.at))
    : [];
  const links = await db.select().from(candidateLinks).where(eq(candidateLinks.candidateId, claims.candidateId)).orderBy(asc(candidateLinks.createdAt));
  return {
    candidate: { name: candidate!.name, email: candidate!.email, phone: candidate!.phone, notes: candidate!.notes, createdAt: toIso(candidate!.createdAt) },
    applications: apps.map((a) => ({
      applicationId: a.id,
      role: a.role,
      status: a.status,
      appliedAt: toIso(a.createdAt),
      history: events.filter((e) => e.applicationId === a.id).map((e) => ({ at: toIso(e.at), to: e.outcome ?? e.step ?? 'applied' })),
    })),
    links: links.map((l) => ({ createdAt: toIso(l.createdAt), expiresAt: toIso(l.expiresAt), revokedAt: toIsoOrNull(l.revokedAt) })),
    selfIdentification: await answersForExport(db, claims.orgId, claims.candidateId),
    notIncluded: 'Interviewers’ scorecards are their evaluations of the evidence and are not part of this export; ask the recruiter if you want to discuss them.',
  };
}
