// Pure: every reason a role cannot open yet. A role opens only when who we hire and how we will
// know they succeeded are defined before anyone interviews.

export interface ReadinessInput {
  decisionOwnerId: string | null;
  scaleLevels: number;
  metrics: { id: string }[];
  criteria: { id: string; name: string; metricIds: string[]; anchors: string[] }[];
  steps: { id: string; name: string; briefing: string | null; interviewers: { interviewerId: string; criterionIds: string[] }[] }[];
  /** Users of the organization: an assigned interviewer outside it blocks opening. */
  organizationUserIds: ReadonlySet<string>;
}

export const readinessCodes = [
  'NO_DECISION_OWNER',
  'NO_SUCCESS_METRIC',
  'NO_CRITERION',
  'CRITERION_WITHOUT_METRIC',
  'CRITERION_ANCHORS_INCOMPLETE',
  'CRITERION_NOT_ASSESSED',
  'NO_STEP',
  'STEP_WITHOUT_BRIEFING',
  'STEP_WITHOUT_INTERVIEWERS',
  'INTERVIEWER_WITHOUT_CRITERIA',
  'UNKNOWN_INTERVIEWER',
] as const;

export interface ReadinessReason {
  code: (typeof readinessCodes)[number];
  message: string;
  ids: string[];
}

/** A step is framed when it has a briefing and every interviewer in it has assigned criteria. */
export const isFramed = (step: { briefing: string | null; interviewers: { criterionIds: string[] }[] }) =>
  !!step.briefing?.trim() && step.interviewers.every((i) => i.criterionIds.length > 0);

export function readinessReasons(input: ReadinessInput): ReadinessReason[] {
  const reasons: ReadinessReason[] = [];
  const add = (code: ReadinessReason['code'], message: string, ids: string[] = []) => reasons.push({ code, message, ids });

  if (!input.decisionOwnerId) add('NO_DECISION_OWNER', 'Name one decision owner: the person accountable for the hiring decision.');
  if (input.metrics.length === 0) add('NO_SUCCESS_METRIC', 'Define at least one success metric: what success in the role looks like, measurably.');
  if (input.criteria.length === 0) add('NO_CRITERION', 'Define at least one criterion the interviews evaluate.');
  for (const c of input.criteria) {
    if (c.metricIds.length === 0) add('CRITERION_WITHOUT_METRIC', `Criterion "${c.name}" is not tied to any success metric.`, [c.id]);
    if (c.anchors.length !== input.scaleLevels || c.anchors.some((a) => !a.trim())) {
      add('CRITERION_ANCHORS_INCOMPLETE', `Criterion "${c.name}" needs one anchor text for each of the ${input.scaleLevels} levels of the scale.`, [c.id]);
    }
  }
  const assessed = new Set(input.steps.flatMap((s) => s.interviewers.flatMap((i) => i.criterionIds)));
  for (const c of input.criteria) {
    if (!assessed.has(c.id)) add('CRITERION_NOT_ASSESSED', `No step assigns criterion "${c.name}" to an interviewer.`, [c.id]);
  }
  if (input.steps.length === 0) add('NO_STEP', 'Plan at least one interview step.');
  for (const s of input.steps) {
    if (!s.briefing?.trim()) add('STEP_WITHOUT_BRIEFING', `Step "${s.name}" has no briefing: interviewers must know what it is for.`, [s.id]);
    if (s.interviewers.length === 0) add('STEP_WITHOUT_INTERVIEWERS', `Step "${s.name}" has no interviewers assigned.`, [s.id]);
    const unassigned = s.interviewers.filter((i) => i.criterionIds.length === 0).map((i) => i.interviewerId);
    if (unassigned.length) add('INTERVIEWER_WITHOUT_CRITERIA', `Step "${s.name}" has interviewers with no criteria to assess.`, [s.id, ...unassigned]);
    const strangers = s.interviewers.map((i) => i.interviewerId).filter((id) => !input.organizationUserIds.has(id));
    if (strangers.length) add('UNKNOWN_INTERVIEWER', `Step "${s.name}" assigns interviewers who are not users of this organization.`, [s.id, ...strangers]);
  }
  return reasons;
}
