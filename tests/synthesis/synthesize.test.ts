import { describe, expect, it } from 'vitest';
import { synthesisSchema } from '../../src/synthesis/output.js';
import { influence, missingScorecards, synthesize } from '../../src/synthesis/synthesize.js';
import { loopWithLunch, structuredLoop } from './builders.js';

const criterion = (s: ReturnType<typeof synthesize>, id: string) => s.criteria.find((c) => c.criterionId === id)!;

describe('synthesize: per criterion', () => {
  it('lists every rating with its evidence, interviewer and step, and computes mean and spread', () => {
    const s = synthesize(structuredLoop().build());
    const ownership = criterion(s, 'ownership');
    expect(ownership).toMatchObject({ name: 'Ownership', mustHave: true, bar: 3, n: 2, mean: 3.5, min: 3, max: 4, range: 1, standardDeviation: 0.5, meetsBar: true });
    expect(ownership.ratings).toEqual([
      {
        scorecardId: 'sc-bob',
        interviewId: 'i-deep-dive',
        interviewerId: 'bob',
        interviewerName: 'Bob',
        stepId: 'deep-dive',
        stepName: 'Product deep dive',
        rating: 4,
        evidence: 'On ownership, the candidate walked through a concrete example.',
        offAssignment: false,
        framed: true,
      },
      expect.objectContaining({ scorecardId: 'sc-carol', stepName: 'Working session', rating: 3 }),
    ]);
    expect(ownership.coverage).toEqual({
      interviewers: [
        { interviewerId: 'bob', interviewId: 'i-deep-dive', stepId: 'deep-dive', stepName: 'Product deep dive' },
        { interviewerId: 'carol', interviewId: 'i-session', stepId: 'session', stepName: 'Working session' },
      ],
      count: 2,
      mustHaveCovered: true,
    });
    expect(criterion(s, 'communication').coverage.mustHaveCovered).toBeNull();
  });

  it('shows not-assessed entries without counting them, and says null when nobody rated a criterion', () => {
    const s = synthesize(
      structuredLoop()
        .criterion('writing', { name: 'Writing', mustHave: true })
        .with((i) => i.scorecards[0]!.ratings.push({ criterionId: 'writing', rating: null, evidence: null, offAssignment: true }))
        .build(),
    );
    expect(criterion(s, 'writing')).toMatchObject({ n: 0, mean: null, min: null, max: null, range: null, standardDeviation: null, adjustedMean: null, meetsBar: null, adjustedMeetsBar: null });
    expect(criterion(s, 'writing').ratings).toHaveLength(1);
    expect(criterion(s, 'writing').coverage).toEqual({ interviewers: [], count: 0, mustHaveCovered: false });
  });

  it('ignores drafts', () => {
    const s = synthesize(
      structuredLoop()
        .interview('i-extra', { step: 'deep-dive', startHour: 60 })
        .scorecard('sc-draft', { interview: 'i-extra', author: 'bob', status: 'draft', ratings: { ownership: 1 } })
        .build(),
    );
    expect(criterion(s, 'ownership').n).toBe(2);
    expect(s.scorecards.map((c) => c.scorecardId)).toEqual(['sc-alice', 'sc-bob', 'sc-carol']);
  });

  it('misses the bar when the mean is below it', () => {
    const s = synthesize(structuredLoop().with((i) => (i.scorecards[1]!.ratings[1]!.rating = 1)).build());
    expect(criterion(s, 'discovery')).toMatchObject({ mean: 2.5, meetsBar: false });
    expect(s.summary).toMatchObject({ criteriaMeetingBar: 2, criteriaMissingBar: 1, mustHavesMissingBar: 1 });
  });
});

describe('synthesize: leniency adjustment', () => {
  it('reports raw means when no offsets are given', () => {
    const c = criterion(synthesize(structuredLoop().build()), 'ownership');
    expect(c).toMatchObject({ adjustment: 'raw', adjustedMean: 3.5 });
  });

  it('subtracts each rater’s shrunk offset, taking raters without one as neutral', () => {
    const s = synthesize(structuredLoop().with((i) => (i.leniencyOffsets = { bob: 0.8 })).build());
    // Ownership: (4 − 0.8 + 3 − 0) / 2 = 3.1; discovery: (3 − 0.8 + 4) / 2 = 3.1.
    expect(criterion(s, 'ownership').adjustment).toBe('leniency');
    expect(criterion(s, 'ownership').adjustedMean).toBeCloseTo(3.1, 10);
    expect(criterion(s, 'ownership').mean).toBe(3.5);
    // Communication was rated by Alice and Carol only: nothing to adjust.
    expect(criterion(s, 'communication')).toMatchObject({ adjustment: 'raw', adjustedMean: 3.5 });
  });

  it('can move a criterion below the bar, and keeps the adjusted mean on the scale', () => {
    const s = synthesize(structuredLoop().with((i) => (i.leniencyOffsets = { bob: 1, carol: 1, alice: -3 })).build());
    expect(criterion(s, 'ownership')).toMatchObject({ adjustedMean: 2.5, meetsBar: true, adjustedMeetsBar: false });
    // Communication: (3 + 3 + 4 − 1) / 2 = 4.5 → kept at the top of the 1–4 scale.
    expect(criterion(s, 'communication').adjustedMean).toBe(4);
  });
});

describe('synthesize: influence', () => {
  it('shows an interviewer whose ratings alone carry a must-have over the bar as pivotal', () => {
    // Ownership: Bob 4, Carol 2 → 3 meets the bar; without Bob it is 2 and misses it.
    const input = structuredLoop().with((i) => (i.scorecards[2]!.ratings[0]!.rating = 2)).build();
    const byId = Object.fromEntries(influence(input).map((x) => [x.interviewerId, x]));
    expect(byId.bob).toMatchObject({ flips: ['ownership'], pivotal: true });
    expect(byId.carol).toMatchObject({ flips: [], pivotal: false });
    expect(byId.alice).toMatchObject({ flips: [], soleAssessorOf: [], pivotal: false });
  });

  it('shows nobody as pivotal when every must-have holds without each voice', () => {
    const result = influence(structuredLoop().build());
    expect(result.map((x) => x.interviewerId)).toEqual(['alice', 'bob', 'carol']);
    expect(result.every((x) => !x.pivotal && x.flips.length === 0)).toBe(true);
  });

  it('names a sole assessor of a must-have without calling it a flip', () => {
    const input = structuredLoop().with((i) => (i.scorecards[2]!.ratings = i.scorecards[2]!.ratings.filter((r) => r.criterionId !== 'discovery'))).build();
    const bob = influence(input).find((x) => x.interviewerId === 'bob')!;
    expect(bob).toMatchObject({ flips: [], soleAssessorOf: ['discovery'], pivotal: false });
  });
});

describe('synthesize: missing scorecards', () => {
  it('lists interviewers on an interview without a submitted scorecard, drafts included', () => {
    const input = structuredLoop()
      .step('panel', { kind: 'panel', assign: { erin: ['ownership'], frank: ['discovery'] } })
      .interview('i-panel', { step: 'panel', startHour: 60 })
      .scorecard('sc-erin', { interview: 'i-panel', author: 'erin', status: 'draft', ratings: { ownership: 3 } })
      .build();
    expect(missingScorecards(input)).toEqual([
      { interviewId: 'i-panel', interviewerId: 'erin', draftScorecardId: 'sc-erin' },
      { interviewId: 'i-panel', interviewerId: 'frank', draftScorecardId: null },
    ]);
    expect(synthesize(input).summary.scorecardsMissing).toBe(2);
  });

  it('is empty when everyone submitted', () => {
    expect(synthesize(structuredLoop().build()).missingScorecards).toEqual([]);
  });
});

describe('synthesize: the seed story', () => {
  const s = synthesize(loopWithLunch().build());

  it('shows every criterion meeting the bar on the structured evidence', () => {
    expect(s.criteria.map((c) => [c.criterionId, c.meetsBar])).toEqual([
      ['ownership', true],
      ['discovery', true],
      ['communication', true],
    ]);
    expect(s.influence.some((x) => x.pivotal)).toBe(false);
  });

  it('carries the lunch comment with its flags pointing at the lunch', () => {
    const lunch = s.scorecards.find((c) => c.scorecardId === 'sc-dave')!;
    expect(lunch).toMatchObject({ stepName: 'Team lunch', framed: false, recommendation: 'no', notes: 'Not a culture fit, too quiet at lunch.' });
    const atLunch = s.flags.filter((f) => f.refs.interviewIds?.includes('i-lunch')).map((f) => f.code);
    expect(atLunch).toEqual(['UNFRAMED_STEP', 'UNPLANNED_STEP', 'VETO_STYLE', 'BIAS_LANGUAGE', 'BIAS_LANGUAGE', 'BIAS_LANGUAGE']);
    expect(s.summary).toMatchObject({
      interviews: 4,
      scorecardsSubmitted: 4,
      scorecardsMissing: 0,
      flags: 6,
      flagsBySeverity: { info: 0, warning: 5, critical: 1 },
      flagsByCode: { UNFRAMED_STEP: 1, UNPLANNED_STEP: 1, VETO_STYLE: 1, BIAS_LANGUAGE: 3, LONG_LOOP: 0 },
    });
  });

  it('never outputs a verdict or a score of its own, and fits the response schema', () => {
    const forbidden = /^(verdict|recommendation|decision|hire|overall|score|totalScore|weightedScore)$/;
    expect(Object.keys(s).filter((k) => forbidden.test(k))).toEqual([]);
    expect(Object.keys(s.summary).filter((k) => forbidden.test(k))).toEqual([]);
    expect(synthesisSchema.parse(s)).toEqual(s);
  });
});
