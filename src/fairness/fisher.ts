// Fisher's exact test for a 2×2 table, two-sided as R's fisher.test computes it: the sum of the
// probabilities of every table with the observed margins that is no more likely than the
// observed one (with a relative tolerance of 1e-7, so ties lost to rounding still count).
// Log space throughout, so margins in the thousands neither overflow nor underflow.

// Lanczos approximation (g = 7, 9 coefficients): relative error near 1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lgamma(x: number): number {
  if (!(x > 0)) throw new RangeError('lgamma is defined here for x > 0 only');
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logChoose = (n: number, k: number) => lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);

/** Relative tolerance R's fisher.test uses to decide "no more likely than the observed table". */
export const FISHER_RELATIVE_TOLERANCE = 1e-7;

/**
 * Two-sided p-value of Fisher's exact test for the table
 *   [ a  b ]
 *   [ c  d ]
 * (non-negative integer counts). A table with an empty row or column has p = 1.
 */
export function fisherExactTwoSided(a: number, b: number, c: number, d: number): number {
  for (const v of [a, b, c, d]) if (!Number.isInteger(v) || v < 0) throw new RangeError('Fisher’s exact test needs non-negative integer counts');
  // Hypergeometric in x = a, with column totals m = a + c and n = b + d, first row total k = a + b.
  const m = a + c;
  const n = b + d;
  const k = a + b;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  if (lo === hi) return 1;
  const logDensity: number[] = [];
  for (let x = lo; x <= hi; x++) logDensity.push(logChoose(m, x) + logChoose(n, k - x) - logChoose(m + n, k));
  // Scale by the largest term before leaving log space, then normalise (as R's dnhyper does).
  const max = Math.max(...logDensity);
  const scaled = logDensity.map((l) => Math.exp(l - max));
  const total = scaled.reduce((s, v) => s + v, 0);
  const observed = scaled[a - lo]!;
  const limit = observed * (1 + FISHER_RELATIVE_TOLERANCE);
  let p = 0;
  for (const v of scaled) if (v <= limit) p += v;
  return Math.min(1, Math.max(0, p / total));
}
