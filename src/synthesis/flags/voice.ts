// VETO_STYLE: a negative outcome that rests on one voice rather than on the criteria.
import type { Flag, VetoReason } from '../output.js';
import { buildContext, isNegative, levelsByCriterion, where, who, type SynthesisContext } from '../context.js';
import { meetsBar } from '../stats.js';
import type { ScorecardInput, SynthesisInput } from '../types.js';
import { capitalize, makeFlag } from './flag.js';

const REASON_TEXT: Record<VetoReason, string> = {
  own_ratings_meet_bar: 'its own ratings meet the bar on every criterion it rated',
  no_criterion_evidence: 'it gives no evidence on any criterion',
  against_framed_evidence: 'every criterion assessed in framed steps meets the bar',
};
const loneOrUnframed = (lone: boolean) => (lone ? 'and it is the only negative scorecard' : 'and it comes from an unframed step');

/**
 * Whether every criterion rated in framed feedback meets the bar on the mean of those framed
 * ratings (false when no criterion was rated in framed feedback: nothing to stand against).
 */
export function framedCriteriaMeetBar(ctx: SynthesisContext): boolean {
  const levels = levelsByCriterion(ctx.ratings.filter((r) => r.framed && ctx.criteriaById.has(r.criterionId)));
  if (!levels.size) return false;
  return [...levels].every(([id, xs]) => meetsBar(xs, ctx.criteriaById.get(id)!.bar) === true);
}

/** The veto-style reasons that apply to one submitted scorecard; empty unless it is negative. */
export function vetoReasonsOf(card: ScorecardInput, ctx: SynthesisContext, framedAllMeet = framedCriteriaMeetBar(ctx)): VetoReason[] {
  if (!isNegative(card)) return [];
  const reasons: VetoReason[] = [];
  const own = ctx.ratings.filter((r) => r.scorecard === card);
  const rated = own.filter((r) => r.rating !== null && ctx.criteriaById.has(r.criterionId));
  // (a) The author's own ratings contradict their recommendation.
  if (rated.length && rated.every((r) => (r.rating as number) >= ctx.criteriaById.get(r.criterionId)!.bar)) reasons.push('own_ratings_meet_bar');
  // (b) A recommendation with nothing on any criterion behind it.
  if (!own.some((r) => r.evidence !== null)) reasons.push('no_criterion_evidence');
  // (c) The framed evidence clears the bar, and the negative is the only one or comes from an unframed step.
  const negatives = ctx.submitted.filter(isNegative).length;
  if (framedAllMeet && (negatives === 1 || !ctx.isFramed(card))) reasons.push('against_framed_evidence');
  return reasons;
}

/**
 * VETO_STYLE, one flag per negative scorecard (no / strong_no) that (a) has ratings all meeting
 * the bar, (b) has no criterion evidence, or (c) stands alone, or comes from an unframed step,
 * against framed evidence that meets the bar on every criterion.
 */
export function vetoStyle(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  const framedAllMeet = framedCriteriaMeetBar(ctx);
  return ctx.submitted.flatMap((card) => {
    const reasons = vetoReasonsOf(card, ctx, framedAllMeet);
    if (!reasons.length) return [];
    const lone = ctx.submitted.filter(isNegative).length === 1;
    const why = reasons.map((r) => (r === 'against_framed_evidence' ? `${REASON_TEXT[r]} ${loneOrUnframed(lone)}` : REASON_TEXT[r]));
    const interview = ctx.interviewsById.get(card.interviewId);
    const recommendation = card.recommendation === 'strong_no' ? 'strong no-hire' : 'no-hire';
    return [
      makeFlag(
        'VETO_STYLE',
        {
          scorecardIds: [card.id],
          interviewIds: [card.interviewId],
          stepIds: interview?.stepId ? [interview.stepId] : [],
          interviewerIds: [card.authorId],
        },
        `${capitalize(`the ${recommendation} recommendation of ${who(ctx, card.authorId)} from ${where(ctx, interview)}`)} rests on one voice (${why.join('; ')}): ask for the evidence behind it and weigh it against the criteria, not as a veto.`,
        { reasons },
      ),
    ];
  });
}
