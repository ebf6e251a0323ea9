// One severity per flag code, so a code means the same urgency everywhere (synthesis, analytics):
//   critical — the outcome may rest on one voice (VETO_STYLE);
//   warning  — the evidence is weaker than it looks and someone should act before deciding;
//   info     — worth knowing, rarely changes how the evidence reads.
import type { Flag, FlagCode, FlagRefs, Severity } from '../output.js';

export const FLAG_SEVERITY: Readonly<Record<FlagCode, Severity>> = {
  UNFRAMED_STEP: 'warning',
  UNPLANNED_STEP: 'warning',
  VETO_STYLE: 'critical',
  NO_EVIDENCE: 'warning',
  OFF_ASSIGNMENT: 'info',
  NOT_INDEPENDENT: 'warning',
  // A lexicon match may be innocent ("team culture practices"): a person judges the text.
  BIAS_LANGUAGE: 'warning',
  LATE_FEEDBACK: 'info',
  COVERAGE_GAP: 'warning',
  SPLIT_PANEL: 'warning',
  LONG_LOOP: 'info',
};

const refKeys = ['scorecardIds', 'interviewIds', 'stepIds', 'criterionIds', 'interviewerIds'] as const;

/** Builds a flag with its code's severity; empty reference lists are left out, the rest deduplicated. */
export function makeFlag(code: FlagCode, refs: FlagRefs, message: string, extra: Pick<Flag, 'match' | 'reasons'> = {}): Flag {
  const clean: FlagRefs = {};
  for (const key of refKeys) {
    const list = refs[key];
    if (list?.length) clean[key] = [...new Set(list)];
  }
  return { code, severity: FLAG_SEVERITY[code], refs: clean, message, ...extra };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
