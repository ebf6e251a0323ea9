// Selection rates and the four-fifths rule of the Uniform Guidelines (29 CFR 1607.4(D)): a
// group's selection rate below four-fifths of the highest group's rate is taken as evidence of
// adverse impact.

export interface GroupCounts {
  entered: number;
  passed: number;
}

export const selectionRate = (g: GroupCounts): number | null => (g.entered > 0 ? g.passed / g.entered : null);

/**
 * Decided in integers so no rounding can move a group across the line:
 * passedₐ/enteredₐ < 4/5 · passedᵣ/enteredᵣ  ⇔  5·passedₐ·enteredᵣ < 4·passedᵣ·enteredₐ.
 * Exactly four-fifths is not below.
 */
export function belowFourFifths(group: GroupCounts, reference: GroupCounts): boolean {
  return 5 * group.passed * reference.entered < 4 * reference.passed * group.entered;
}

/** The group's rate over the reference's; null when the reference rate is zero (no ratio exists). */
export function impactRatio(group: GroupCounts, reference: GroupCounts): number | null {
  if (reference.passed === 0 || group.entered === 0) return null;
  return (group.passed * reference.entered) / (group.entered * reference.passed);
}

/** The four expected cell counts of the 2×2 table group/reference × passed/not passed. */
export function expectedCounts(group: GroupCounts, reference: GroupCounts): number[] {
  const total = group.entered + reference.entered;
  const passed = group.passed + reference.passed;
  const failed = total - passed;
  if (total === 0) return [0, 0, 0, 0];
  return [group.entered, reference.entered].flatMap((row) => [(row * passed) / total, (row * failed) / total]);
}
