// The shape-of-the-loop flags and the veto check: UNFRAMED_STEP, UNPLANNED_STEP, LONG_LOOP,
// VETO_STYLE, plus computeFlags as a whole. Evidence and conduct flags: flags-evidence.test.ts.
import { describe, expect, it } from 'vitest';
import { computeFlags, FLAG_SEVERITY, longLoop, unframedStep, unplannedStep, vetoStyle } from '../../src/synthesis/flags/index.js';
import { at, loopWithLunch, structuredLoop } from './builders.js';

describe('computeFlags', () => {
  it('raises nothing on a clean structured loop', () => {
    expect(computeFlags(structuredLoop().build())).toEqual([]);
  });

  it('gives every flag its code’s documented severity and a sentence to act on', () => {
    const flags = computeFlags(loopWithLunch().build());
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) {
      expect(f.severity).toBe(FLAG_SEVERITY[f.code]);
      expect(f.message).toMatch(/^[A-Z“].*: .*\.$/);
    }
  });
});

describe('UNFRAMED_STEP', () => {
  it('is not raised for a framed working session', () => {
    const input = structuredLoop().build();
    expect(input.steps.find((s) => s.id === 'session')?.kind).toBe('working_session');
    expect(unframedStep(input)).toEqual([]);
  });

  it('is raised for feedback from a step without a briefing', () => {
    const input = structuredLoop()
      .with((i) => (i.steps.find((s) => s.id === 'deep-dive')!.briefing = '  '))
      .build();
    const [flag, ...rest] = unframedStep(input);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ code: 'UNFRAMED_STEP', severity: 'warning', refs: { interviewIds: ['i-deep-dive'], stepIds: ['deep-dive'], scorecardIds: ['sc-bob'] } });
    expect(flag!.message).toContain('no briefing');
  });

  it('is raised for every scorecard of a step that lists an interviewer without criteria', () => {
    const input = structuredLoop()
      .step('panel', { kind: 'panel', assign: { erin: ['ownership'], frank: [] } })
      .interview('i-panel', { step: 'panel', startHour: 60, snapshot: { erin: ['ownership'] } })
      .scorecard('sc-erin', { interview: 'i-panel', author: 'erin', recommendation: 'yes', ratings: { ownership: 3 } })
      .build();
    expect(unframedStep(input)).toMatchObject([{ refs: { interviewIds: ['i-panel'], scorecardIds: ['sc-erin'] } }]);
  });

  it('is raised only for the interviewer whose snapshot of assigned criteria is empty', () => {
    const input = structuredLoop()
      .step('panel', { kind: 'panel', assign: { erin: ['ownership'], frank: ['discovery'] } })
      .interview('i-panel', { step: 'panel', startHour: 60, snapshot: { erin: ['ownership'], frank: [] } })
      .scorecard('sc-erin', { interview: 'i-panel', author: 'erin', recommendation: 'yes', ratings: { ownership: 3 } })
      .scorecard('sc-frank', { interview: 'i-panel', author: 'frank', recommendation: 'yes', ratings: { discovery: 3 } })
      .build();
    expect(unframedStep(input)).toMatchObject([{ refs: { scorecardIds: ['sc-frank'], interviewerIds: ['frank'] } }]);
  });

  it('is raised for an ad-hoc interview', () => {
    const input = structuredLoop()
      .interview('i-coffee', { step: null, name: 'Coffee chat', startHour: 60, snapshot: { erin: [] } })
      .scorecard('sc-erin', { interview: 'i-coffee', author: 'erin', recommendation: 'yes' })
      .build();
    const flags = unframedStep(input);
    expect(flags).toMatchObject([{ refs: { interviewIds: ['i-coffee'], scorecardIds: ['sc-erin'] } }]);
    expect(flags[0]!.refs.stepIds).toBeUndefined();
    expect(flags[0]!.message).toContain('outside the plan');
  });

  it('ignores an unframed step that produced only a draft', () => {
    const input = structuredLoop()
      .interview('i-coffee', { step: null, startHour: 60, snapshot: { erin: [] } })
      .scorecard('sc-erin', { interview: 'i-coffee', author: 'erin', status: 'draft', recommendation: 'no' })
      .build();
    expect(unframedStep(input)).toEqual([]);
  });
});

describe('UNPLANNED_STEP', () => {
  it('is raised for an interview on a step added after the first interview', () => {
    const input = structuredLoop()
      .step('extra', { addedAfterOpenAt: at(10), assign: { erin: ['ownership'] } })
      .interview('i-extra', { step: 'extra', startHour: 60 })
      .scorecard('sc-erin', { interview: 'i-extra', author: 'erin', recommendation: 'yes', ratings: { ownership: 3 } })
      .build();
    expect(unplannedStep(input)).toMatchObject([
      { code: 'UNPLANNED_STEP', severity: 'warning', refs: { interviewIds: ['i-extra'], stepIds: ['extra'], scorecardIds: ['sc-erin'], interviewerIds: ['erin'] } },
    ]);
  });

  it('is not raised for a step added after the role opened but before the first interview', () => {
    const input = structuredLoop()
      .step('extra', { addedAfterOpenAt: at(-5), assign: { erin: ['ownership'] } })
      .interview('i-extra', { step: 'extra', startHour: 60 })
      .build();
    expect(unplannedStep(input)).toEqual([]);
  });

  it('uses the application’s first interview time when given', () => {
    const input = structuredLoop()
      .step('extra', { addedAfterOpenAt: at(10), assign: { erin: ['ownership'] } })
      .interview('i-extra', { step: 'extra', startHour: 60 })
      .with((i) => (i.application.firstInterviewAt = at(20)))
      .build();
    expect(unplannedStep(input)).toEqual([]);
  });

  it('is raised for an interview held outside the plan, with or without feedback', () => {
    const input = structuredLoop().interview('i-coffee', { step: null, name: 'Coffee chat', startHour: 60, snapshot: { erin: [] } }).build();
    const [flag] = unplannedStep(input);
    expect(flag).toMatchObject({ refs: { interviewIds: ['i-coffee'], interviewerIds: ['erin'] } });
    expect(flag!.message).toContain('“Coffee chat” was held outside the interview plan');
  });

  it('is not raised on the planned loop', () => {
    expect(unplannedStep(structuredLoop().build())).toEqual([]);
  });
});

describe('LONG_LOOP', () => {
  const withInterviews = (n: number) => {
    const b = structuredLoop();
    for (let k = 4; k <= n; k++) b.interview(`i-extra-${k}`, { step: 'deep-dive', startHour: 24 * k });
    return b.build();
  };

  it('is not raised for four interviews', () => {
    expect(withInterviews(4).interviews).toHaveLength(4);
    expect(longLoop(withInterviews(4))).toEqual([]);
  });

  it('is raised for a fifth interview, pointing at all of them', () => {
    const [flag] = longLoop(withInterviews(5));
    expect(flag).toMatchObject({ code: 'LONG_LOOP', severity: 'info' });
    expect(flag!.refs.interviewIds).toHaveLength(5);
  });
});

describe('VETO_STYLE', () => {
  it('is raised for a no-hire recommendation whose own ratings meet the bar', () => {
    const input = structuredLoop()
      .with((i) => (i.scorecards.find((c) => c.id === 'sc-bob')!.recommendation = 'no'))
      .build();
    const [flag, ...rest] = vetoStyle(input);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ code: 'VETO_STYLE', severity: 'critical', refs: { scorecardIds: ['sc-bob'], interviewIds: ['i-deep-dive'], stepIds: ['deep-dive'] } });
    expect(flag!.reasons).toContain('own_ratings_meet_bar');
  });

  it('is raised for a negative scorecard with no criterion evidence', () => {
    const input = structuredLoop()
      .step('panel', { kind: 'panel', assign: { erin: ['ownership'], frank: ['ownership'] } })
      .interview('i-panel', { step: 'panel', startHour: 60 })
      .scorecard('sc-erin', { interview: 'i-panel', author: 'erin', recommendation: 'strong_no', ratings: { ownership: [2, null] } })
      .scorecard('sc-frank', { interview: 'i-panel', author: 'frank', recommendation: 'no', ratings: { ownership: [2, 'Blamed the team for the missed launch.'] } })
      .build();
    // Ownership now misses the bar (4, 3, 2, 2), so only the evidence-free card looks like a veto.
    const flags = vetoStyle(input);
    expect(flags.map((f) => f.refs.scorecardIds)).toEqual([['sc-erin']]);
    expect(flags[0]!.reasons).toEqual(['no_criterion_evidence']);
    expect(flags[0]!.message).toContain('strong no-hire');
  });

  it('is raised for the one negative scorecard when every framed criterion meets the bar', () => {
    const input = structuredLoop()
      .with((i) => {
        const carol = i.scorecards.find((c) => c.id === 'sc-carol')!;
        carol.recommendation = 'no';
        carol.ratings.find((r) => r.criterionId === 'ownership')!.rating = 2;
      })
      .build();
    // Ownership: Bob 4, Carol 2 → mean 3 meets the bar; Carol's own ratings do not all meet it.
    expect(vetoStyle(input)).toMatchObject([{ refs: { scorecardIds: ['sc-carol'] }, reasons: ['against_framed_evidence'] }]);
  });

  it('is raised for a negative from an unframed step even when it is not the only negative', () => {
    const input = loopWithLunch()
      .with((i) => (i.scorecards.find((c) => c.id === 'sc-bob')!.recommendation = 'no'))
      .build();
    const byCard = Object.fromEntries(vetoStyle(input).map((f) => [f.refs.scorecardIds![0], f]));
    expect(byCard['sc-bob']!.reasons).toEqual(['own_ratings_meet_bar']);
    expect(byCard['sc-dave']!.reasons).toEqual(['no_criterion_evidence', 'against_framed_evidence']);
    expect(byCard['sc-dave']!.message).toContain('it comes from an unframed step');
  });

  it('is not raised for a no recommendation whose ratings miss the bar', () => {
    const input = structuredLoop()
      .with((i) => {
        const bob = i.scorecards.find((c) => c.id === 'sc-bob')!;
        bob.recommendation = 'no';
        bob.ratings = [
          { criterionId: 'ownership', rating: 2, evidence: 'Could not name a decision they owned end to end.', offAssignment: false },
          { criterionId: 'discovery', rating: 2, evidence: 'Has never run a customer interview.', offAssignment: false },
        ];
      })
      .build();
    expect(vetoStyle(input)).toEqual([]);
  });

  it('is not raised for two evidenced negatives from framed steps', () => {
    const input = structuredLoop()
      .with((i) => {
        const [alice, bob] = [i.scorecards[0]!, i.scorecards[1]!];
        alice.recommendation = 'no';
        alice.ratings[0]!.rating = 2;
        bob.recommendation = 'no';
        bob.ratings[0]!.rating = 2;
        i.scorecards[2]!.ratings.forEach((r) => (r.rating = 4));
      })
      .build();
    expect(vetoStyle(input)).toEqual([]);
  });

  it('is not raised for positive recommendations', () => {
    expect(vetoStyle(structuredLoop().build())).toEqual([]);
  });
});

describe('the seed story: an unbriefed lunch after a clean structured loop', () => {
  const input = loopWithLunch().build();
  const flags = computeFlags(input);
  const codesAt = (scorecardId: string) => flags.filter((f) => f.refs.scorecardIds?.includes(scorecardId)).map((f) => f.code);

  it('points UNPLANNED_STEP, UNFRAMED_STEP and VETO_STYLE at the lunch', () => {
    for (const code of ['UNPLANNED_STEP', 'UNFRAMED_STEP', 'VETO_STYLE'] as const) {
      const flag = flags.find((f) => f.code === code);
      expect(flag, code).toBeDefined();
      expect(flag!.refs.interviewIds).toEqual(['i-lunch']);
      expect(flag!.refs.scorecardIds).toEqual(['sc-dave']);
    }
    const veto = flags.find((f) => f.code === 'VETO_STYLE')!;
    expect(veto.reasons).toEqual(['no_criterion_evidence', 'against_framed_evidence']);
    expect(veto.message).toContain('it is the only negative scorecard');
  });

  it('shows the biased wording with the matched text', () => {
    const bias = flags.filter((f) => f.code === 'BIAS_LANGUAGE');
    expect(bias.map((f) => f.match?.text)).toEqual(['culture fit', 'too quiet', 'lunch']);
    expect(bias.every((f) => f.match?.field === 'notes' && f.match.scorecardId === 'sc-dave')).toBe(true);
  });

  it('raises nothing against the structured interviews', () => {
    expect(codesAt('sc-alice')).toEqual([]);
    expect(codesAt('sc-bob')).toEqual([]);
    expect(codesAt('sc-carol')).toEqual([]);
    expect(new Set(flags.map((f) => f.code))).toEqual(new Set(['UNFRAMED_STEP', 'UNPLANNED_STEP', 'VETO_STYLE', 'BIAS_LANGUAGE']));
  });
});
