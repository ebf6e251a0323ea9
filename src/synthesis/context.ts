// Indexes the synthesis input once (lookups, submitted feedback, framing of each scorecard) so
// every flag and the per-criterion view read the same facts the same way.
import {
  DEFAULT_LATE_FEEDBACK_HOURS,
  type CriterionInput,
  type InterviewInput,
  type ScorecardInput,
  type StepInput,
  type SynthesisInput,
} from './types.js';

/** Why feedback from an interview is not framed; empty lists and false mean framed. */
export interface InterviewFraming {
  /** Ad hoc, or on a step that is not in the plan. */
  outsidePlan: boolean;
  missingBriefing: boolean;
  /** Interviewers the step lists without any assigned criterion. */
  stepInterviewersWithoutCriteria: string[];
  /** Interviewers whose scheduling snapshot holds no criterion. */
  interviewersWithoutSnapshot: string[];
}

/** One rating of a submitted scorecard, with where it came from. */
export interface RatingFact {
  scorecard: ScorecardInput;
  interview: InterviewInput | undefined;
  criterionId: string;
  rating: number | null;
  evidence: string | null;
  offAssignment: boolean;
  framed: boolean;
}

export interface SynthesisContext {
  input: SynthesisInput;
  criteria: CriterionInput[];
  criteriaById: Map<string, CriterionInput>;
  stepsById: Map<string, StepInput>;
  interviewsById: Map<string, InterviewInput>;
  /** Only submitted scorecards are feedback. */
  submitted: ScorecardInput[];
  ratings: RatingFact[];
  firstInterviewAt: number | null;
  lateFeedbackHours: number;
  names: Map<string, string>;
  stepOf(interview: InterviewInput | undefined): StepInput | undefined;
  stepName(interview: InterviewInput | undefined): string | null;
  assigned(interviewId: string, interviewerId: string): ReadonlySet<string>;
  framing(interview: InterviewInput): InterviewFraming;
  isFramed(card: ScorecardInput): boolean;
}

export const time = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

export const hasText = (s: string | null | undefined): s is string => !!s && s.trim().length > 0;

export const isNegative = (card: ScorecardInput) => card.recommendation === 'no' || card.recommendation === 'strong_no';

const EMPTY: ReadonlySet<string> = new Set();

export function buildContext(input: SynthesisInput): SynthesisContext {
  const criteriaById = new Map(input.criteria.map((c) => [c.id, c]));
  const stepsById = new Map(input.steps.map((s) => [s.id, s]));
  const interviewsById = new Map(input.interviews.map((i) => [i.id, i]));
  const submitted = input.scorecards.filter((c) => c.status === 'submitted');

  const snapshots = new Map<string, ReadonlySet<string>>();
  for (const interview of input.interviews) {
    for (const p of interview.interviewers) snapshots.set(`${interview.id}/${p.interviewerId}`, new Set(p.assignedCriterionIds));
  }
  const assigned = (interviewId: string, interviewerId: string) => snapshots.get(`${interviewId}/${interviewerId}`) ?? EMPTY;

  const stepOf = (interview: InterviewInput | undefined) => (interview?.stepId ? stepsById.get(interview.stepId) : undefined);
  const stepName = (interview: InterviewInput | undefined) => interview?.stepName ?? stepOf(interview)?.name ?? null;

  const framings = new Map<string, InterviewFraming>();
  const framing = (interview: InterviewInput): InterviewFraming => {
    const cached = framings.get(interview.id);
    if (cached) return cached;
    const step = stepOf(interview);
    const result: InterviewFraming = {
      outsidePlan: !step,
      // An ad-hoc interview has no briefing by construction.
      missingBriefing: !hasText(step?.briefing),
      stepInterviewersWithoutCriteria: (step?.interviewers ?? []).filter((p) => p.criterionIds.length === 0).map((p) => p.interviewerId),
      interviewersWithoutSnapshot: interview.interviewers.filter((p) => p.assignedCriterionIds.length === 0).map((p) => p.interviewerId),
    };
    framings.set(interview.id, result);
    return result;
  };
  const isFramed = (card: ScorecardInput) => {
    const interview = interviewsById.get(card.interviewId);
    if (!interview) return false;
    const f = framing(interview);
    return !f.outsidePlan && !f.missingBriefing && f.stepInterviewersWithoutCriteria.length === 0 && assigned(interview.id, card.authorId).size > 0;
  };

  const ratings: RatingFact[] = submitted.flatMap((card) => {
    const interview = interviewsById.get(card.interviewId);
    const mine = assigned(card.interviewId, card.authorId);
    const framed = isFramed(card);
    return card.ratings.map((r) => ({
      scorecard: card,
      interview,
      criterionId: r.criterionId,
      rating: r.rating,
      evidence: hasText(r.evidence) ? r.evidence : null,
      // The stored flag or the snapshot: either one saying "not assigned" is enough.
      offAssignment: r.offAssignment || !mine.has(r.criterionId),
      framed,
    }));
  });

  const starts = input.interviews.map((i) => time(i.startsAt)).filter((t): t is number => t !== null);
  const firstInterviewAt = time(input.application.firstInterviewAt) ?? (starts.length ? Math.min(...starts) : null);

  const names = new Map<string, string>();
  for (const card of input.scorecards) if (hasText(card.authorName)) names.set(card.authorId, card.authorName);

  return {
    input,
    criteria: input.criteria,
    criteriaById,
    stepsById,
    interviewsById,
    submitted,
    ratings,
    firstInterviewAt,
    lateFeedbackHours: input.role.lateFeedbackHours ?? DEFAULT_LATE_FEEDBACK_HOURS,
    names,
    stepOf,
    stepName,
    assigned,
    framing,
    isFramed,
  };
}

/** A person's name for a message, never their id. */
export const who = (ctx: SynthesisContext, interviewerId: string) => ctx.names.get(interviewerId) ?? 'the interviewer';

/** "Lunch" or "an ad-hoc interview", for messages. */
export const where = (ctx: SynthesisContext, interview: InterviewInput | undefined) => {
  const name = ctx.stepName(interview);
  return name ? `“${name}”` : 'an ad-hoc interview';
};

export const criterionNames = (ctx: SynthesisContext, ids: readonly string[]) =>
  ids.map((id) => ctx.criteriaById.get(id)?.name ?? 'an unknown criterion').join(', ');

/** The rated levels per criterion; not-assessed (null) entries are not ratings. */
export function levelsByCriterion(ratings: readonly RatingFact[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of ratings) {
    if (r.rating === null) continue;
    const list = out.get(r.criterionId) ?? [];
    list.push(r.rating);
    out.set(r.criterionId, list);
  }
  return out;
}
