// The scorecard form on the kit page <-> the API's scorecard body. Fields are named by criterion
// id, so an error the use case reports by position maps back to the field beside it.
import type { FieldError } from '../errors.js';
import type { FieldErrors } from '../pages/forms.js';
import type { InterviewKit } from './kit.js';
import type { ScorecardView } from './schemas.js';

export interface KitValues {
  ratings: Record<string, { rating: string; evidence: string }>;
  recommendation: string;
  notes: string;
  reason: string;
}

export const ratingField = (criterionId: string) => `rating-${criterionId}`;
export const evidenceField = (criterionId: string) => `evidence-${criterionId}`;

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** What the person typed, kept as typed (to re-render after an error). */
export function valuesFromForm(kit: InterviewKit, form: Record<string, unknown>): KitValues {
  const ratings: KitValues['ratings'] = {};
  for (const c of kit.criteria) ratings[c.id] = { rating: str(form[ratingField(c.id)]), evidence: str(form[evidenceField(c.id)]) };
  return { ratings, recommendation: str(form.recommendation), notes: str(form.notes), reason: str(form.reason) };
}

/** The saved scorecard as form values (a draft to continue, or the submitted card to amend). */
export function valuesFromScorecard(kit: InterviewKit, card: ScorecardView | null): KitValues {
  const ratings: KitValues['ratings'] = {};
  for (const c of kit.criteria) {
    const saved = card?.ratings.find((r) => r.criterionId === c.id);
    ratings[c.id] = { rating: saved?.rating ? String(saved.rating) : '', evidence: saved?.evidence ?? '' };
  }
  return { ratings, recommendation: card?.recommendation ?? '', notes: card?.notes ?? '', reason: '' };
}

/** The body the API's scorecard routes take (validated by the same zod schema by the caller). */
export function scorecardInput(kit: InterviewKit, values: KitValues) {
  return {
    ratings: kit.criteria.map((c) => ({ criterionId: c.id, rating: ratingValue(values.ratings[c.id]!.rating), evidence: values.ratings[c.id]!.evidence || null })),
    recommendation: values.recommendation || null,
    notes: values.notes || null,
  };
}

/** An amendment carries only the criteria whose rating or evidence changed. */
export function amendmentInput(kit: InterviewKit, values: KitValues, card: ScorecardView) {
  const current = valuesFromScorecard(kit, card);
  const ratings = kit.criteria
    .filter((c) => values.ratings[c.id]!.rating !== current.ratings[c.id]!.rating || values.ratings[c.id]!.evidence.trim() !== current.ratings[c.id]!.evidence.trim())
    .map((c) => ({ criterionId: c.id, rating: ratingValue(values.ratings[c.id]!.rating), evidence: values.ratings[c.id]!.evidence || null }));
  return { reason: values.reason, ratings };
}

const ratingValue = (raw: string) => (raw === '' ? null : Number(raw));

/**
 * Errors from the zod schema or the use case ("body.ratings.2.evidence", "ratings.2.rating") as
 * page errors keyed by the form field they belong to, with messages written for the person.
 */
export function kitErrors(kit: InterviewKit, errors: FieldError[], ratingsSent: { criterionId: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const parts = error.path.replace(/^body\./, '').split('.');
    if (parts[0] === 'ratings' && parts.length >= 3) {
      const criterion = kit.criteria.find((c) => c.id === ratingsSent[Number(parts[1])]?.criterionId);
      if (!criterion) continue;
      if (parts[2] === 'evidence') out[evidenceField(criterion.id)] ??= `${criterion.name}: write the evidence for your rating: what the candidate said or did`;
      else out[ratingField(criterion.id)] ??= `${criterion.name}: choose a level or “Not assessed”`;
    } else if (parts[0] === 'ratings') {
      out.ratings ??= 'Change at least one rating or its evidence to amend';
    } else if (parts[0] === 'reason') {
      out.reason ??= 'Say why you are amending your scorecard';
    } else {
      out[parts[0] || 'form'] ??= error.message;
    }
  }
  return out;
}
