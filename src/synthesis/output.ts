// The synthesis as it leaves the service: one zod schema per shape, so the route's response, the
// OpenAPI document and the TypeScript types cannot drift apart. Deliberately no verdict field:
// the synthesis shows evidence and flags, and the decision owner decides.
import { z } from 'zod';

export const flagCodes = [
  'UNFRAMED_STEP',
  'UNPLANNED_STEP',
  'VETO_STYLE',
  'NO_EVIDENCE',
  'OFF_ASSIGNMENT',
  'NOT_INDEPENDENT',
  'BIAS_LANGUAGE',
  'LATE_FEEDBACK',
  'COVERAGE_GAP',
  'SPLIT_PANEL',
  'LONG_LOOP',
] as const;
export type FlagCode = (typeof flagCodes)[number];

export const severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof severities)[number];

/** Why a negative scorecard looks like a veto rather than evidence. */
export const vetoReasons = ['own_ratings_meet_bar', 'no_criterion_evidence', 'against_framed_evidence'] as const;
export type VetoReason = (typeof vetoReasons)[number];

const ids = z.array(z.string());

export const flagRefsSchema = z.object({
  scorecardIds: ids.optional(),
  interviewIds: ids.optional(),
  stepIds: ids.optional(),
  criterionIds: ids.optional(),
  interviewerIds: ids.optional(),
});
export type FlagRefs = z.infer<typeof flagRefsSchema>;

export const biasMatchSchema = z.object({
  lexiconId: z.string(),
  reason: z.string().describe('Why the lexicon lists this wording.'),
  text: z.string().describe('The exact text that matched, for a person to judge.'),
  excerpt: z.string().describe('The matched text with some surrounding words.'),
  field: z.enum(['evidence', 'notes']),
  scorecardId: z.string(),
  criterionId: z.string().nullable().describe('The rated criterion for evidence; null for notes.'),
});
export type BiasMatch = z.infer<typeof biasMatchSchema>;

export const flagSchema = z.object({
  code: z.enum(flagCodes),
  severity: z.enum(severities),
  refs: flagRefsSchema,
  message: z.string().describe('One sentence a person can act on.'),
  match: biasMatchSchema.optional().describe('BIAS_LANGUAGE only.'),
  reasons: z.array(z.enum(vetoReasons)).optional().describe('VETO_STYLE only.'),
});
export type Flag = z.infer<typeof flagSchema>;

export const criterionRatingSchema = z.object({
  scorecardId: z.string(),
  interviewId: z.string(),
  interviewerId: z.string(),
  interviewerName: z.string().nullable(),
  stepId: z.string().nullable().describe('Null for an ad-hoc interview.'),
  stepName: z.string().nullable(),
  rating: z.number().nullable().describe('Null: not assessed.'),
  evidence: z.string().nullable(),
  offAssignment: z.boolean(),
  framed: z.boolean().describe('Whether the rating comes from framed feedback (briefed step, assigned criteria).'),
});
export type CriterionRating = z.infer<typeof criterionRatingSchema>;

export const criterionSynthesisSchema = z.object({
  criterionId: z.string(),
  name: z.string(),
  mustHave: z.boolean(),
  bar: z.number(),
  weight: z.number(),
  ratings: z.array(criterionRatingSchema),
  n: z.number().int().describe('Ratings with a level (not-assessed entries excluded).'),
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  range: z.number().nullable().describe('max − min, in levels.'),
  standardDeviation: z.number().nullable().describe('Population standard deviation of the ratings.'),
  adjustedMean: z.number().nullable().describe('Mean of (rating − leniency offset), kept on the scale.'),
  adjustment: z.enum(['leniency', 'raw']),
  meetsBar: z.boolean().nullable().describe('mean ≥ bar; null when nobody rated it.'),
  adjustedMeetsBar: z.boolean().nullable(),
  coverage: z.object({
    interviewers: z.array(z.object({ interviewerId: z.string(), interviewId: z.string(), stepId: z.string().nullable(), stepName: z.string().nullable() })),
    count: z.number().int().describe('Distinct interviewers who rated it.'),
    mustHaveCovered: z.boolean().nullable().describe('Must-have rated by two interviewers or more; null when not a must-have.'),
  }),
});
export type CriterionSynthesis = z.infer<typeof criterionSynthesisSchema>;

export const influenceSchema = z.object({
  interviewerId: z.string(),
  interviewerName: z.string().nullable(),
  flips: z.array(z.string()).describe('Must-have criteria that would switch between meeting and missing the bar without this interviewer.'),
  soleAssessorOf: z.array(z.string()).describe('Must-have criteria nobody else rated.'),
  pivotal: z.boolean().describe('At least one flip: the outcome on a must-have rests on this one voice.'),
});
export type Influence = z.infer<typeof influenceSchema>;

export const missingScorecardSchema = z.object({
  interviewId: z.string(),
  interviewerId: z.string(),
  draftScorecardId: z.string().nullable(),
});
export type MissingScorecard = z.infer<typeof missingScorecardSchema>;

export const scorecardSummarySchema = z.object({
  scorecardId: z.string(),
  interviewId: z.string(),
  interviewerId: z.string(),
  interviewerName: z.string().nullable(),
  stepId: z.string().nullable(),
  stepName: z.string().nullable(),
  framed: z.boolean(),
  submittedAt: z.string().nullable(),
  recommendation: z.enum(['strong_no', 'no', 'yes', 'strong_yes']).nullable(),
  notes: z.string().nullable(),
  amendments: z.array(z.object({ id: z.string(), createdAt: z.string(), reason: z.string() })),
});
export type ScorecardSummary = z.infer<typeof scorecardSummarySchema>;

const countsByCode = z.object(Object.fromEntries(flagCodes.map((c) => [c, z.number().int()])) as Record<FlagCode, z.ZodNumber>);

export const synthesisSummarySchema = z.object({
  interviews: z.number().int(),
  scorecardsSubmitted: z.number().int(),
  scorecardsMissing: z.number().int(),
  criteria: z.number().int(),
  criteriaMeetingBar: z.number().int(),
  criteriaMissingBar: z.number().int(),
  criteriaUnrated: z.number().int(),
  mustHavesMissingBar: z.number().int(),
  flags: z.number().int(),
  flagsBySeverity: z.object({ info: z.number().int(), warning: z.number().int(), critical: z.number().int() }),
  flagsByCode: countsByCode,
});
export type SynthesisSummary = z.infer<typeof synthesisSummarySchema>;

export const synthesisSchema = z.object({
  applicationId: z.string(),
  criteria: z.array(criterionSynthesisSchema),
  scorecards: z.array(scorecardSummarySchema).describe('Submitted scorecards with their recommendation and notes.'),
  flags: z.array(flagSchema),
  influence: z.array(influenceSchema),
  missingScorecards: z.array(missingScorecardSchema),
  summary: synthesisSummarySchema,
});
export type Synthesis = z.infer<typeof synthesisSchema>;
