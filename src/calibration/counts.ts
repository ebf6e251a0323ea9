// Per-criterion counts and Krippendorff coincidences from ratings grouped by what they contribute:
// (criterion, level, co-raters' level counts). A role's hundreds of thousands of ratings fall into
// a few hundred such groups, so the database only counts and everything else is exact integer
// arithmetic here, with one division per co-rater count at the end.
import type { Coincidence } from './alpha.js';

export const LEVELS = [1, 2, 3, 4, 5, 6, 7];

/** `n` ratings of one criterion at `rating` whose unit's other raters gave `coLevels[k − 1]` of level k. */
export interface LevelGroup {
  criterionId: string;
  rating: number;
  coLevels: readonly number[];
  n: number;
}

export interface CriterionCounts {
  criterionId: string;
  units: number;
  ratings: number;
  /** rating level → how many ratings. */
  distribution: Record<string, number>;
  /** Krippendorff's coincidence counts o[c][k] over units with two ratings or more, by c then k. */
  coincidences: Coincidence[];
}

interface Tally {
  ratings: number;
  distribution: Map<number, number>;
  /** unit size → ratings in units of that size (a unit of m raters has m of them). */
  bySize: Map<number, number>;
  /** `c|k|co-raters` → Σ n · coLevels[k]: o_ck's numerator for that co-rater count. */
  numerators: Map<string, number>;
}

/**
 * o_ck = Σ_u n_uc·(n_uk − [c = k]) / (m_u − 1): every rating at level c adds its co-raters' level
 * counts over m_u − 1 to row c. A unit of m raters has m ratings, so Σ ratings/m over sizes counts
 * its units exactly.
 */
export function criterionCountsOf(groups: readonly LevelGroup[]): CriterionCounts[] {
  const tallies = new Map<string, Tally>();
  for (const g of groups) {
    let t = tallies.get(g.criterionId);
    if (!t) tallies.set(g.criterionId, (t = { ratings: 0, distribution: new Map(), bySize: new Map(), numerators: new Map() }));
    const coRaters = g.coLevels.reduce((a, b) => a + b, 0);
    t.ratings += g.n;
    t.distribution.set(g.rating, (t.distribution.get(g.rating) ?? 0) + g.n);
    t.bySize.set(coRaters + 1, (t.bySize.get(coRaters + 1) ?? 0) + g.n);
    if (coRaters === 0) continue;
    g.coLevels.forEach((count, i) => {
      if (count === 0) return;
      const key = `${g.rating}|${LEVELS[i]}|${coRaters}`;
      t.numerators.set(key, (t.numerators.get(key) ?? 0) + g.n * count);
    });
  }
  return [...tallies].map(([criterionId, t]) => {
    const cells = new Map<string, Coincidence>();
    const keys = [...t.numerators.keys()].map((key) => key.split('|').map(Number) as [number, number, number]);
    keys.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [c, k, coRaters] of keys) {
      const cell = cells.get(`${c}|${k}`) ?? { c, k, o: 0 };
      cell.o += t.numerators.get(`${c}|${k}|${coRaters}`)! / coRaters;
      cells.set(`${c}|${k}`, cell);
    }
    let units = 0;
    for (const [size, ratings] of t.bySize) units += ratings / size;
    const levels = [...t.distribution.keys()].sort((a, b) => a - b);
    return {
      criterionId,
      units: Math.round(units),
      ratings: t.ratings,
      distribution: Object.fromEntries(levels.map((level) => [String(level), t.distribution.get(level)!])),
      coincidences: [...cells.values()],
    };
  });
}
