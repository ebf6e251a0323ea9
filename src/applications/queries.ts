import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { conflict } from '../errors.js';
import { applications, candidates, interviewInterviewers, interviews, roles, stageEvents } from '../db/schema.js';

export type ApplicationRow = typeof applications.$inferSelect;
export type CandidateRow = typeof candidates.$inferSelect;
export type InterviewRow = typeof interviews.$inferSelect;

export async function insertCandidate(db: Queryable, values: typeof candidates.$inferInsert) {
  const [row] = await db.insert(candidates).values(values).returning();
  return row!;
}

export async function findCandidate(db: Queryable, orgId: string, candidateId: string) {
  const [row] = await db.select().from(candidates).where(and(eq(candidates.orgId, orgId), eq(candidates.id, candidateId)));
  return row;
}

export async function listCandidates(db: Queryable, orgId: string, page: { limit: number; after?: string }) {
  return db
    .select()
    .from(candidates)
    .where(and(eq(candidates.orgId, orgId), page.after ? gt(candidates.id, page.after) : undefined))
    .orderBy(asc(candidates.id))
    .limit(page.limit + 1);
}

export async function findApplication(db: Queryable, orgId: string, applicationId: string) {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.orgId, orgId), eq(applications.id, applicationId)));
  return row;
}

/**
 * An application with its role in one round trip, as a named statement: nearly every
 * application route starts here.
 */
export async function findApplicationWithRole(db: Queryable, orgId: string, applicationId: string) {
  const [row] = await db
    .select({ application: applications, role: roles })
    .from(applications)
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .where(and(eq(applications.orgId, orgId), eq(applications.id, applicationId)))
    .prepare('application_with_role')
    .execute();
  return row;
}

/** Locks the application row for the rest of the transaction: stage changes serialize. */
/**
 * Nothing more is recorded about an erased candidate: every write about an application passes
 * here first. The share lock on the candidate row waits out an erasure in progress, taken in the
 * order erasure takes its locks (candidate first, then scorecards and applications).
 */
export async function refuseIfCandidateErased(tx: Queryable, orgId: string, applicationId: string) {
  const [row] = await tx
    .select({ erasedAt: candidates.erasedAt })
    .from(candidates)
    .innerJoin(applications, eq(applications.candidateId, candidates.id))
    .where(and(eq(applications.orgId, orgId), eq(applications.id, applicationId)))
    .for('share', { of: candidates });
  if (row?.erasedAt) throw conflict('The candidate’s data has been erased: nothing more is recorded about them.');
}

/** Locks an application for a write about it (refused once its candidate is erased). */
export async function lockApplication(tx: Queryable, orgId: string, applicationId: string) {
  await refuseIfCandidateErased(tx, orgId, applicationId);
  const [row] = await tx
    .select()
    .from(applications)
    .where(and(eq(applications.orgId, orgId), eq(applications.id, applicationId)))
    .for('update');
  return row;
}

export interface ApplicationFilter {
  roleId?: string;
  /** A step id, or a terminal status. */
  stage?: string;
  /** Restrict to roles whose decision owner is this user (callers without the recruiter permission). */
  decisionOwnerId?: string;
}

export async function listApplications(db: Queryable, orgId: string, filter: ApplicationFilter, page: { limit: number; after?: string }) {
  const stageCondition = !filter.stage
    ? undefined
    : ['active', 'hired', 'rejected', 'withdrawn'].includes(filter.stage)
      ? eq(applications.status, filter.stage as ApplicationRow['status'])
      : and(eq(applications.status, 'active'), eq(applications.currentStepId, filter.stage));
  return db
    .select({ application: applications })
    .from(applications)
    .innerJoin(roles, eq(roles.id, applications.roleId))
    .where(
      and(
        eq(applications.orgId, orgId),
        filter.roleId ? eq(applications.roleId, filter.roleId) : undefined,
        filter.decisionOwnerId ? eq(roles.decisionOwnerId, filter.decisionOwnerId) : undefined,
        stageCondition,
        page.after ? gt(applications.id, page.after) : undefined,
      ),
    )
    .orderBy(asc(applications.id))
    .limit(page.limit + 1)
    .then((rows) => rows.map((r) => r.application));
}

export async function insertApplication(db: Queryable, values: typeof applications.$inferInsert) {
  const [row] = await db.insert(applications).values(values).returning();
  return row!;
}

export async function updateApplication(db: Queryable, applicationId: string, values: Partial<typeof applications.$inferInsert>) {
  const [row] = await db
    .update(applications)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(applications.id, applicationId))
    .returning();
  return row!;
}

export async function insertStageEvent(db: Queryable, values: typeof stageEvents.$inferInsert) {
  const [row] = await db.insert(stageEvents).values(values).returning();
  return row!;
}

export async function listStageEvents(db: Queryable, orgId: string, applicationId: string) {
  return db
    .select()
    .from(stageEvents)
    .where(and(eq(stageEvents.orgId, orgId), eq(stageEvents.applicationId, applicationId)))
    .orderBy(asc(stageEvents.at), asc(stageEvents.id));
}

/** Whether the user is an interviewer on any interview of the application. */
export async function isInterviewerOnApplication(db: Queryable, orgId: string, applicationId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql`1` })
    .from(interviewInterviewers)
    .innerJoin(interviews, eq(interviews.id, interviewInterviewers.interviewId))
    .where(and(eq(interviews.orgId, orgId), eq(interviews.applicationId, applicationId), eq(interviewInterviewers.interviewerId, userId)))
    .limit(1);
  return rows.length > 0;
}

export async function insertInterview(db: Queryable, values: typeof interviews.$inferInsert) {
  const [row] = await db.insert(interviews).values(values).returning();
  return row!;
}

export async function insertInterviewers(db: Queryable, rows: (typeof interviewInterviewers.$inferInsert)[]) {
  if (rows.length) await db.insert(interviewInterviewers).values(rows);
}

export async function findInterview(db: Queryable, orgId: string, interviewId: string) {
  const [row] = await db.select().from(interviews).where(and(eq(interviews.orgId, orgId), eq(interviews.id, interviewId)));
  return row;
}

export async function interviewersOf(db: Queryable, orgId: string, interviewIds: string[]) {
  if (interviewIds.length === 0) return [];
  return db
    .select()
    .from(interviewInterviewers)
    .where(and(eq(interviewInterviewers.orgId, orgId), inArray(interviewInterviewers.interviewId, interviewIds)));
}

/** An interviewer's queue: their interviews, newest first by start. */
export async function listInterviewsOf(db: Queryable, orgId: string, interviewerId: string, page: { limit: number; after?: string }) {
  return db
    .select({ interview: interviews, assignedCriterionIds: interviewInterviewers.assignedCriterionIds })
    .from(interviewInterviewers)
    .innerJoin(interviews, eq(interviews.id, interviewInterviewers.interviewId))
    .where(
      and(
        eq(interviewInterviewers.orgId, orgId),
        eq(interviewInterviewers.interviewerId, interviewerId),
        page.after ? gt(interviews.id, page.after) : undefined,
      ),
    )
    .orderBy(asc(interviews.id))
    .limit(page.limit + 1);
}

