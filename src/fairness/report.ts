// The adverse-impact report from counts: per question, per stage (each step, then the whole
// process), per category. Pure: the counting happens in SQL (adverse-impact.ts).
import { fisherExactTwoSided } from './fisher.js';
import { belowFourFifths, expectedCounts, impactRatio, selectionRate, type GroupCounts } from './selection.js';

/** Categories with fewer people entering a stage are shown without counts or statistics. */
export const MIN_CATEGORY_SIZE = 5;
/** The usual rule of thumb for a 2×2 table: expected counts below 5 make its statistics fragile. */
export const MIN_EXPECTED_COUNT = 5;
export const WHOLE_PROCESS = 'Whole process';

export interface ReportQuestion {
  id: string;
  label: string;
  categories: { id: string; label: string }[];
}
export interface ReportStage {
  /** null for the whole process (applied → hired). */
  stepId: string | null;
  name: string;
}
/** Counts of one stage: per category id, and `null` for "prefer not to say" and unanswered together. */
export type StageCounts = Map<string | null, GroupCounts>;

export interface CategoryRow {
  categoryId: string;
  label: string;
  suppressed: boolean;
  entered: number | null;
  passed: number | null;
  rate: number | null;
  impactRatio: number | null;
  belowFourFifths: boolean | null;
  fisherP: number | null;
  reference: boolean;
  warning: string | null;
}

export interface StageReport {
  stepId: string | null;
  name: string;
  notAnswered: number;
  categories: CategoryRow[];
}

const suppressedRow = (c: { id: string; label: string }): CategoryRow => ({
  categoryId: c.id,
  label: c.label,
  suppressed: true,
  entered: null,
  passed: null,
  rate: null,
  impactRatio: null,
  belowFourFifths: null,
  fisherP: null,
  reference: false,
  warning: null,
});

/** The highest selection rate among shown categories; ties go to the larger group, then to the first listed. */
function referenceOf(shown: { id: string; counts: GroupCounts }[]): { id: string; counts: GroupCounts } | undefined {
  let best: { id: string; counts: GroupCounts } | undefined;
  for (const candidate of shown) {
    if (!best) {
      best = candidate;
      continue;
    }
    // Compare passedₐ/enteredₐ with passed_b/entered_b exactly, by cross-multiplying.
    const lhs = candidate.counts.passed * best.counts.entered;
    const rhs = best.counts.passed * candidate.counts.entered;
    if (lhs > rhs || (lhs === rhs && candidate.counts.entered > best.counts.entered)) best = candidate;
  }
  return best;
}

function smallSampleWarning(group: GroupCounts, reference: GroupCounts): string | null {
  const smallest = Math.min(...expectedCounts(group, reference));
  if (smallest >= MIN_EXPECTED_COUNT) return null;
  return `An expected cell count of the comparison with the reference category is ${smallest.toFixed(2)}, below ${MIN_EXPECTED_COUNT}: the sample is small, so read the ratio and the p-value with care.`;
}

export function stageReport(question: ReportQuestion, stage: ReportStage, counts: StageCounts): StageReport {
  const zero = { entered: 0, passed: 0 };
  const countsOf = (id: string) => counts.get(id) ?? zero;
  const shown = question.categories.filter((c) => countsOf(c.id).entered >= MIN_CATEGORY_SIZE).map((c) => ({ id: c.id, counts: countsOf(c.id) }));
  const reference = referenceOf(shown);
  const categories = question.categories.map((c): CategoryRow => {
    const group = countsOf(c.id);
    if (group.entered < MIN_CATEGORY_SIZE || !reference) return suppressedRow(c);
    const isReference = c.id === reference.id;
    const ref = reference.counts;
    return {
      categoryId: c.id,
      label: c.label,
      suppressed: false,
      entered: group.entered,
      passed: group.passed,
      rate: selectionRate(group),
      impactRatio: impactRatio(group, ref),
      belowFourFifths: isReference ? false : belowFourFifths(group, ref),
      fisherP: isReference ? null : fisherExactTwoSided(group.passed, group.entered - group.passed, ref.passed, ref.entered - ref.passed),
      reference: isReference,
      warning: isReference ? null : smallSampleWarning(group, ref),
    };
  });
  return { stepId: stage.stepId, name: stage.name, notAnswered: (counts.get(null) ?? zero).entered, categories };
}

export function questionReport(question: ReportQuestion, stages: ReportStage[], countsByStage: Map<string | null, StageCounts>) {
  return {
    questionId: question.id,
    label: question.label,
    stages: stages.map((stage) => stageReport(question, stage, countsByStage.get(stage.stepId) ?? new Map())),
  };
}
