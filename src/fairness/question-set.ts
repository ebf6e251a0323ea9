// Planning an edit of the question set: which questions and categories are created, relabelled,
// retired or deleted. Pure: the caller loads the current set and what has answers, and applies
// the plan. Anything with answers is never deleted, only retired, so the report keeps it.
import { newId } from '../db/ids.js';
import type { FieldError } from '../errors.js';
import type { QuestionSetBody } from './schemas.js';

export interface StoredItem {
  id: string;
  label: string;
  retired: boolean;
}
export interface StoredQuestion extends StoredItem {
  categories: StoredItem[];
}

export interface PlannedItem {
  id: string;
  label: string;
  position: number;
  retired: boolean;
  isNew: boolean;
}
export interface QuestionPlan {
  upsert: (PlannedItem & { categories: PlannedItem[]; deleteCategoryIds: string[] })[];
  deleteQuestionIds: string[];
}

const key = (label: string) => label.trim().toLocaleLowerCase('en');

function duplicateLabels(items: { label: string; retired: boolean }[], path: (i: number) => string, what: string): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    if (item.retired) return;
    if (seen.has(key(item.label))) errors.push({ path: path(i), message: `another ${what} on the form has this label` });
    seen.add(key(item.label));
  });
  return errors;
}

/**
 * The body lists the questions in form order; stored ones it leaves out are deleted when nobody
 * answered them and retired otherwise (and likewise for categories). Returns field errors
 * instead of a plan when the body names unknown ids or would leave the form ambiguous.
 */
export function planQuestionSet(
  current: StoredQuestion[],
  body: QuestionSetBody,
  answered: { questionIds: Set<string>; categoryIds: Set<string> },
): { plan: QuestionPlan; errors: [] } | { plan: null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byId = new Map(current.map((q) => [q.id, q]));
  const seenIds = new Set<string>();
  const claim = (id: string, path: string) => {
    if (seenIds.has(id)) errors.push({ path, message: 'this id appears more than once' });
    seenIds.add(id);
  };

  errors.push(...duplicateLabels(body.questions, (i) => `body.questions.${i}.label`, 'question'));
  body.questions.forEach((q, qi) => {
    const base = `body.questions.${qi}`;
    if (q.id) {
      claim(q.id, `${base}.id`);
      if (!byId.has(q.id)) errors.push({ path: `${base}.id`, message: 'not a question of this organization' });
    }
    const known = new Set((q.id ? byId.get(q.id)?.categories ?? [] : []).map((c) => c.id));
    q.categories.forEach((c, ci) => {
      if (!c.id) return;
      claim(c.id, `${base}.categories.${ci}.id`);
      if (!known.has(c.id)) errors.push({ path: `${base}.categories.${ci}.id`, message: 'not a category of this question' });
    });
    errors.push(...duplicateLabels(q.categories, (ci) => `${base}.categories.${ci}.label`, 'category of this question'));
    if (!q.retired && q.categories.every((c) => c.retired)) errors.push({ path: `${base}.categories`, message: 'a question on the form needs at least one category that is not retired' });
  });
  if (errors.length) return { plan: null, errors };

  const listed = new Set(body.questions.map((q) => q.id).filter(Boolean));
  const leftOut = current.filter((q) => !listed.has(q.id));
  const upsert: QuestionPlan['upsert'] = body.questions.map((q, qi) => {
    const stored = q.id ? byId.get(q.id) : undefined;
    const listedCategories = new Set(q.categories.map((c) => c.id).filter(Boolean));
    const leftOutCategories = (stored?.categories ?? []).filter((c) => !listedCategories.has(c.id));
    const categories: PlannedItem[] = [
      ...q.categories.map((c, ci) => ({ id: c.id ?? newId(), label: c.label, position: ci, retired: c.retired, isNew: !c.id })),
      ...leftOutCategories.filter((c) => answered.categoryIds.has(c.id)).map((c, i) => ({ id: c.id, label: c.label, position: q.categories.length + i, retired: true, isNew: false })),
    ];
    return {
      id: q.id ?? newId(),
      label: q.label,
      position: qi,
      retired: q.retired,
      isNew: !q.id,
      categories,
      deleteCategoryIds: leftOutCategories.filter((c) => !answered.categoryIds.has(c.id)).map((c) => c.id),
    };
  });
  leftOut
    .filter((q) => answered.questionIds.has(q.id))
    .forEach((q, i) =>
      upsert.push({
        id: q.id,
        label: q.label,
        position: body.questions.length + i,
        retired: true,
        isNew: false,
        categories: q.categories.map((c, ci) => ({ id: c.id, label: c.label, position: ci, retired: c.retired, isNew: false })),
        deleteCategoryIds: [],
      }),
    );
  return { plan: { upsert, deleteQuestionIds: leftOut.filter((q) => !answered.questionIds.has(q.id)).map((q) => q.id) }, errors: [] };
}
