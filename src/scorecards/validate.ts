// Pure checks of a scorecard's ratings against the role's scale, criteria and the author's
// assignment snapshot. Returns field errors instead of throwing so every problem is reported.
import type { FieldError } from '../errors.js';

export interface RatingInput {
  criterionId: string;
  rating: number | null;
  evidence?: string | null;
}

export interface RatingContext {
  scaleLevels: number;
  roleCriterionIds: ReadonlySet<string>;
  assignedCriterionIds: ReadonlySet<string>;
  /** Submission and amendments need evidence for every rating; drafts may be incomplete. */
  requireEvidence: boolean;
}

export interface CheckedRating {
  criterionId: string;
  rating: number | null;
  evidence: string | null;
  offAssignment: boolean;
}

/** The longest scale a role may have; ratings above it never fit any role. */
export const MAX_SCALE_LEVELS = 7;

/**
 * The checks that need no role (a criterion rated twice, a submitted rating without evidence) as
 * `checkRatings` makes them, with the rows it would write, evidence trimmed. The one-statement
 * submission runs these here and the two that need the role in the database.
 */
export function checkRatingsWithoutRole(ratings: RatingInput[], requireEvidence: boolean) {
  const everyCriterion = new Set(ratings.map((r) => r.criterionId));
  return checkRatings(ratings, { scaleLevels: MAX_SCALE_LEVELS, roleCriterionIds: everyCriterion, assignedCriterionIds: new Set(), requireEvidence });
}

export function checkRatings(ratings: RatingInput[], ctx: RatingContext): { rows: CheckedRating[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const rows: CheckedRating[] = [];
  ratings.forEach((r, i) => {
    const path = `body.ratings.${i}`;
    if (seen.has(r.criterionId)) errors.push({ path: `${path}.criterionId`, message: `criterion ${r.criterionId} is rated twice` });
    seen.add(r.criterionId);
    if (!ctx.roleCriterionIds.has(r.criterionId)) {
      errors.push({ path: `${path}.criterionId`, message: `criterion ${r.criterionId} is not a criterion of this role` });
    }
    if (r.rating !== null && (r.rating < 1 || r.rating > ctx.scaleLevels)) {
      errors.push({ path: `${path}.rating`, message: `rating must be between 1 and ${ctx.scaleLevels}, or null for not assessed` });
    }
    const evidence = r.evidence?.trim() ? r.evidence.trim() : null;
    if (ctx.requireEvidence && r.rating !== null && !evidence) {
      errors.push({ path: `${path}.evidence`, message: `criterion ${r.criterionId}: a rating needs evidence (what the candidate said or did)` });
    }
    rows.push({ criterionId: r.criterionId, rating: r.rating, evidence, offAssignment: !ctx.assignedCriterionIds.has(r.criterionId) });
  });
  return { rows, errors };
}
