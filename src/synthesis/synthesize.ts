// The decision owner's synthesis for one application: per criterion every rating with its
// evidence, the mean, spread and leniency-adjusted mean, coverage, then the flags, each
// interviewer's influence on the must-haves, and the scorecards still missing. It never
// outputs a verdict or an overall score: the decision owner decides from the evidence.
import { buildContext, levelsByCriterion, type SynthesisContext } from './context.js';
import { computeFlags, MUST_HAVE_MIN_INTERVIEWERS } from './flags/index.js';
import { flagCodes, type CriterionSynthesis, type Influence, type MissingScorecard, type Synthesis, type SynthesisSummary } from './output.js';
import { mean, meetsBar, populationSd } from './stats.js';
import type { CriterionInput, SynthesisInput } from './types.js';

export function synthesize(input: SynthesisInput): Synthesis {
  const ctx = buildContext(input);
  const criteria = ctx.criteria.map((c) => synthesizeCriterion(c, ctx));
  const flags = computeFlags(input, ctx);
  const missing = missingScorecards(input);
  const flagsBySeverity = { info: 0, warning: 0, critical: 0 };
  const flagsByCode = Object.fromEntries(flagCodes.map((code) => [code, 0])) as SynthesisSummary['flagsByCode'];
  for (const f of flags) {
    flagsBySeverity[f.severity] += 1;
    flagsByCode[f.code] += 1;
  }
  return {
    applicationId: input.application.id,
    criteria,
    scorecards: ctx.submitted.map((card) => {
      const interview = ctx.interviewsById.get(card.interviewId);
      return {
        scorecardId: card.id,
        interviewId: card.interviewId,
        interviewerId: card.authorId,
        interviewerName: ctx.names.get(card.authorId) ?? null,
        stepId: interview?.stepId ?? null,
        stepName: ctx.stepName(interview),
        framed: ctx.isFramed(card),
        submittedAt: card.submittedAt,
        recommendation: card.recommendation,
        notes: card.notes,
        amendments: card.amendments.map((a) => ({ id: a.id, createdAt: a.createdAt, reason: a.reason })),
      };
    }),
    flags,
    influence: influence(input, ctx),
    missingScorecards: missing,
    summary: {
      interviews: input.interviews.length,
      scorecardsSubmitted: ctx.submitted.length,
      scorecardsMissing: missing.length,
      criteria: criteria.length,
      criteriaMeetingBar: criteria.filter((c) => c.meetsBar === true).length,
      criteriaMissingBar: criteria.filter((c) => c.meetsBar === false).length,
      criteriaUnrated: criteria.filter((c) => c.meetsBar === null).length,
      mustHavesMissingBar: criteria.filter((c) => c.mustHave && c.meetsBar === false).length,
      flags: flags.length,
      flagsBySeverity,
      flagsByCode,
    },
  };
}

/** One criterion: its ratings from submitted scorecards (not-assessed entries shown, not counted). */
export function synthesizeCriterion(criterion: CriterionInput, ctx: SynthesisContext): CriterionSynthesis {
  const facts = ctx.ratings.filter((r) => r.criterionId === criterion.id);
  const rated = facts.filter((r) => r.rating !== null);
  const levels = rated.map((r) => r.rating as number);
  const m = mean(levels);
  const offsets = ctx.input.leniencyOffsets;
  // Raters without an offset count as neutral (0), the prior the shrunk offsets pull towards.
  const lenient = !!offsets && rated.some((r) => offsets[r.scorecard.authorId] !== undefined);
  const adjusted = lenient ? mean(rated.map((r) => (r.rating as number) - (offsets[r.scorecard.authorId] ?? 0))) : m;
  // An offset must not move a mean off the scale the bar is expressed in.
  const adjustedMean = adjusted === null ? null : Math.min(ctx.input.role.scaleLevels, Math.max(1, adjusted));
  const raters = new Set(rated.map((r) => r.scorecard.authorId));
  const min = levels.length ? Math.min(...levels) : null;
  const max = levels.length ? Math.max(...levels) : null;
  return {
    criterionId: criterion.id,
    name: criterion.name,
    mustHave: criterion.mustHave,
    bar: criterion.bar,
    weight: criterion.weight,
    ratings: facts.map((r) => ({
      scorecardId: r.scorecard.id,
      interviewId: r.scorecard.interviewId,
      interviewerId: r.scorecard.authorId,
      interviewerName: ctx.names.get(r.scorecard.authorId) ?? null,
      stepId: r.interview?.stepId ?? null,
      stepName: ctx.stepName(r.interview),
      rating: r.rating,
      evidence: r.evidence,
      offAssignment: r.offAssignment,
      framed: r.framed,
    })),
    n: levels.length,
    mean: m,
    min,
    max,
    range: min === null || max === null ? null : max - min,
    standardDeviation: populationSd(levels),
    adjustedMean,
    adjustment: lenient ? 'leniency' : 'raw',
    meetsBar: meetsBar(levels, criterion.bar),
    adjustedMeetsBar: adjustedMean === null ? null : meetsBar([adjustedMean], criterion.bar),
    coverage: {
      interviewers: rated.map((r) => ({
        interviewerId: r.scorecard.authorId,
        interviewId: r.scorecard.interviewId,
        stepId: r.interview?.stepId ?? null,
        stepName: ctx.stepName(r.interview),
      })),
      count: raters.size,
      mustHaveCovered: criterion.mustHave ? raters.size >= MUST_HAVE_MIN_INTERVIEWERS : null,
    },
  };
}

/**
 * Per interviewer with submitted feedback: the must-have criteria that would switch between
 * meeting and missing the bar (raw mean) if their ratings were left out. A criterion only they
 * rated has no "without them" mean; it is listed as soleAssessorOf rather than as a flip.
 */
export function influence(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Influence[] {
  const mustHaves = ctx.criteria.filter((c) => c.mustHave);
  const all = levelsByCriterion(ctx.ratings);
  const interviewerIds = [...new Set(ctx.submitted.map((c) => c.authorId))];
  return interviewerIds.map((interviewerId) => {
    const without = levelsByCriterion(ctx.ratings.filter((r) => r.scorecard.authorId !== interviewerId));
    const flips: string[] = [];
    const soleAssessorOf: string[] = [];
    for (const c of mustHaves) {
      const before = meetsBar(all.get(c.id) ?? [], c.bar);
      const after = meetsBar(without.get(c.id) ?? [], c.bar);
      if (before !== null && after === null) soleAssessorOf.push(c.id);
      else if (before !== null && after !== null && before !== after) flips.push(c.id);
    }
    return { interviewerId, interviewerName: ctx.names.get(interviewerId) ?? null, flips, soleAssessorOf, pivotal: flips.length > 0 };
  });
}

/** An interviewer on an interview with no submitted scorecard for it (a draft does not count). */
export function missingScorecards(input: SynthesisInput): MissingScorecard[] {
  return input.interviews.flatMap((interview) =>
    interview.interviewers.flatMap(({ interviewerId }) => {
      const mine = input.scorecards.filter((c) => c.interviewId === interview.id && c.authorId === interviewerId);
      if (mine.some((c) => c.status === 'submitted')) return [];
      return [{ interviewId: interview.id, interviewerId, draftScorecardId: mine.find((c) => c.status === 'draft')?.id ?? null }];
    }),
  );
}
