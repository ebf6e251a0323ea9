// The role report's counts come from ratings grouped by (criterion, level, co-raters' levels); they
// must equal the definitions computed unit by unit: coincidencesFromUnits, units, distribution.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coincidencesFromUnits, krippendorffAlpha } from '../../src/calibration/alpha.js';
import { criterionCountsOf, LEVELS, type LevelGroup } from '../../src/calibration/counts.js';

/** What the grouped scan returns for these units of one criterion: one group per distinct row key. */
function groupsOf(criterionId: string, units: number[][]): LevelGroup[] {
  const groups = new Map<string, LevelGroup>();
  for (const unit of units) {
    unit.forEach((rating, i) => {
      const coLevels = LEVELS.map((level) => unit.filter((v, j) => j !== i && v === level).length);
      const key = `${rating}|${coLevels.join(',')}`;
      const group = groups.get(key) ?? { criterionId, rating, coLevels, n: 0 };
      group.n += 1;
      groups.set(key, group);
    });
  }
  return [...groups.values()];
}

const sortCells = <T extends { c: number; k: number }>(cells: T[]) => [...cells].sort((a, b) => a.c - b.c || a.k - b.k);

describe('criterion counts from grouped ratings', () => {
  it('reproduces Krippendorff (2011) example C: 11 pairable units of 12, coincidences summing to 40, the published alphas', () => {
    const units = [[1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3]];
    const [counts] = criterionCountsOf(groupsOf('c', units));
    expect(counts!.units).toBe(12);
    expect(counts!.ratings).toBe(41);
    expect(counts!.distribution).toEqual({ '1': 9, '2': 13, '3': 11, '4': 5, '5': 3 });
    expect(counts!.coincidences.reduce((a, c) => a + c.o, 0)).toBeCloseTo(40, 12);
    expect(krippendorffAlpha(counts!.coincidences, 'nominal').value).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(counts!.coincidences, 'interval').value).toBeCloseTo(0.849, 3);
  });

  it('equals the unit-by-unit definitions for any units, with the cells in (c, k) order', () => {
    const unit = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 9 });
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), fc.array(unit, { maxLength: 20 }), (a, b) => {
        const counts = criterionCountsOf([...groupsOf('a', a), ...groupsOf('b', b)]);
        for (const [id, units] of [['a', a], ['b', b]] as const) {
          const mine = counts.find((c) => c.criterionId === id);
          if (units.length === 0) {
            expect(mine).toBeUndefined();
            continue;
          }
          expect(mine!.units).toBe(units.length);
          expect(mine!.ratings).toBe(units.flat().length);
          const distribution: Record<string, number> = {};
          for (const v of units.flat()) distribution[String(v)] = (distribution[String(v)] ?? 0) + 1;
          expect(mine!.distribution).toEqual(distribution);
          expect(mine!.coincidences).toEqual(sortCells(mine!.coincidences));
          const expected = sortCells(coincidencesFromUnits(units));
          expect(mine!.coincidences.map(({ c, k }) => [c, k])).toEqual(expected.map(({ c, k }) => [c, k]));
          mine!.coincidences.forEach((cell, i) => expect(cell.o).toBeCloseTo(expected[i]!.o, 9));
        }
      }),
    );
  });

  it('counts a unit of one rating as a unit with no coincidences', () => {
    expect(criterionCountsOf(groupsOf('c', [[4], [4]]))).toEqual([{ criterionId: 'c', units: 2, ratings: 2, distribution: { '4': 2 }, coincidences: [] }]);
  });
});
