// The few descriptive statistics the synthesis shows; inputs are rated levels, never empty
// unless stated, so callers decide what "nobody rated it" means.

export const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Population standard deviation: the panel is the whole population of ratings we have. */
export function populationSd(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (m === null) return null;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
}

// Means of small integers are exact or nearly so; the tolerance keeps 2.9999… from missing a bar of 3.
const EPSILON = 1e-9;

/** mean ≥ bar, or null when nobody rated it. */
export function meetsBar(levels: readonly number[], bar: number): boolean | null {
  const m = mean(levels);
  return m === null ? null : m >= bar - EPSILON;
}
