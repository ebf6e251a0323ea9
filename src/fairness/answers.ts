// A candidate's own self-identification answers: read, replaced, exported to them, erased.
// Nothing here is ever written to the audit log, a log line or another route.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { fairnessAnswers, fairnessCategories, fairnessQuestions } from '../db/schema.js';
import { unprocessable, type FieldError } from '../errors.js';
import { loadQuestions } from './questions.js';

export interface Answer {
  questionId: string;
  categoryId: string | null;
}

export async function answersOf(db: Queryable, orgId: string, candidateId: string): Promise<Answer[]> {
  return db
    .select({ questionId: fairnessAnswers.questionId, categoryId: fairnessAnswers.categoryId })
    .from(fairnessAnswers)
    .innerJoin(fairnessQuestions, eq(fairnessQuestions.id, fairnessAnswers.questionId))
    .where(and(eq(fairnessAnswers.orgId, orgId), eq(fairnessAnswers.candidateId, candidateId)))
    .orderBy(asc(fairnessQuestions.position));
}

/** The form: questions and categories not retired. */
export async function formQuestions(db: Queryable, orgId: string) {
  return (await loadQuestions(db, orgId))
    .filter((q) => !q.retired)
    .map((q) => ({ id: q.id, label: q.label, categories: q.categories.filter((c) => !c.retired).map((c) => ({ id: c.id, label: c.label })) }));
}

/**
 * Replaces the candidate's answers. Only what the form offers may be chosen, except that an
 * answer the candidate already holds may be sent back unchanged after its category was retired.
 * Returns whether anything changed.
 */
export async function replaceAnswers(tx: Tx, orgId: string, candidateId: string, answers: Answer[]): Promise<boolean> {
  const questions = new Map((await loadQuestions(tx, orgId)).map((q) => [q.id, q]));
  const before = await answersOf(tx, orgId, candidateId);
  const held = new Set(before.map((a) => `${a.questionId}/${a.categoryId}`));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    const path = `body.answers.${i}`;
    const question = questions.get(a.questionId);
    const keeps = held.has(`${a.questionId}/${a.categoryId}`);
    if (seen.has(a.questionId)) errors.push({ path: `${path}.questionId`, message: 'answer each question at most once' });
    seen.add(a.questionId);
    if (!question || (question.retired && !keeps)) return errors.push({ path: `${path}.questionId`, message: 'not a question on the form' });
    if (a.categoryId === null) return;
    const category = question.categories.find((c) => c.id === a.categoryId);
    if (!category || (category.retired && !keeps)) errors.push({ path: `${path}.categoryId`, message: 'not a category of this question (null means prefer not to say)' });
  });
  if (errors.length) throw unprocessable('The answers do not fit the questions.', { errors });

  // Only what changed is written, so an unchanged answer keeps the time it was given.
  const answeredNow = new Set(answers.map((a) => a.questionId));
  const dropped = before.filter((a) => !answeredNow.has(a.questionId)).map((a) => a.questionId);
  const updated = answers.filter((a) => !held.has(`${a.questionId}/${a.categoryId}`));
  if (dropped.length) await tx.delete(fairnessAnswers).where(and(eq(fairnessAnswers.orgId, orgId), eq(fairnessAnswers.candidateId, candidateId), inArray(fairnessAnswers.questionId, dropped)));
  if (updated.length) {
    await tx
      .insert(fairnessAnswers)
      .values(updated.map((a) => ({ orgId, candidateId, questionId: a.questionId, categoryId: a.categoryId })))
      .onConflictDoUpdate({ target: [fairnessAnswers.candidateId, fairnessAnswers.questionId], set: { categoryId: sql`excluded.category_id`, answeredAt: sql`now()` } });
  }
  return dropped.length > 0 || updated.length > 0;
}

/** For the candidate's own data export: labels, so the export reads without the form. */
export async function answersForExport(db: Queryable, orgId: string, candidateId: string) {
  const rows = await db
    .select({ question: fairnessQuestions.label, category: fairnessCategories.label, answeredAt: fairnessAnswers.answeredAt })
    .from(fairnessAnswers)
    .innerJoin(fairnessQuestions, eq(fairnessQuestions.id, fairnessAnswers.questionId))
    .leftJoin(fairnessCategories, eq(fairnessCategories.id, fairnessAnswers.categoryId))
    .where(and(eq(fairnessAnswers.orgId, orgId), eq(fairnessAnswers.candidateId, candidateId)))
    .orderBy(asc(fairnessQuestions.position));
  return rows.map((r) => ({ question: r.question, answer: r.category ?? 'Prefer not to say', answeredAt: r.answeredAt.toISOString() }));
}

/** Erasure: the answers go entirely (they are not needed for anonymized statistics). */
export async function eraseAnswers(tx: Tx, orgId: string, candidateId: string): Promise<void> {
  await tx.delete(fairnessAnswers).where(and(eq(fairnessAnswers.orgId, orgId), eq(fairnessAnswers.candidateId, candidateId)));
}
