// Reads for the pipeline and application pages.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { applicationFlags, applications, candidates, interviewInterviewers, interviews, users } from '../db/schema.js';

export interface PipelineRow {
  applicationId: string;
  status: 'active' | 'hired' | 'rejected' | 'withdrawn';
  currentStepId: string | null;
  candidateName: string | null;
  flagCounts: Record<string, number>;
  /** When the application entered its current stage (its latest stage event). */
  since: Date;
}

/** Every application of the role, with its candidate, stored flag counts and when it entered its stage. */
export async function pipelineOf(db: Queryable, orgId: string, roleId: string): Promise<PipelineRow[]> {
  const rows = await db
    .select({
      applicationId: applications.id,
      status: applications.status,
      currentStepId: applications.currentStepId,
      candidateName: candidates.name,
      counts: applicationFlags.counts,
      since: sql<string>`coalesce((select max(e.at) from stage_events e where e.application_id = ${applications.id}), ${applications.createdAt})`,
    })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .leftJoin(applicationFlags, eq(applicationFlags.applicationId, applications.id))
    .where(and(eq(applications.orgId, orgId), eq(applications.roleId, roleId)))
    .orderBy(asc(applications.createdAt), asc(applications.id))
    .limit(2000);
  return rows.map((r) => ({ applicationId: r.applicationId, status: r.status, currentStepId: r.currentStepId, candidateName: r.candidateName, flagCounts: (r.counts ?? {}) as Record<string, number>, since: new Date(r.since) }));
}

export async function userNames(db: Queryable, orgId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, ids)));
  return new Map(rows.map((u) => [u.id, u.name ?? u.email ?? 'Unknown']));
}

/** The interviews of an application with their interviewers, for the recruiter's timeline. */
export async function interviewsOfApplication(db: Queryable, orgId: string, applicationId: string) {
  const rows = await db.select().from(interviews).where(and(eq(interviews.orgId, orgId), eq(interviews.applicationId, applicationId))).orderBy(asc(interviews.startsAt));
  const people = rows.length ? await db.select().from(interviewInterviewers).where(inArray(interviewInterviewers.interviewId, rows.map((r) => r.id))) : [];
  return rows.map((i) => ({ ...i, interviewerIds: people.filter((p) => p.interviewId === i.id).map((p) => p.interviewerId) }));
}
