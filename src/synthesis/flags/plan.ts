// Flags about the shape of the loop: steps that were not framed, steps that were not planned,
// and loops that run too long.
import type { Flag } from '../output.js';
import { buildContext, time, where, type SynthesisContext } from '../context.js';
import type { SynthesisInput } from '../types.js';
import { capitalize, makeFlag, plural } from './flag.js';

/** The research the spec cites: a fifth interview adds little evidence and costs the candidate. */
export const MAX_INTERVIEWS = 4;

/**
 * UNFRAMED_STEP: submitted feedback from an interview whose step is not framed (no briefing, an
 * interviewer on the step without criteria), from an ad-hoc interview, or from an interviewer
 * whose scheduling snapshot held no criterion (unframed for them only).
 */
export function unframedStep(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  return input.interviews.flatMap((interview) => {
    const cards = ctx.submitted.filter((c) => c.interviewId === interview.id);
    if (!cards.length) return [];
    const f = ctx.framing(interview);
    const stepUnframed = f.outsidePlan || f.missingBriefing || f.stepInterviewersWithoutCriteria.length > 0;
    const affected = stepUnframed ? cards : cards.filter((c) => ctx.assigned(interview.id, c.authorId).size === 0);
    if (!affected.length) return [];

    const reasons: string[] = [];
    if (f.outsidePlan) reasons.push(interview.stepId ? 'its step is not in the plan' : 'it was held outside the plan');
    else {
      if (f.missingBriefing) reasons.push('the step has no briefing');
      if (f.stepInterviewersWithoutCriteria.length) {
        reasons.push(`${plural(f.stepInterviewersWithoutCriteria.length, 'interviewer')} on the step had no assigned criteria`);
      }
    }
    // Only worth saying when the step itself is framed: otherwise every scorecard is affected anyway.
    if (!stepUnframed) reasons.push(`${plural(affected.length, 'scorecard')} came from an interviewer scheduled without criteria`);

    return [
      makeFlag(
        'UNFRAMED_STEP',
        {
          scorecardIds: affected.map((c) => c.id),
          interviewIds: [interview.id],
          stepIds: interview.stepId ? [interview.stepId] : [],
          interviewerIds: affected.map((c) => c.authorId),
        },
        `Feedback from ${where(ctx, interview)} is not framed (${reasons.join('; ')}): weigh it below evidence from framed steps, and brief the step with assigned criteria before it is used again.`,
      ),
    ];
  });
}

/**
 * UNPLANNED_STEP: an interview held outside the plan (ad hoc), or on a step added after this
 * application's first interview — the "one last step" that tends to decide outcomes.
 */
export function unplannedStep(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  return input.interviews.flatMap((interview) => {
    const step = ctx.stepOf(interview);
    const added = time(step?.addedAfterOpenAt);
    let reason: string;
    if (!step) reason = 'was held outside the interview plan';
    else if (added !== null && ctx.firstInterviewAt !== null && added > ctx.firstInterviewAt) {
      reason = 'is on a step added to the plan after this candidate’s first interview';
    } else return [];
    return [
      makeFlag(
        'UNPLANNED_STEP',
        {
          interviewIds: [interview.id],
          stepIds: step ? [step.id] : [],
          scorecardIds: ctx.submitted.filter((c) => c.interviewId === interview.id).map((c) => c.id),
          interviewerIds: interview.interviewers.map((p) => p.interviewerId),
        },
        `${capitalize(where(ctx, interview))} ${reason}: check which criteria it assessed before letting this “one last step” weigh on the decision.`,
      ),
    ];
  });
}

/** LONG_LOOP: more than four interviews for one application. */
export function longLoop(input: SynthesisInput): Flag[] {
  const n = input.interviews.length;
  if (n <= MAX_INTERVIEWS) return [];
  return [
    makeFlag(
      'LONG_LOOP',
      { interviewIds: input.interviews.map((i) => i.id) },
      `This application has ${n} interviews, more than ${MAX_INTERVIEWS}: decide on the evidence gathered, or name the criterion another interview would still assess.`,
    ),
  ];
}
