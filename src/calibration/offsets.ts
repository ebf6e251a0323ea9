// Leniency estimates from per-interviewer moments of their differences from co-panelists.
// Shrinkage is the normal–normal empirical Bayes estimate (James–Stein; Morris 1983, "Parametric
// empirical Bayes inference", JASA 78): each mean moves towards 0 with weight τ² / (τ² + σ²/n),
// τ² estimated by the method of moments from the spread of interviewers' means, σ² pooled.
import { studentTQuantile } from './student-t.js';

export interface Moments {
  interviewerId: string;
  n: number;
  mean: number;
  variance: number | null;
}

export interface Leniency {
  interviewerId: string;
  n: number;
  mean: number | null;
  low: number | null;
  high: number | null;
  shrunk: number | null;
  reason?: string;
}

export function leniencyEstimates(moments: readonly Moments[]): Leniency[] {
  const withVariance = moments.filter((m) => m.n >= 2 && m.variance !== null);
  const pooledWithin = withVariance.length
    ? withVariance.reduce((a, m) => a + (m.n - 1) * m.variance!, 0) / withVariance.reduce((a, m) => a + (m.n - 1), 0)
    : null;
  const sampled = moments.filter((m) => m.n >= 1);
  let between: number | null = null;
  if (pooledWithin !== null && sampled.length >= 2) {
    const grand = sampled.reduce((a, m) => a + m.mean, 0) / sampled.length;
    const spread = sampled.reduce((a, m) => a + (m.mean - grand) ** 2, 0) / (sampled.length - 1);
    const noise = sampled.reduce((a, m) => a + pooledWithin / m.n, 0) / sampled.length;
    between = Math.max(0, spread - noise);
  }

  return moments.map((m) => {
    if (m.n === 0) return { interviewerId: m.interviewerId, n: 0, mean: null, low: null, high: null, shrunk: null, reason: 'no co-panelist rated the same criterion of the same application' };
    const interval =
      m.n >= 2 && m.variance !== null
        ? (() => {
            const half = studentTQuantile(0.975, m.n - 1) * Math.sqrt(m.variance / m.n);
            return { low: m.mean - half, high: m.mean + half };
          })()
        : { low: null, high: null };
    const shrunk = between === null || pooledWithin === null ? null : between === 0 ? 0 : m.mean * (between / (between + pooledWithin / m.n));
    const reason = interval.low === null ? 'fewer than two comparisons: no interval' : shrunk === null ? 'too few interviewers with comparisons to estimate how much leniency varies' : undefined;
    return { interviewerId: m.interviewerId, n: m.n, mean: m.mean, ...interval, shrunk, ...(reason ? { reason } : {}) };
  });
}
