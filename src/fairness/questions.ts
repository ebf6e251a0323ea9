// The organization's self-identification questions and categories (the only queries on them).
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { fairnessAnswers, fairnessCategories, fairnessQuestionSets, fairnessQuestions } from '../db/schema.js';
import { DEFAULT_QUESTIONS } from './defaults.js';
import type { QuestionPlan, StoredQuestion } from './question-set.js';
import type { QuestionSet } from './schemas.js';

/**
 * Creates the default set the first time an organization's questions are needed. The marker row
 * serializes concurrent first uses and keeps an emptied set empty. `lock` also holds the row for
 * the rest of the transaction: 'update' while the set is edited, 'share' while answers are
 * written, so an answer never points at a category being deleted.
 */
export async function ensureQuestionSet(tx: Tx, orgId: string, lock: 'update' | 'share' | 'none' = 'none'): Promise<void> {
  const created = await tx.insert(fairnessQuestionSets).values({ orgId }).onConflictDoNothing().returning({ orgId: fairnessQuestionSets.orgId });
  if (created.length) {
    for (const [position, q] of DEFAULT_QUESTIONS.entries()) {
      const [question] = await tx.insert(fairnessQuestions).values({ orgId, label: q.label, position }).returning({ id: fairnessQuestions.id });
      await tx.insert(fairnessCategories).values(q.categories.map((label, i) => ({ orgId, questionId: question!.id, label, position: i })));
    }
  }
  if (lock !== 'none') await tx.select({ orgId: fairnessQuestionSets.orgId }).from(fairnessQuestionSets).where(eq(fairnessQuestionSets.orgId, orgId)).for(lock);
}

/** Every question and category, retired ones included, in form order. */
export async function loadQuestions(db: Queryable, orgId: string): Promise<StoredQuestion[]> {
  const questions = await db.select().from(fairnessQuestions).where(eq(fairnessQuestions.orgId, orgId)).orderBy(asc(fairnessQuestions.position), asc(fairnessQuestions.id));
  const categories = await db.select().from(fairnessCategories).where(eq(fairnessCategories.orgId, orgId)).orderBy(asc(fairnessCategories.position), asc(fairnessCategories.id));
  return questions.map((q) => ({
    id: q.id,
    label: q.label,
    retired: q.retiredAt !== null,
    categories: categories.filter((c) => c.questionId === q.id).map((c) => ({ id: c.id, label: c.label, retired: c.retiredAt !== null })),
  }));
}

export const toQuestionSet = (questions: StoredQuestion[]): QuestionSet => ({ questions });

/** Which questions and categories someone has answered: those can only be retired. */
export async function answeredIds(db: Queryable, orgId: string) {
  const questionRows = await db.selectDistinct({ id: fairnessAnswers.questionId }).from(fairnessAnswers).where(eq(fairnessAnswers.orgId, orgId));
  const categoryRows = await db
    .selectDistinct({ id: fairnessAnswers.categoryId })
    .from(fairnessAnswers)
    .where(and(eq(fairnessAnswers.orgId, orgId), isNotNull(fairnessAnswers.categoryId)));
  return { questionIds: new Set(questionRows.map((r) => r.id)), categoryIds: new Set(categoryRows.map((r) => r.id!)) };
}

export async function applyQuestionPlan(tx: Tx, orgId: string, plan: QuestionPlan): Promise<void> {
  const now = new Date();
  const retiredAt = (retired: boolean) => (retired ? sql`coalesce(retired_at, ${now})` : null);
  if (plan.deleteQuestionIds.length) await tx.delete(fairnessQuestions).where(and(eq(fairnessQuestions.orgId, orgId), inArray(fairnessQuestions.id, plan.deleteQuestionIds)));
  for (const q of plan.upsert) {
    if (q.isNew) await tx.insert(fairnessQuestions).values({ id: q.id, orgId, label: q.label, position: q.position, retiredAt: q.retired ? now : null });
    else await tx.update(fairnessQuestions).set({ label: q.label, position: q.position, retiredAt: retiredAt(q.retired) }).where(and(eq(fairnessQuestions.orgId, orgId), eq(fairnessQuestions.id, q.id)));
    if (q.deleteCategoryIds.length) await tx.delete(fairnessCategories).where(and(eq(fairnessCategories.questionId, q.id), inArray(fairnessCategories.id, q.deleteCategoryIds)));
    for (const c of q.categories) {
      if (c.isNew) await tx.insert(fairnessCategories).values({ id: c.id, orgId, questionId: q.id, label: c.label, position: c.position, retiredAt: c.retired ? now : null });
      else await tx.update(fairnessCategories).set({ label: c.label, position: c.position, retiredAt: retiredAt(c.retired) }).where(and(eq(fairnessCategories.questionId, q.id), eq(fairnessCategories.id, c.id)));
    }
  }
}
