// Spearman's rank correlation: Pearson's correlation of the ranks, ties taking their average rank.
import type { Estimate } from './alpha.js';

export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const average = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) result[order[j]!.i] = average;
    start = end + 1;
  }
  return result;
}

export function spearman(x: readonly number[], y: readonly number[]): Estimate & { n: number } {
  const n = Math.min(x.length, y.length);
  if (n < 2) return { value: null, reason: 'fewer than two pairs', n };
  const rx = ranks(x.slice(0, n));
  const ry = ranks(y.slice(0, n));
  const mx = rx.reduce((a, b) => a + b, 0) / n;
  const my = ry.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return { value: null, reason: 'one of the variables does not vary', n };
  return { value: sxy / Math.sqrt(sxx * syy), n };
}
