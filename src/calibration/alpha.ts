// Krippendorff's alpha from a coincidence matrix, after Krippendorff (2011), "Computing
// Krippendorff's Alpha-Reliability": α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck.
// The coincidences are aggregated in SQL, so alpha over a whole role is a small computation.

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export const alphaLevels: AlphaLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

export interface Coincidence {
  c: number;
  k: number;
  o: number;
}

export type Estimate = { value: number; reason?: undefined } | { value: null; reason: string };

/** Coincidences of units laid out as values per coder (null = missing): o_ck = Σ_u pairs/(m_u − 1). */
export function coincidencesFromUnits(units: readonly (readonly (number | null)[])[]): Coincidence[] {
  const o = new Map<string, Coincidence>();
  for (const unit of units) {
    const values = unit.filter((v): v is number => v !== null);
    if (values.length < 2) continue;
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) {
        if (i === j) continue;
        const key = `${values[i]}|${values[j]}`;
        const cell = o.get(key) ?? { c: values[i]!, k: values[j]!, o: 0 };
        cell.o += 1 / (values.length - 1);
        o.set(key, cell);
      }
    }
  }
  return [...o.values()];
}

export function krippendorffAlpha(coincidences: readonly Coincidence[], level: AlphaLevel): Estimate {
  const marginals = new Map<number, number>();
  for (const { c, o } of coincidences) marginals.set(c, (marginals.get(c) ?? 0) + o);
  const n = [...marginals.values()].reduce((a, b) => a + b, 0);
  if (n < 2) return { value: null, reason: 'fewer than two pairable values' };
  const values = [...marginals.keys()].sort((a, b) => a - b);
  if (values.length < 2) return { value: null, reason: 'every rating is the same value: no variation to agree on' };
  if (level === 'ratio' && values.some((v) => v < 0)) return { value: null, reason: 'ratio data cannot be negative' };
  const delta = difference(level, values, marginals);

  let observed = 0;
  for (const { c, k, o } of coincidences) observed += o * delta(c, k);
  let expected = 0;
  for (const c of values) for (const k of values) expected += marginals.get(c)! * marginals.get(k)! * delta(c, k);
  if (expected === 0) return { value: null, reason: 'no expected disagreement' };
  return { value: 1 - ((n - 1) * observed) / expected };
}

/** Squared difference functions of Krippendorff's metrics. */
function difference(level: AlphaLevel, values: number[], marginals: Map<number, number>): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => (c - k) ** 2;
    case 'ratio':
      return (c, k) => (c + k === 0 ? 0 : ((c - k) / (c + k)) ** 2);
    case 'ordinal': {
      // (Σ_{g from c to k} n_g − (n_c + n_k) / 2)², over the ordered values actually used.
      const index = new Map(values.map((v, i) => [v, i]));
      const cumulative = [0];
      for (const v of values) cumulative.push(cumulative[cumulative.length - 1]! + marginals.get(v)!);
      return (c, k) => {
        const [lo, hi] = [Math.min(index.get(c)!, index.get(k)!), Math.max(index.get(c)!, index.get(k)!)];
        const between = cumulative[hi + 1]! - cumulative[lo]!;
        return (between - (marginals.get(c)! + marginals.get(k)!) / 2) ** 2;
      };
    }
  }
}
