import { describe, expect, it } from 'vitest';
import { intraclassCorrelations } from '../../src/calibration/icc.js';
import { spearman } from '../../src/calibration/spearman.js';
import { studentTQuantile } from '../../src/calibration/student-t.js';

describe('intraclass correlations', () => {
  // Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: Uses in assessing rater
  // reliability. Psychological Bulletin, 86(2), 420–428, Table 2: six targets rated by four
  // judges. Published (Table 4): ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71, ICC(1,4) .44,
  // ICC(2,4) .62, ICC(3,4) .91; to three decimals as reproduced by R's psych::ICC.
  const table2 = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];

  it('reproduces Shrout & Fleiss (1979) Table 2 to three decimals', () => {
    const icc = intraclassCorrelations(table2);
    expect(icc.icc11.value!).toBeCloseTo(0.166, 3);
    expect(icc.icc21.value!).toBeCloseTo(0.29, 3);
    expect(icc.icc31.value!).toBeCloseTo(0.715, 3);
    expect(icc.icc1k.value!).toBeCloseTo(0.443, 3);
    expect(icc.icc2k.value!).toBeCloseTo(0.62, 3);
    expect(icc.icc3k.value!).toBeCloseTo(0.909, 3);
    expect(icc).toMatchObject({ units: 6, raters: 4 });
  });

  it('is unchanged when a constant is added to every rating', () => {
    const shifted = intraclassCorrelations(table2.map((row) => row.map((x) => x + 3)));
    expect(shifted.icc21.value!).toBeCloseTo(intraclassCorrelations(table2).icc21.value!, 12);
  });

  it('answers null with a reason for one rater, one unit, or no variance — never NaN', () => {
    expect(intraclassCorrelations([[3], [4]]).icc21).toEqual({ value: null, reason: 'fewer than two raters' });
    expect(intraclassCorrelations([[3, 4]]).icc31.reason).toMatch(/two units/);
    const flat = intraclassCorrelations([[3, 3], [3, 3]]);
    for (const key of ['icc11', 'icc21', 'icc31', 'icc1k', 'icc2k', 'icc3k'] as const) {
      expect(flat[key].value).toBeNull();
      expect(flat[key].reason).toBeTruthy();
    }
  });
});

describe('Spearman’s rank correlation', () => {
  // The worked example of Wikipedia's "Spearman's rank correlation coefficient": IQ against hours
  // of television per week for ten people, ρ = −29/165 ≈ −0.175757.
  it('reproduces the IQ / television example', () => {
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    const rho = spearman(iq, tv);
    expect(rho.value!).toBeCloseTo(-0.176, 3);
    expect(rho.value!).toBeCloseTo(-29 / 165, 12);
    expect(rho.n).toBe(10);
  });

  it('averages tied ranks and refuses constant or tiny samples', () => {
    expect(spearman([1, 2, 2, 3], [1, 2, 2, 3]).value).toBeCloseTo(1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toMatchObject({ value: null, n: 3 });
    expect(spearman([1], [2])).toMatchObject({ value: null, reason: 'fewer than two pairs' });
  });
});

describe('Student’s t quantile', () => {
  // Two-sided 95% critical values from standard t tables.
  it.each([
    [1, 12.706],
    [2, 4.303],
    [5, 2.571],
    [10, 2.228],
    [30, 2.042],
    [120, 1.98],
  ])('t(0.975, %s) = %s', (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 3);
  });
});
