import { describe, expect, it } from 'vitest';
import { leniencyEstimates } from '../../src/calibration/offsets.js';

describe('leniency estimates', () => {
  it('gives a t interval and shrinks each mean towards zero by its precision', () => {
    const [lenient, steady, severe] = leniencyEstimates([
      { interviewerId: 'lenient', n: 10, mean: 1, variance: 0.25 },
      { interviewerId: 'steady', n: 10, mean: 0, variance: 0.25 },
      { interviewerId: 'severe', n: 10, mean: -1, variance: 0.25 },
    ]);
    // Interval: 1 ± t(0.975, 9) · √(0.25 / 10) = 1 ± 2.262 · 0.1581.
    expect(lenient!.low!).toBeCloseTo(1 - 2.262157 * Math.sqrt(0.025), 5);
    expect(lenient!.high!).toBeCloseTo(1 + 2.262157 * Math.sqrt(0.025), 5);
    // τ² = var(means) − σ²/n = 1 − 0.025 = 0.975; weight τ² / (τ² + σ²/n) = 0.975.
    expect(lenient!.shrunk!).toBeCloseTo(0.975, 9);
    expect(steady!.shrunk).toBe(0);
    expect(severe!.shrunk!).toBeCloseTo(-0.975, 9);
  });

  it('shrinks everything to zero when means vary no more than noise explains', () => {
    const estimates = leniencyEstimates([
      { interviewerId: 'a', n: 4, mean: 0.1, variance: 1 },
      { interviewerId: 'b', n: 4, mean: -0.1, variance: 1 },
    ]);
    expect(estimates.map((e) => e.shrunk)).toEqual([0, 0]);
  });

  it('says why a figure is missing, never NaN', () => {
    const [alone, once] = leniencyEstimates([
      { interviewerId: 'alone', n: 0, mean: 0, variance: null },
      { interviewerId: 'once', n: 1, mean: 2, variance: null },
    ]);
    expect(alone).toMatchObject({ mean: null, low: null, shrunk: null, reason: expect.stringMatching(/co-panelist/) });
    expect(once).toMatchObject({ mean: 2, low: null, high: null, reason: expect.stringMatching(/interval/) });
    expect(JSON.stringify([alone, once])).not.toContain('NaN');
  });
});
