import { z } from 'zod';
import { recommendations } from '../db/schema.js';
import { isoTime, text, toIso, toIsoOrNull } from '../http/schemas.js';
import type { AmendmentRow, RatingRow, ScorecardRow } from './queries.js';

export const EVIDENCE_MAX_CHARS = 10_000;

const ratingInput = z.strictObject({
  criterionId: z.uuid(),
  rating: z.number().int().min(1).max(7).nullable().describe('A level of the role’s scale, or null for not assessed.'),
  evidence: text({ max: EVIDENCE_MAX_CHARS, min: 0, trim: false }).nullable().optional().describe('What the candidate said or did; required for a rating on submit.'),
});

export const scorecardBody = z.strictObject({
  ratings: z.array(ratingInput).max(100),
  recommendation: z.enum(recommendations).nullable().optional(),
  notes: text({ max: EVIDENCE_MAX_CHARS, min: 0, trim: false }).nullable().optional(),
});
export type ScorecardBody = z.infer<typeof scorecardBody>;

export const amendmentBody = z.strictObject({
  reason: text({ max: 2000 }),
  ratings: z.array(ratingInput).min(1).max(100),
});

const ratingSchema = z.object({
  criterionId: z.uuid(),
  rating: z.number().int().nullable(),
  evidence: z.string().nullable(),
  offAssignment: z.boolean().describe('Rated although not assigned to this interviewer.'),
});

export const scorecardSchema = z.object({
  id: z.uuid(),
  interviewId: z.uuid(),
  applicationId: z.uuid(),
  authorId: z.uuid(),
  status: z.enum(['draft', 'submitted']),
  recommendation: z.enum(recommendations).nullable(),
  notes: z.string().nullable(),
  submittedAt: isoTime.nullable(),
  ratings: z.array(ratingSchema).describe('Current ratings, amendments applied.'),
  originalRatings: z.array(ratingSchema).describe('Ratings as first submitted.'),
  amendments: z.array(z.object({ id: z.uuid(), reason: z.string(), authorId: z.uuid(), createdAt: isoTime, ratings: z.array(ratingSchema) })),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type ScorecardView = z.infer<typeof scorecardSchema>;

const toRating = (r: RatingRow) => ({ criterionId: r.criterionId, rating: r.rating, evidence: r.evidence, offAssignment: r.offAssignment });

export function toScorecard(card: ScorecardRow, ratings: RatingRow[], amendments: AmendmentRow[]): ScorecardView {
  const mine = ratings.filter((r) => r.scorecardId === card.id);
  return {
    id: card.id,
    interviewId: card.interviewId,
    applicationId: card.applicationId,
    authorId: card.authorId,
    status: card.status,
    recommendation: card.recommendation,
    notes: card.notes,
    submittedAt: toIsoOrNull(card.submittedAt),
    ratings: mine.filter((r) => r.isCurrent).map(toRating),
    originalRatings: mine.filter((r) => r.amendmentId === null).map(toRating),
    amendments: amendments
      .filter((a) => a.scorecardId === card.id)
      .map((a) => ({ id: a.id, reason: a.reason, authorId: a.authorId, createdAt: toIso(a.createdAt), ratings: mine.filter((r) => r.amendmentId === a.id).map(toRating) })),
    createdAt: toIso(card.createdAt),
    updatedAt: toIso(card.updatedAt),
  };
}

/** What the audit log keeps of a scorecard: numbers and sizes, never evidence or notes text. */
export function auditableScorecard(view: ScorecardView) {
  return {
    status: view.status,
    recommendation: view.recommendation,
    notesChars: view.notes?.length ?? 0,
    ratings: view.ratings.map((r) => ({ criterionId: r.criterionId, rating: r.rating, evidenceChars: r.evidence?.length ?? 0, offAssignment: r.offAssignment })),
  };
}
