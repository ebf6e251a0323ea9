import { describe, expect, it } from 'vitest';
import { isFramed, readinessReasons, type ReadinessInput } from '../../src/roles/readiness.js';

const ready = (): ReadinessInput => ({
  decisionOwnerId: 'owner',
  scaleLevels: 4,
  metrics: [{ id: 'm1' }],
  criteria: [{ id: 'c1', name: 'Discovery', metricIds: ['m1'], anchors: ['a', 'b', 'c', 'd'] }],
  steps: [{ id: 's1', name: 'Interview', briefing: 'Ask for a discovery cycle.', interviewers: [{ interviewerId: 'u1', criterionIds: ['c1'] }] }],
  organizationUserIds: new Set(['u1', 'owner']),
});

describe('role readiness', () => {
  it('lists nothing for a complete role', () => {
    expect(readinessReasons(ready())).toEqual([]);
  });

  it('lists every gap at once', () => {
    const input: ReadinessInput = {
      decisionOwnerId: null,
      scaleLevels: 4,
      metrics: [],
      criteria: [{ id: 'c1', name: 'Discovery', metricIds: [], anchors: ['a', 'b', ''] }],
      steps: [
        { id: 's1', name: 'Lunch', briefing: null, interviewers: [{ interviewerId: 'u1', criterionIds: [] }] },
        { id: 's2', name: 'Panel', briefing: 'Panel', interviewers: [{ interviewerId: 'stranger', criterionIds: ['c1'] }] },
        { id: 's3', name: 'Empty', briefing: 'Nobody yet', interviewers: [] },
      ],
      organizationUserIds: new Set(['u1']),
    };
    const codes = readinessReasons(input).map((r) => r.code);
    expect(codes).toEqual([
      'NO_DECISION_OWNER',
      'NO_SUCCESS_METRIC',
      'CRITERION_WITHOUT_METRIC',
      'CRITERION_ANCHORS_INCOMPLETE',
      'STEP_WITHOUT_BRIEFING',
      'INTERVIEWER_WITHOUT_CRITERIA',
      'UNKNOWN_INTERVIEWER',
      'STEP_WITHOUT_INTERVIEWERS',
    ]);
  });

  it('requires every criterion to be assessed somewhere, and at least one criterion and step', () => {
    const input = ready();
    input.criteria.push({ id: 'c2', name: 'Prioritization', metricIds: ['m1'], anchors: ['a', 'b', 'c', 'd'] });
    expect(readinessReasons(input)).toEqual([{ code: 'CRITERION_NOT_ASSESSED', message: expect.stringContaining('Prioritization'), ids: ['c2'] }]);
    expect(readinessReasons({ ...ready(), criteria: [], steps: [] }).map((r) => r.code)).toEqual(['NO_CRITERION', 'NO_STEP']);
  });

  it('knows a framed step from an unframed one', () => {
    expect(isFramed({ briefing: 'Pair on a real problem.', interviewers: [{ criterionIds: ['c1'] }] })).toBe(true);
    expect(isFramed({ briefing: '  ', interviewers: [{ criterionIds: ['c1'] }] })).toBe(false);
    expect(isFramed({ briefing: 'Lunch', interviewers: [{ criterionIds: [] }] })).toBe(false);
  });
});
