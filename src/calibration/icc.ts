// Intraclass correlations after Shrout & Fleiss (1979), "Intraclass correlations: uses in
// assessing rater reliability", Psychological Bulletin 86(2), from the two-way ANOVA mean squares
// of a complete units × raters matrix.
import type { Estimate } from './alpha.js';

export interface IccSet {
  icc11: Estimate;
  icc21: Estimate;
  icc31: Estimate;
  icc1k: Estimate;
  icc2k: Estimate;
  icc3k: Estimate;
  units: number;
  raters: number;
}

const none = (reason: string): Estimate => ({ value: null, reason });
const ratio = (numerator: number, denominator: number): Estimate =>
  denominator === 0 || !Number.isFinite(numerator / denominator) ? none('no variance between units and raters') : { value: numerator / denominator };

export function intraclassCorrelations(matrix: readonly (readonly number[])[]): IccSet {
  const n = matrix.length;
  const k = matrix[0]?.length ?? 0;
  const all = (reason: string): IccSet => ({ icc11: none(reason), icc21: none(reason), icc31: none(reason), icc1k: none(reason), icc2k: none(reason), icc3k: none(reason), units: n, raters: k });
  if (n < 2) return all('fewer than two units rated by the same raters');
  if (k < 2) return all('fewer than two raters');
  if (matrix.some((row) => row.length !== k || row.some((x) => !Number.isFinite(x)))) return all('the matrix is not complete');

  const grand = matrix.flat().reduce((a, b) => a + b, 0) / (n * k);
  const rowMeans = matrix.map((row) => row.reduce((a, b) => a + b, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => matrix.reduce((a, row) => a + row[j]!, 0) / n);
  const ssTotal = matrix.flat().reduce((a, x) => a + (x - grand) ** 2, 0);
  const ssRows = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const bms = ssRows / (n - 1);
  const wms = (ssTotal - ssRows) / (n * (k - 1));
  const jms = ssCols / (k - 1);
  const ems = (ssTotal - ssRows - ssCols) / ((n - 1) * (k - 1));

  return {
    icc11: ratio(bms - wms, bms + (k - 1) * wms),
    icc21: ratio(bms - ems, bms + (k - 1) * ems + (k * (jms - ems)) / n),
    icc31: ratio(bms - ems, bms + (k - 1) * ems),
    icc1k: ratio(bms - wms, bms),
    icc2k: ratio(bms - ems, bms + (jms - ems) / n),
    icc3k: ratio(bms - ems, bms),
    units: n,
    raters: k,
  };
}
