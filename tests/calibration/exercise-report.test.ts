import { describe, expect, it } from 'vitest';
import { exerciseReport } from '../../src/calibration/exercise-report.js';

const items = [
  { id: 'i1', criterionName: 'Discovery', referenceRating: 3 },
  { id: 'i2', criterionName: 'Discovery', referenceRating: 2 },
  { id: 'i3', criterionName: 'Prioritization', referenceRating: 4 },
  { id: 'i4', criterionName: 'Prioritization', referenceRating: 1 },
  { id: 'i5', criterionName: 'Prioritization', referenceRating: 3 },
];

describe('calibration exercise report', () => {
  it('computes deviations per criterion and the within-one-level share', () => {
    const responses = [
      { itemId: 'i1', interviewerId: 'lenient', rating: 4 },
      { itemId: 'i2', interviewerId: 'lenient', rating: 4 },
      { itemId: 'i3', interviewerId: 'lenient', rating: 4 },
      { itemId: 'i4', interviewerId: 'lenient', rating: 2 },
      { itemId: 'i5', interviewerId: 'lenient', rating: 4 },
    ];
    const [report] = exerciseReport(items, responses);
    expect(report!.byCriterion).toEqual([
      { criterionName: 'Discovery', items: 2, meanDeviation: 1.5, meanAbsoluteDeviation: 1.5 },
      { criterionName: 'Prioritization', items: 3, meanDeviation: 2 / 3, meanAbsoluteDeviation: 2 / 3 },
    ]);
    // i2 is two levels off: 4 of 5 within one level = 0.8, exactly the threshold.
    expect(report!.withinOneLevelShare).toBe(0.8);
    expect(report!.calibrated).toBe(true);
  });

  it('is not calibrated below 80% or before every item is rated', () => {
    const far = exerciseReport(items, [
      { itemId: 'i1', interviewerId: 'x', rating: 1 },
      { itemId: 'i2', interviewerId: 'x', rating: 4 },
      { itemId: 'i3', interviewerId: 'x', rating: 4 },
      { itemId: 'i4', interviewerId: 'x', rating: 1 },
      { itemId: 'i5', interviewerId: 'x', rating: 3 },
    ])[0]!;
    expect(far.withinOneLevelShare).toBe(0.6);
    expect(far.calibrated).toBe(false);
    const partial = exerciseReport(items, [{ itemId: 'i1', interviewerId: 'y', rating: 3 }])[0]!;
    expect(partial).toMatchObject({ itemsRated: 1, itemsTotal: 5, withinOneLevelShare: 1, calibrated: false });
  });

  it('ignores responses to items of another exercise', () => {
    expect(exerciseReport(items, [{ itemId: 'elsewhere', interviewerId: 'z', rating: 2 }])).toEqual([]);
  });
});
