// Greenhouse Harvest v1: applications place scorecards in jobs; scorecards carry their attribute
// ratings, notes and overall recommendation.
import { z } from 'zod';
import { text } from '../../http/schemas.js';
import { htmlToText } from '../html-text.js';
import type { Importer } from '../importer.js';
import { greenhouseRating, greenhouseRecommendation } from '../scales.js';
import type { RatingIn } from '../types.js';
import { requiredFiles } from './index.js';
import { fullName, isoTime, optionalText, readEndpoint, requireFiles, sourceId } from './common.js';
import { greenhouseApplication, greenhouseCandidate, greenhouseUser, interviewNotes } from './greenhouse-shared.js';

const person = z.object({ id: sourceId, name: z.string().nullish(), first_name: z.string().nullish(), last_name: z.string().nullish() });
const attributeRating = z.string().nullish().refine((v) => greenhouseRating(v ?? null) !== undefined, 'not a Greenhouse rating (definitely_not, no, mixed, yes, strong_yes, no_decision)');
const buckets = ['definitely_not', 'no', 'mixed', 'yes', 'strong_yes'] as const;

const scorecard = z.object({
  id: sourceId,
  application_id: sourceId,
  interview: z.string().nullish(),
  interview_step: z.object({ id: sourceId.nullish(), name: z.string().nullish() }).nullish(),
  interviewed_at: isoTime.nullish(),
  submitted_at: isoTime.nullish(),
  submitted_by: person.nullish(),
  interviewer: person.nullish(),
  overall_recommendation: z.string().nullish().refine((v) => greenhouseRecommendation(v) !== undefined, 'not a Greenhouse recommendation'),
  attributes: z.array(z.object({ name: text({ max: 300 }), type: optionalText, note: z.string().nullish(), rating: attributeRating })).default([]),
  ratings: z.partialRecord(z.enum(buckets), z.array(text({ max: 300 })).nullish()).nullish(),
  questions: z.array(z.object({ id: sourceId.nullish(), question: z.string().nullish(), answer: z.string().nullish() })).default([]),
});

export async function importGreenhouseV1(imp: Importer, dir: string) {
  requireFiles(dir, requiredFiles['greenhouse-harvest-v1']);
  await readEndpoint(imp, dir, 'users', greenhouseUser, async (u) => void (await imp.user(u)));
  await readEndpoint(imp, dir, 'candidates', greenhouseCandidate, (c, at) => imp.candidate({ ...c, ...at }));
  await imp.flush();
  await readEndpoint(imp, dir, 'applications', greenhouseApplication, async (a, at) => {
    if (!a.job) return imp.skip(at, 'jobs: the application names no job');
    await imp.application({ ...at, externalId: a.id, role: a.job, candidate: { externalId: a.candidateId }, status: a.status });
  });
  await imp.flush();
  await readEndpoint(imp, dir, 'scorecards', scorecard, async (s, at) => {
    const who = s.interviewer ?? s.submitted_by;
    if (!who) return imp.skip(at, 'interviewer: the scorecard names no interviewer');
    if (!s.submitted_at) return imp.draft();
    const stepName = s.interview_step?.name?.trim() || s.interview?.trim() || 'Interview';
    await imp.scorecard({
      ...at,
      externalId: s.id,
      applicationExternalId: s.application_id,
      interviewer: { externalId: who.id, name: fullName(who.name, who.first_name, who.last_name) },
      step: { key: s.interview_step?.id ?? stepName, name: stepName.slice(0, 200) },
      interviewedAt: s.interviewed_at ?? null,
      submittedAt: s.submitted_at,
      recommendation: greenhouseRecommendation(s.overall_recommendation) ?? null,
      notes: interviewNotes(s.questions),
      ratings: ratingsOf(s),
    });
  });
}

/** Attributes with their notes; older exports only list attribute names per rating bucket. */
function ratingsOf(s: z.output<typeof scorecard>): RatingIn[] {
  if (s.attributes.length) {
    return s.attributes.map((a) => ({ criterion: a.name, description: a.type, rating: greenhouseRating(a.rating ?? null) ?? null, evidence: htmlToText(a.note) }));
  }
  return buckets.flatMap((bucket) => (s.ratings?.[bucket] ?? []).map((name) => ({ criterion: name, description: null, rating: greenhouseRating(bucket) ?? null, evidence: null })));
}
