// Every synthesis flag, computed over one shared index of the input, in the spec's order.
import type { Flag } from '../output.js';
import { buildContext, type SynthesisContext } from '../context.js';
import type { SynthesisInput } from '../types.js';
import { biasLanguage, lateFeedback, notIndependent } from './conduct.js';
import { coverageGap, noEvidence, offAssignment, splitPanel } from './evidence.js';
import { longLoop, unframedStep, unplannedStep } from './plan.js';
import { vetoStyle } from './voice.js';

export { FLAG_SEVERITY } from './flag.js';
export { biasLanguage, lateFeedback, notIndependent } from './conduct.js';
export { coverageGap, MUST_HAVE_MIN_INTERVIEWERS, noEvidence, offAssignment, SPLIT_LEVELS, splitPanel } from './evidence.js';
export { longLoop, MAX_INTERVIEWS, unframedStep, unplannedStep } from './plan.js';
export { framedCriteriaMeetBar, vetoReasonsOf, vetoStyle } from './voice.js';

export function computeFlags(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  return [
    ...unframedStep(input, ctx),
    ...unplannedStep(input, ctx),
    ...vetoStyle(input, ctx),
    ...noEvidence(input, ctx),
    ...offAssignment(input, ctx),
    ...notIndependent(input, ctx),
    ...biasLanguage(input, ctx),
    ...lateFeedback(input, ctx),
    ...coverageGap(input, ctx),
    ...splitPanel(input, ctx),
    ...longLoop(input),
  ];
}
