import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { preparedStatement, type Database, type Queryable } from '../db/client.js';
import { applications, criteria, interviewInterviewers, interviews, roles, scorecardAmendments, scorecardRatings, scorecards, scorecardViews } from '../db/schema.js';

export type ScorecardRow = typeof scorecards.$inferSelect;
export type RatingRow = typeof scorecardRatings.$inferSelect;
export type AmendmentRow = typeof scorecardAmendments.$inferSelect;

export async function findScorecard(db: Queryable, orgId: string, scorecardId: string) {
  const [row] = await db.select().from(scorecards).where(and(eq(scorecards.orgId, orgId), eq(scorecards.id, scorecardId)));
  return row;
}

/** The author's scorecard for an interview, locked for the rest of the transaction. */
export async function lockScorecardOf(tx: Queryable, orgId: string, interviewId: string, authorId: string) {
  const [row] = await tx
    .select()
    .from(scorecards)
    .where(and(eq(scorecards.orgId, orgId), eq(scorecards.interviewId, interviewId), eq(scorecards.authorId, authorId)))
    .for('update');
  return row;
}

export async function lockScorecard(tx: Queryable, orgId: string, scorecardId: string) {
  const [row] = await tx
    .select()
    .from(scorecards)
    .where(and(eq(scorecards.orgId, orgId), eq(scorecards.id, scorecardId)))
    .for('update');
  return row;
}

/**
 * What writing a scorecard needs, in one round trip (submission is the hottest write): the
 * interview, the author's assignment snapshot, the application's status, the role's scale and
 * criterion ids. Undefined when the author is not on the interview.
 */
export async function authoringContextRow(db: Queryable, orgId: string, interviewId: string, authorId: string) {
  const [row] = await db
    .select({
      interviewId: interviews.id,
      applicationId: interviews.applicationId,
      roleId: interviews.roleId,
      assignedCriterionIds: interviewInterviewers.assignedCriterionIds,
      applicationStatus: applications.status,
      scaleLabels: roles.scaleLabels,
      roleCriterionIds: sql<string[]>`coalesce((select array_agg(${criteria.id}) from ${criteria} where ${criteria.roleId} = ${interviews.roleId}), '{}'::uuid[])`,
    })
    .from(interviews)
    .innerJoin(interviewInterviewers, and(eq(interviewInterviewers.interviewId, interviews.id), eq(interviewInterviewers.interviewerId, authorId)))
    .innerJoin(applications, eq(applications.id, interviews.applicationId))
    .innerJoin(roles, eq(roles.id, interviews.roleId))
    .where(and(eq(interviews.orgId, orgId), eq(interviews.id, interviewId)));
  return row;
}

/**
 * Creates the author's scorecard for an interview or locks the existing one, in one statement;
 * concurrent first saves meet on the unique (interview, author). `created` is PostgreSQL's
 * xmax = 0 idiom: true when this statement inserted the row rather than updated it.
 */
export async function upsertScorecard(db: Queryable, values: typeof scorecards.$inferInsert) {
  const [row] = await db
    .insert(scorecards)
    .values(values)
    .onConflictDoUpdate({ target: [scorecards.interviewId, scorecards.authorId], set: { updatedAt: sql`now()` } })
    .returning({ ...getTableColumns(scorecards), created: sql<boolean>`(xmax = 0)` });
  const { created, ...card } = row!;
  return { card, created };
}

export async function updateScorecard(db: Queryable, scorecardId: string, values: Partial<typeof scorecards.$inferInsert>) {
  const [row] = await db
    .update(scorecards)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(scorecards.id, scorecardId))
    .returning();
  return row!;
}

/** Replaces a draft's ratings; `fresh` skips the delete for a scorecard created in this transaction. */
export async function replaceDraftRatings(db: Queryable, orgId: string, scorecardId: string, ratings: Omit<typeof scorecardRatings.$inferInsert, 'orgId' | 'scorecardId'>[], fresh = false) {
  if (!fresh) await db.delete(scorecardRatings).where(eq(scorecardRatings.scorecardId, scorecardId));
  if (ratings.length === 0) return [];
  return db.insert(scorecardRatings).values(ratings.map((r) => ({ ...r, orgId, scorecardId }))).returning();
}

/** An amendment supersedes the current rows of the criteria it rates and adds new current rows. */
export async function amendRatings(db: Queryable, orgId: string, scorecardId: string, amendmentId: string, ratings: Omit<typeof scorecardRatings.$inferInsert, 'orgId' | 'scorecardId'>[]) {
  const criterionIds = ratings.map((r) => r.criterionId);
  await db
    .update(scorecardRatings)
    .set({ isCurrent: false })
    .where(and(eq(scorecardRatings.scorecardId, scorecardId), eq(scorecardRatings.isCurrent, true), inArray(scorecardRatings.criterionId, criterionIds)));
  await db.insert(scorecardRatings).values(ratings.map((r) => ({ ...r, orgId, scorecardId, amendmentId })));
}

export async function insertAmendment(db: Queryable, values: typeof scorecardAmendments.$inferInsert) {
  const [row] = await db.insert(scorecardAmendments).values(values).returning();
  return row!;
}

export async function ratingsOf(db: Queryable, orgId: string, scorecardIds: string[]) {
  if (scorecardIds.length === 0) return [];
  return db
    .select()
    .from(scorecardRatings)
    .where(and(eq(scorecardRatings.orgId, orgId), inArray(scorecardRatings.scorecardId, scorecardIds)))
    .orderBy(asc(scorecardRatings.createdAt), asc(scorecardRatings.id));
}

export async function amendmentsOf(db: Queryable, orgId: string, scorecardIds: string[]) {
  if (scorecardIds.length === 0) return [];
  return db
    .select()
    .from(scorecardAmendments)
    .where(and(eq(scorecardAmendments.orgId, orgId), inArray(scorecardAmendments.scorecardId, scorecardIds)))
    .orderBy(asc(scorecardAmendments.createdAt), asc(scorecardAmendments.id));
}

export async function scorecardsOfApplication(db: Queryable, orgId: string, applicationId: string) {
  return db
    .select()
    .from(scorecards)
    .where(and(eq(scorecards.orgId, orgId), eq(scorecards.applicationId, applicationId)))
    .orderBy(asc(scorecards.id));
}

export async function scorecardsOfAuthor(db: Queryable, orgId: string, authorId: string, interviewIds: string[]) {
  if (interviewIds.length === 0) return [];
  return db
    .select()
    .from(scorecards)
    .where(and(eq(scorecards.orgId, orgId), eq(scorecards.authorId, authorId), inArray(scorecards.interviewId, interviewIds)));
}

export async function recordScorecardView(db: Queryable, orgId: string, applicationId: string, viewerId: string) {
  await db.insert(scorecardViews).values({ orgId, applicationId, viewerId });
}

export interface OneStatementSubmission {
  orgId: string;
  interviewId: string;
  authorId: string;
  ratings: { criterionId: string; rating: number | null; evidence: string | null; evidenceChars: number }[];
  /** Ids of the rows written, made here as everywhere (newId: UUIDv7). */
  ids: { scorecard: string; message: string; ratings: string[] };
  recommendation: string | null;
  notes: string | null;
  notesChars: number;
  at: Date;
}

/**
 * The database function scorecard_submit (migrations/0007_scorecard_submit.sql): a first
 * submission whole, in one round trip. Null when it wrote nothing (see the function's comment).
 */
const submitStatement = preparedStatement<
  { written: { id: string; applicationId: string; offAssignment: boolean[] } | null },
  { orgId: string; interviewId: string; authorId: string; ids: string; ratings: string; recommendation: string | null; notes: string | null; notesChars: number; at: string }
>(
  'scorecard_submit',
  sql`select scorecard_submit(${sql.placeholder('orgId')}, ${sql.placeholder('interviewId')}, ${sql.placeholder('authorId')}, ${sql.placeholder('ids')}::jsonb,
    ${sql.placeholder('ratings')}::jsonb, ${sql.placeholder('recommendation')}, ${sql.placeholder('notes')}, ${sql.placeholder('notesChars')}, ${sql.placeholder('at')}::timestamptz) as written`,
);

export async function submitInOneStatement(database: Database, s: OneStatementSubmission) {
  const [row] = await submitStatement(database, {
    orgId: s.orgId,
    interviewId: s.interviewId,
    authorId: s.authorId,
    ids: JSON.stringify({ scorecard: s.ids.scorecard, message: s.ids.message }),
    ratings: JSON.stringify(s.ratings.map((r, i) => ({ ...r, id: s.ids.ratings[i] }))),
    recommendation: s.recommendation,
    notes: s.notes,
    notesChars: s.notesChars,
    at: s.at.toISOString(),
  });
  return row?.written ?? null;
}
