// Golden tests for the statistics of the adverse-impact report, from published worked examples.
import { describe, expect, it } from 'vitest';
import { fisherExactTwoSided, lgamma } from '../../src/fairness/fisher.js';
import { belowFourFifths, expectedCounts, impactRatio, selectionRate } from '../../src/fairness/selection.js';

/** Exact two-sided p with rational arithmetic (BigInt), the definition spelled out: a check, not a source. */
function exactTwoSided(a: number, b: number, c: number, d: number): number {
  const choose = (n: number, k: number) => {
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
    return r;
  };
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const weights: bigint[] = [];
  for (let x = Math.max(0, k - n); x <= Math.min(k, m); x++) weights.push(choose(m, x) * choose(n, k - x));
  const observed = choose(m, a) * choose(n, k - a);
  const total = weights.reduce((s, w) => s + w, 0n);
  const tail = weights.filter((w) => w <= observed).reduce((s, w) => s + w, 0n);
  const scale = 10n ** 30n;
  return Number((tail * scale) / total) / 1e30;
}

describe('Fisher’s exact test, two-sided', () => {
  it('reproduces the tea-tasting experiment: p = 0.4857', () => {
    // Fisher's tea drinker (Agresti, Categorical Data Analysis, 1990, p. 61f; 2002, p. 91), as in
    // R's fisher.test documentation, example "TeaTasting": matrix(c(3, 1, 1, 3), nrow = 2), 3 of
    // 4 cups guessed right. Two-sided p = 0.4857 (= 34/70: the tables with 0, 1, 3 and 4 right
    // are each no more likely than the observed one).
    expect(fisherExactTwoSided(3, 1, 1, 3)).toBeCloseTo(0.4857, 4);
    expect(fisherExactTwoSided(3, 1, 1, 3)).toBeCloseTo(34 / 70, 12);
  });

  it('reproduces the convictions of twins of criminals: p = 0.0005367', () => {
    // Criminal convictions of like-sex twins (Fisher 1962, 1970), R's fisher.test documentation,
    // example "Convictions":
    // matrix(c(2, 10, 15, 3), nrow = 2): dizygotic 2 convicted / 15 not, monozygotic 10 / 3.
    // fisher.test(Convictions) gives p-value = 0.0005367.
    expect(fisherExactTwoSided(2, 15, 10, 3)).toBeCloseTo(0.0005367, 7);
    expect(fisherExactTwoSided(2, 15, 10, 3)).toBeCloseTo(exactTwoSided(2, 15, 10, 3), 15);
  });

  it('reproduces the dieting example of the Wikipedia article: p = 0.002759', () => {
    // Wikipedia, "Fisher's exact test", Example: men 1 dieting / 11 not, women 9 / 3, i.e.
    // [[1, 9], [11, 3]]; one-tailed p = 0.001346, two-tailed p = 0.002759.
    expect(fisherExactTwoSided(1, 9, 11, 3)).toBeCloseTo(0.002759, 6);
  });

  it('does not depend on which row or column comes first', () => {
    const p = fisherExactTwoSided(7, 13, 2, 18);
    expect(fisherExactTwoSided(2, 18, 7, 13)).toBeCloseTo(p, 14);
    expect(fisherExactTwoSided(13, 7, 18, 2)).toBeCloseTo(p, 14);
    expect(fisherExactTwoSided(7, 2, 13, 18)).toBeCloseTo(p, 14);
  });

  it('agrees with exact rational arithmetic, including ties the tolerance must keep', () => {
    const tables: [number, number, number, number][] = [[5, 5, 5, 5], [0, 10, 10, 0], [12, 30, 25, 20], [40, 160, 60, 140], [1, 0, 0, 1], [60, 40, 45, 55]];
    for (const table of tables) {
      expect(fisherExactTwoSided(...table), table.join(',')).toBeCloseTo(exactTwoSided(...table), 12);
    }
    // A symmetric table: every table is tied with its mirror image, and all count.
    expect(fisherExactTwoSided(5, 5, 5, 5)).toBe(1);
  });

  it('stays exact and finite for counts in the thousands', () => {
    const p = fisherExactTwoSided(300, 700, 350, 650);
    expect(p).toBeCloseTo(exactTwoSided(300, 700, 350, 650), 10);
    expect(p).toBeGreaterThan(0.01);
    // 10,000 candidates: finite, symmetric in the rows, a probability.
    const big = fisherExactTwoSided(1200, 3800, 1350, 3650);
    expect(big).toBeCloseTo(fisherExactTwoSided(1350, 3650, 1200, 3800), 12);
    expect(big).toBeGreaterThan(0);
    expect(big).toBeLessThan(0.01);
    const tiny = fisherExactTwoSided(500, 4500, 1500, 3500);
    expect(Number.isFinite(tiny)).toBe(true);
    expect(tiny).toBeGreaterThanOrEqual(0);
    expect(tiny).toBeLessThan(1e-100);
  });

  it('answers 1 for a table with an empty margin, and refuses negative or fractional counts', () => {
    expect(fisherExactTwoSided(0, 0, 3, 4)).toBe(1);
    expect(fisherExactTwoSided(0, 5, 0, 7)).toBe(1);
    expect(() => fisherExactTwoSided(-1, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExactTwoSided(1.5, 2, 3, 4)).toThrow(RangeError);
  });

  it('computes ln Γ accurately', () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    // ln 170! from the exact factorial, and Stirling for a large argument.
    let log170 = 0;
    for (let i = 2; i <= 170; i++) log170 += Math.log(i);
    expect(lgamma(171)).toBeCloseTo(log170, 9);
    const x = 1e6;
    expect(lgamma(x) / ((x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x))).toBeCloseTo(1, 12);
  });
});

describe('the four-fifths rule', () => {
  it('reproduces the Uniform Guidelines’ example', () => {
    // Questions and Answers to Clarify and Provide a Common Interpretation of the Uniform
    // Guidelines on Employee Selection Procedures (EEOC, OPM, DOJ, DOL; 44 FR 11996, March 2,
    // 1979), the worked example of the four-fifths rule: "if the hiring rate for whites other than
    // Hispanics is 60%, for American Indians 45%, for Hispanics 48%, and for Blacks 51%, [...]
    // These comparisons show the following impact ratios: American Indians 45/60 or 75%; Hispanics
    // 48/60 or 80%; and Blacks 51/60 or 85%. [...] adverse impact is indicated for American Indians
    // but not for Hispanics or Blacks." The rates are theirs; 100 applicants per group are ours:
    const whites = { entered: 100, passed: 60 };
    const americanIndians = { entered: 100, passed: 45 };
    const hispanics = { entered: 100, passed: 48 };
    const blacks = { entered: 100, passed: 51 };
    expect(impactRatio(americanIndians, whites)).toBeCloseTo(0.75, 12);
    expect(impactRatio(hispanics, whites)).toBeCloseTo(0.8, 12);
    expect(impactRatio(blacks, whites)).toBeCloseTo(0.85, 12);
    expect(belowFourFifths(americanIndians, whites)).toBe(true);
    // Exactly four-fifths is not below (29 CFR 1607.4(D): "less than four-fifths").
    expect(belowFourFifths(hispanics, whites)).toBe(false);
    expect(belowFourFifths(blacks, whites)).toBe(false);
  });

  it('decides exactly four-fifths in integers where floating point would not', () => {
    // 0.28 / 0.35 is 0.8000000000000002 in binary floating point; in integers it is exactly 4/5.
    const group = { entered: 100, passed: 28 };
    const reference = { entered: 100, passed: 35 };
    expect(belowFourFifths(group, reference)).toBe(false);
    expect(belowFourFifths({ entered: 100, passed: 27 }, reference)).toBe(true);
    // Different group sizes: 12/40 = 0.3 against 0.8 · 30/80 = 0.3: not below; 11/40 is.
    expect(belowFourFifths({ entered: 40, passed: 12 }, { entered: 80, passed: 30 })).toBe(false);
    expect(belowFourFifths({ entered: 40, passed: 11 }, { entered: 80, passed: 30 })).toBe(true);
  });

  it('gives rates, ratios and expected counts, with null where they do not exist', () => {
    expect(selectionRate({ entered: 40, passed: 12 })).toBe(0.3);
    expect(selectionRate({ entered: 0, passed: 0 })).toBeNull();
    expect(impactRatio({ entered: 10, passed: 0 }, { entered: 10, passed: 0 })).toBeNull();
    // Rows 40 and 80 entered, 42 passed of 120: expected 14 / 26 and 28 / 52.
    expect(expectedCounts({ entered: 40, passed: 12 }, { entered: 80, passed: 30 })).toEqual([14, 26, 28, 52]);
  });
});
