import { describe, expect, it } from 'vitest';
import { coincidencesFromUnits, krippendorffAlpha } from '../../src/calibration/alpha.js';

// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. University of
// Pennsylvania, ScholarlyCommons (Departmental Papers, ASC), example C: four observers, twelve
// units, missing values. Reported: nominal .743, ordinal .815, interval .849, ratio .797.
const observers: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const units = observers[0]!.map((_, u) => observers.map((o) => o[u]!));

describe('Krippendorff’s alpha', () => {
  const o = coincidencesFromUnits(units);

  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('reproduces Krippendorff (2011) example C, %s α = %s', (level, expected) => {
    const alpha = krippendorffAlpha(o, level);
    expect(alpha.value).not.toBeNull();
    expect(alpha.value!).toBeCloseTo(expected, 3);
  });

  it('reproduces Krippendorff (2011) example A: two observers, binary data, nominal α = 0.095', () => {
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(krippendorffAlpha(coincidencesFromUnits(a.map((v, i) => [v, b[i]!])), 'nominal').value!).toBeCloseTo(0.095, 3);
  });

  it('drops units with a single value: unit 12 of example C counts for nothing', () => {
    const total = coincidencesFromUnits(units).reduce((sum, c) => sum + c.o, 0);
    expect(total).toBeCloseTo(40, 9);
  });

  it('answers null with a reason, never NaN, when there is nothing to compute', () => {
    expect(krippendorffAlpha(coincidencesFromUnits([[3, null], [null, 2]]), 'interval')).toEqual({ value: null, reason: 'fewer than two pairable values' });
    expect(krippendorffAlpha(coincidencesFromUnits([[3, 3], [3, 3, 3]]), 'ordinal').reason).toMatch(/same value/);
    expect(krippendorffAlpha([], 'nominal').value).toBeNull();
  });

  it('is 1 for perfect agreement', () => {
    expect(krippendorffAlpha(coincidencesFromUnits([[1, 1], [2, 2, 2], [4, 4]]), 'interval').value).toBe(1);
  });
});
