// The report's rows from counts, without a database: reference choice, suppression, edge cases.
import { describe, expect, it } from 'vitest';
import { stageReport, type StageCounts } from '../../src/fairness/report.js';

const question = { id: 'q', label: 'Q', categories: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }] };
const stage = { stepId: 's', name: 'Step' };
const counts = (entries: [string | null, number, number][]): StageCounts => new Map(entries.map(([id, entered, passed]) => [id, { entered, passed }]));
const rowsOf = (c: StageCounts) => Object.fromEntries(stageReport(question, stage, c).categories.map((r) => [r.categoryId, r]));

describe('stage report rows', () => {
  it('takes the highest rate as the reference; a tie goes to the larger group, then to the first listed', () => {
    expect(rowsOf(counts([['a', 10, 5], ['b', 20, 10], ['c', 8, 2]])).b!.reference).toBe(true);
    expect(rowsOf(counts([['a', 10, 5], ['b', 10, 5], ['c', 8, 2]])).a!.reference).toBe(true);
    expect(rowsOf(counts([['a', 10, 5], ['b', 10, 5], ['c', 8, 6]])).c!.reference).toBe(true);
  });

  it('never takes a suppressed category as the reference, however high its rate', () => {
    const rows = rowsOf(counts([['a', 4, 4], ['b', 10, 5], ['c', 10, 3]]));
    expect(rows.a).toMatchObject({ suppressed: true, reference: false, entered: null, rate: null });
    expect(rows.b).toMatchObject({ reference: true, impactRatio: 1, belowFourFifths: false, fisherP: null, warning: null });
    expect(rows.c).toMatchObject({ reference: false, rate: 0.3, belowFourFifths: true });
    expect(rows.c!.impactRatio).toBeCloseTo(0.6, 12);
  });

  it('has no impact ratio when nobody passed in the reference, and nothing is below four-fifths', () => {
    const rows = rowsOf(counts([['a', 6, 0], ['b', 7, 0]]));
    expect(rows.b).toMatchObject({ reference: true, impactRatio: null, rate: 0 });
    expect(rows.a).toMatchObject({ reference: false, impactRatio: null, belowFourFifths: false, fisherP: 1 });
  });

  it('suppresses everything when no category reaches 5, and counts not answered apart', () => {
    const report = stageReport(question, stage, counts([['a', 4, 1], [null, 9, 3]]));
    expect(report.notAnswered).toBe(9);
    expect(report.categories.every((r) => r.suppressed && !r.reference)).toBe(true);
    expect(report).toMatchObject({ stepId: 's', name: 'Step' });
  });
});
