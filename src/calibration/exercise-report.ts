// Pure: how far each interviewer's blind ratings of sample evidence fall from the reference.

export interface ExerciseItem {
  id: string;
  criterionName: string;
  referenceRating: number;
}

export interface ExerciseResponse {
  itemId: string;
  interviewerId: string;
  rating: number;
}

export interface CriterionDeviation {
  criterionName: string;
  items: number;
  /** Mean of (rating − reference): positive is lenient, negative severe. */
  meanDeviation: number;
  meanAbsoluteDeviation: number;
}

export interface InterviewerCalibration {
  interviewerId: string;
  itemsRated: number;
  itemsTotal: number;
  byCriterion: CriterionDeviation[];
  /** Share of rated items within one level of the reference. */
  withinOneLevelShare: number | null;
  /** Within one level on at least `threshold` of the items, having rated all of them. */
  calibrated: boolean;
}

export const CALIBRATED_SHARE = 0.8;

export function exerciseReport(items: readonly ExerciseItem[], responses: readonly ExerciseResponse[], threshold = CALIBRATED_SHARE): InterviewerCalibration[] {
  const itemById = new Map(items.map((i) => [i.id, i]));
  const byInterviewer = new Map<string, ExerciseResponse[]>();
  for (const r of responses) {
    if (!itemById.has(r.itemId)) continue;
    byInterviewer.set(r.interviewerId, [...(byInterviewer.get(r.interviewerId) ?? []), r]);
  }
  return [...byInterviewer].map(([interviewerId, rated]) => {
    const byCriterion = new Map<string, number[]>();
    let withinOne = 0;
    for (const r of rated) {
      const item = itemById.get(r.itemId)!;
      const deviation = r.rating - item.referenceRating;
      if (Math.abs(deviation) <= 1) withinOne++;
      byCriterion.set(item.criterionName, [...(byCriterion.get(item.criterionName) ?? []), deviation]);
    }
    const share = rated.length ? withinOne / rated.length : null;
    return {
      interviewerId,
      itemsRated: rated.length,
      itemsTotal: items.length,
      byCriterion: [...byCriterion].map(([criterionName, deviations]) => ({
        criterionName,
        items: deviations.length,
        meanDeviation: average(deviations),
        meanAbsoluteDeviation: average(deviations.map(Math.abs)),
      })),
      withinOneLevelShare: share,
      calibrated: share !== null && rated.length === items.length && share >= threshold,
    };
  });
}

const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
