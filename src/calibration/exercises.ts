// Calibration exercises: sample evidence with reference ratings, rated blind by interviewers.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { concurrently, type Queryable } from '../db/client.js';
import { calibrationExerciseInterviewers, calibrationExercises, calibrationItems, calibrationResponses } from '../db/schema.js';

export type ExerciseRow = typeof calibrationExercises.$inferSelect;

export async function insertExercise(
  tx: Queryable,
  orgId: string,
  values: { title: string; roleId: string | null; scaleLabels: string[]; createdBy: string },
  interviewerIds: string[],
  items: { criterionName: string; criterionId: string | null; evidence: string; referenceRating: number }[],
) {
  const [exercise] = await tx.insert(calibrationExercises).values({ orgId, ...values }).returning();
  await tx.insert(calibrationExerciseInterviewers).values(interviewerIds.map((interviewerId) => ({ orgId, exerciseId: exercise!.id, interviewerId })));
  await tx.insert(calibrationItems).values(items.map((item, position) => ({ orgId, exerciseId: exercise!.id, position, ...item })));
  return exercise!;
}

export async function findExercise(db: Queryable, orgId: string, exerciseId: string) {
  const [row] = await db.select().from(calibrationExercises).where(and(eq(calibrationExercises.orgId, orgId), eq(calibrationExercises.id, exerciseId)));
  return row;
}

export async function exerciseParts(db: Queryable, orgId: string, exerciseId: string) {
  const [interviewers, items, responses] = await concurrently(db, [
    () => db.select().from(calibrationExerciseInterviewers).where(and(eq(calibrationExerciseInterviewers.orgId, orgId), eq(calibrationExerciseInterviewers.exerciseId, exerciseId))),
    () => db.select().from(calibrationItems).where(and(eq(calibrationItems.orgId, orgId), eq(calibrationItems.exerciseId, exerciseId))).orderBy(asc(calibrationItems.position)),
    () => db.select().from(calibrationResponses).where(and(eq(calibrationResponses.orgId, orgId), eq(calibrationResponses.exerciseId, exerciseId))),
  ]);
  return { interviewerIds: interviewers.map((i) => i.interviewerId), items, responses };
}

export async function insertResponses(tx: Queryable, orgId: string, exerciseId: string, interviewerId: string, ratings: { itemId: string; rating: number }[]) {
  return tx
    .insert(calibrationResponses)
    .values(ratings.map((r) => ({ orgId, exerciseId, interviewerId, itemId: r.itemId, rating: r.rating })))
    .returning();
}

export async function itemsByIds(db: Queryable, exerciseId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(calibrationItems).where(and(eq(calibrationItems.exerciseId, exerciseId), inArray(calibrationItems.id, ids)));
}

/** A role's exercises, newest first. */
export async function exercisesOfRole(db: Queryable, orgId: string, roleId: string) {
  return db.select().from(calibrationExercises).where(and(eq(calibrationExercises.orgId, orgId), eq(calibrationExercises.roleId, roleId))).orderBy(desc(calibrationExercises.createdAt));
}

/** The exercises an interviewer is named on, newest first. */
export async function exercisesOfInterviewer(db: Queryable, orgId: string, interviewerId: string) {
  return db
    .select({ id: calibrationExercises.id })
    .from(calibrationExercises)
    .innerJoin(calibrationExerciseInterviewers, eq(calibrationExerciseInterviewers.exerciseId, calibrationExercises.id))
    .where(and(eq(calibrationExercises.orgId, orgId), eq(calibrationExerciseInterviewers.interviewerId, interviewerId)))
    .orderBy(desc(calibrationExercises.createdAt));
}
