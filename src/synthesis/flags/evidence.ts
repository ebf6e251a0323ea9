// Flags about the evidence itself: missing, outside the assignment, too thin on a criterion,
// or split across the panel.
import type { Flag } from '../output.js';
import { buildContext, criterionNames, where, who, type SynthesisContext } from '../context.js';
import type { SynthesisInput } from '../types.js';
import { capitalize, makeFlag, plural } from './flag.js';

/** Ratings this far apart (in levels) on one criterion mean the panel saw different things. */
export const SPLIT_LEVELS = 2;
/** A must-have decides the outcome, so it needs more than one voice. */
export const MUST_HAVE_MIN_INTERVIEWERS = 2;

/**
 * NO_EVIDENCE: on a submitted scorecard, a rating without evidence, or a criterion assigned to
 * the author (per the interview's snapshot) left unrated (null or missing).
 */
export function noEvidence(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  return ctx.submitted.flatMap((card) => {
    const mine = ctx.ratings.filter((r) => r.scorecard === card);
    const bare = mine.filter((r) => r.rating !== null && r.evidence === null).map((r) => r.criterionId);
    const rated = new Set(mine.filter((r) => r.rating !== null).map((r) => r.criterionId));
    const unrated = [...ctx.assigned(card.interviewId, card.authorId)].filter((id) => ctx.criteriaById.has(id) && !rated.has(id));
    if (!bare.length && !unrated.length) return [];
    const parts: string[] = [];
    if (bare.length) parts.push(`${plural(bare.length, 'rating')} without evidence (${criterionNames(ctx, bare)})`);
    if (unrated.length) parts.push(`${plural(unrated.length, 'assigned criterion', 'assigned criteria')} left unrated (${criterionNames(ctx, unrated)})`);
    const interview = ctx.interviewsById.get(card.interviewId);
    return [
      makeFlag(
        'NO_EVIDENCE',
        { scorecardIds: [card.id], interviewIds: [card.interviewId], criterionIds: [...bare, ...unrated], interviewerIds: [card.authorId] },
        `The scorecard of ${who(ctx, card.authorId)} from ${where(ctx, interview)} has ${parts.join(' and ')}: ask for what the candidate said or did, or treat those criteria as unassessed.`,
      ),
    ];
  });
}

/** OFF_ASSIGNMENT: a rating on a criterion the interviewer was not assigned in that interview. */
export function offAssignment(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  return ctx.submitted.flatMap((card) => {
    const off = ctx.ratings.filter((r) => r.scorecard === card && r.rating !== null && r.offAssignment).map((r) => r.criterionId);
    if (!off.length) return [];
    const interview = ctx.interviewsById.get(card.interviewId);
    return [
      makeFlag(
        'OFF_ASSIGNMENT',
        { scorecardIds: [card.id], interviewIds: [card.interviewId], criterionIds: off, interviewerIds: [card.authorId] },
        `${capitalize(who(ctx, card.authorId))} rated ${criterionNames(ctx, off)} in ${where(ctx, interview)} without being assigned ${off.length === 1 ? 'it' : 'them'}: weigh ${off.length === 1 ? 'that rating' : 'those ratings'} knowing the interview was not set up to assess ${off.length === 1 ? 'it' : 'them'}.`,
      ),
    ];
  });
}

/**
 * COVERAGE_GAP: a criterion of the role with no evidence at all (no rating with evidence on a
 * submitted scorecard), or a must-have criterion rated by fewer than two interviewers.
 */
export function coverageGap(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  return ctx.criteria.flatMap((criterion) => {
    const rated = ctx.ratings.filter((r) => r.criterionId === criterion.id && r.rating !== null);
    const evidenced = rated.filter((r) => r.evidence !== null);
    const raters = [...new Set(rated.map((r) => r.scorecard.authorId))];
    const refs = { criterionIds: [criterion.id], scorecardIds: rated.map((r) => r.scorecard.id), interviewerIds: raters };
    const label = `${criterion.mustHave ? 'must-have ' : ''}“${criterion.name}”`;
    if (!evidenced.length) {
      return [makeFlag('COVERAGE_GAP', refs, `No interviewer gave evidence on ${label}: assess it before deciding, or decide knowing it is unassessed.`)];
    }
    if (criterion.mustHave && raters.length < MUST_HAVE_MIN_INTERVIEWERS) {
      return [
        makeFlag(
          'COVERAGE_GAP',
          refs,
          `Must-have “${criterion.name}” was assessed by only ${plural(raters.length, 'interviewer')}: get a second, independent assessment before it decides the outcome.`,
        ),
      ];
    }
    return [];
  });
}

/** SPLIT_PANEL: ratings of one criterion differ by two levels or more. */
export function splitPanel(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  return ctx.criteria.flatMap((criterion) => {
    const rated = ctx.ratings.filter((r) => r.criterionId === criterion.id && r.rating !== null);
    const levels = rated.map((r) => r.rating as number);
    if (levels.length < 2) return [];
    const min = Math.min(...levels);
    const max = Math.max(...levels);
    if (max - min < SPLIT_LEVELS) return [];
    return [
      makeFlag(
        'SPLIT_PANEL',
        { criterionIds: [criterion.id], scorecardIds: rated.map((r) => r.scorecard.id), interviewerIds: rated.map((r) => r.scorecard.authorId) },
        `Ratings of “${criterion.name}” range from ${min} to ${max}: resolve with evidence, not votes, by comparing what each interviewer saw the candidate say or do.`,
      ),
    ];
  });
}
