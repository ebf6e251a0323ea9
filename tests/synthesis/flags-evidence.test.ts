// Evidence and conduct flags: NO_EVIDENCE, OFF_ASSIGNMENT, COVERAGE_GAP, SPLIT_PANEL,
// NOT_INDEPENDENT, BIAS_LANGUAGE, LATE_FEEDBACK.
import { describe, expect, it } from 'vitest';
import {
  biasLanguage,
  coverageGap,
  lateFeedback,
  noEvidence,
  notIndependent,
  offAssignment,
  splitPanel,
} from '../../src/synthesis/flags/index.js';
import type { RatingInput } from '../../src/synthesis/types.js';
import { structuredLoop } from './builders.js';

const rate = (criterionId: string, rating: number | null, evidence: string | null, offAssignment = false): RatingInput => ({ criterionId, rating, evidence, offAssignment });

describe('NO_EVIDENCE', () => {
  it('is raised for a rating without evidence and for assigned criteria left unrated', () => {
    const input = structuredLoop()
      .with((i) => {
        i.scorecards.find((c) => c.id === 'sc-bob')!.ratings = [rate('ownership', 4, '   ')];
        i.scorecards.find((c) => c.id === 'sc-carol')!.ratings = [rate('ownership', 3, 'Led the migration.'), rate('discovery', null, null)];
      })
      .build();
    const flags = noEvidence(input);
    expect(flags).toMatchObject([
      { code: 'NO_EVIDENCE', severity: 'warning', refs: { scorecardIds: ['sc-bob'], criterionIds: ['ownership', 'discovery'] } },
      { refs: { scorecardIds: ['sc-carol'], criterionIds: ['discovery', 'communication'] } },
    ]);
    expect(flags[0]!.message).toContain('1 rating without evidence (Ownership) and 1 assigned criterion left unrated (Customer discovery)');
  });

  it('is not raised for an evidenced scorecard, nor for a draft', () => {
    const input = structuredLoop()
      .interview('i-extra', { step: 'deep-dive', startHour: 60 })
      .scorecard('sc-draft', { interview: 'i-extra', author: 'bob', status: 'draft', ratings: { ownership: [4, null] } })
      .build();
    expect(noEvidence(input)).toEqual([]);
  });
});

describe('OFF_ASSIGNMENT', () => {
  it('is raised for a rating on a criterion the interviewer was not assigned', () => {
    const input = structuredLoop()
      .with((i) => i.scorecards.find((c) => c.id === 'sc-alice')!.ratings.push(rate('ownership', 3, 'Owned the onboarding revamp.')))
      .build();
    const [flag, ...rest] = offAssignment(input);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ code: 'OFF_ASSIGNMENT', severity: 'info', refs: { scorecardIds: ['sc-alice'], criterionIds: ['ownership'], interviewerIds: ['alice'] } });
  });

  it('honours the stored offAssignment mark', () => {
    const input = structuredLoop()
      .with((i) => (i.scorecards.find((c) => c.id === 'sc-bob')!.ratings[0]!.offAssignment = true))
      .build();
    expect(offAssignment(input)).toMatchObject([{ refs: { criterionIds: ['ownership'] } }]);
  });

  it('is not raised for assigned ratings, nor for an unassigned criterion marked not assessed', () => {
    const input = structuredLoop()
      .with((i) => i.scorecards.find((c) => c.id === 'sc-alice')!.ratings.push(rate('ownership', null, null, true)))
      .build();
    expect(offAssignment(input)).toEqual([]);
  });
});

describe('COVERAGE_GAP', () => {
  it('is raised for a criterion nobody gave evidence on', () => {
    const input = structuredLoop()
      .criterion('writing', { name: 'Writing' })
      .criterion('craft', { name: 'Craft' })
      .with((i) => i.scorecards.find((c) => c.id === 'sc-carol')!.ratings.push(rate('craft', 3, null, true)))
      .build();
    const flags = coverageGap(input);
    expect(flags.map((f) => f.refs.criterionIds)).toEqual([['writing'], ['craft']]);
    expect(flags[0]).toMatchObject({ code: 'COVERAGE_GAP', severity: 'warning' });
    expect(flags[0]!.message).toContain('No interviewer gave evidence on “Writing”');
  });

  it('is raised for a must-have assessed by a single interviewer', () => {
    const input = structuredLoop()
      .with((i) => (i.scorecards.find((c) => c.id === 'sc-carol')!.ratings = [rate('communication', 4, 'Clear written summary.')]))
      .build();
    const flags = coverageGap(input);
    expect(flags).toMatchObject([
      { refs: { criterionIds: ['ownership'], interviewerIds: ['bob'] } },
      { refs: { criterionIds: ['discovery'], interviewerIds: ['bob'] } },
    ]);
    expect(flags[0]!.message).toContain('assessed by only 1 interviewer');
  });

  it('is not raised for a covered loop, nor for an ordinary criterion with one evidenced rating', () => {
    const input = structuredLoop()
      .with((i) => (i.scorecards.find((c) => c.id === 'sc-carol')!.ratings = i.scorecards.find((c) => c.id === 'sc-carol')!.ratings.filter((r) => r.criterionId !== 'communication')))
      .build();
    expect(coverageGap(input)).toEqual([]);
  });
});

describe('SPLIT_PANEL', () => {
  it('is raised when ratings of one criterion differ by two levels', () => {
    const input = structuredLoop()
      .with((i) => (i.scorecards.find((c) => c.id === 'sc-alice')!.ratings[0]!.rating = 2))
      .build();
    const [flag, ...rest] = splitPanel(input);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ code: 'SPLIT_PANEL', severity: 'warning', refs: { criterionIds: ['communication'], scorecardIds: ['sc-alice', 'sc-carol'] } });
    expect(flag!.message).toContain('range from 2 to 4: resolve with evidence, not votes');
  });

  it('is not raised for ratings one level apart, and ignores not-assessed entries', () => {
    const input = structuredLoop()
      .with((i) => i.scorecards.find((c) => c.id === 'sc-alice')!.ratings.push(rate('ownership', null, null, true)))
      .build();
    expect(splitPanel(input)).toEqual([]);
  });
});

describe('NOT_INDEPENDENT', () => {
  it('is raised for a scorecard submitted after its author read colleagues’ scorecards', () => {
    // Carol's session ends at hour 49; she submits at 51 after reading at 50.
    const input = structuredLoop().view('carol', 50).build();
    expect(notIndependent(input)).toMatchObject([{ code: 'NOT_INDEPENDENT', severity: 'warning', refs: { scorecardIds: ['sc-carol'], interviewerIds: ['carol'] } }]);
  });

  it('is raised for an amendment after reading them', () => {
    const input = structuredLoop()
      .view('alice', 10)
      .with((i) => (i.scorecards[0]!.amendments = [{ id: 'am-1', createdAt: new Date(Date.parse(i.views[0]!.viewedAt) + 60_000).toISOString(), reason: 'Rethought it.' }]))
      .build();
    const [flag] = notIndependent(input);
    expect(flag!.refs.scorecardIds).toEqual(['sc-alice']);
    expect(flag!.message).toContain('amended their scorecard');
  });

  it('is not raised for reading after submitting without amending, or for someone else reading', () => {
    const input = structuredLoop().view('alice', 10).view('dana', 0).build();
    expect(notIndependent(input)).toEqual([]);
  });
});

describe('BIAS_LANGUAGE', () => {
  it('reports the matched text, the lexicon reason and where it was written', () => {
    const input = structuredLoop()
      .with((i) => (i.scorecards.find((c) => c.id === 'sc-bob')!.ratings[0]!.evidence = 'Great energy but honestly too introverted for us.'))
      .build();
    const [flag, ...rest] = biasLanguage(input);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({
      code: 'BIAS_LANGUAGE',
      severity: 'warning',
      refs: { scorecardIds: ['sc-bob'], criterionIds: ['ownership'] },
      match: { lexiconId: 'too-quiet', text: 'too introverted', field: 'evidence', scorecardId: 'sc-bob', criterionId: 'ownership', reason: 'judges personality, not a criterion' },
    });
    expect(flag!.message).toContain('“too introverted”');
  });

  it('does not flag “we discussed their team culture practices” with the test lexicon', () => {
    const input = structuredLoop()
      .with((i) => (i.scorecards[0]!.notes = 'We discussed their team culture practices in depth.'))
      .build();
    expect(biasLanguage(input)).toEqual([]);
  });

  it('shows the text for a person to judge when a broad pattern does match it', () => {
    const input = structuredLoop()
      .with((i) => {
        i.scorecards[0]!.notes = 'We discussed their team culture practices in depth.';
        i.lexicon = [{ id: 'culture', reason: 'often a proxy for preference', regex: /\bculture\b/i }];
      })
      .build();
    expect(biasLanguage(input)).toMatchObject([{ match: { text: 'culture', field: 'notes', criterionId: null, excerpt: 'We discussed their team culture practices in depth.' } }]);
  });

  it('matches every text with a global lexicon regex (no lastIndex carried over)', () => {
    const input = structuredLoop()
      .with((i) => {
        i.lexicon = [{ id: 'vibe', reason: 'an impression, not evidence', regex: /\bvibe\b/gi }];
        i.scorecards.forEach((c) => (c.notes = 'Good vibe overall.'));
      })
      .build();
    expect(biasLanguage(input).map((f) => f.refs.scorecardIds)).toEqual([['sc-alice'], ['sc-bob'], ['sc-carol']]);
    // The non-global copy is kept between syntheses: a second one matches the same, and the
    // lexicon's own regex is never advanced.
    expect(biasLanguage(input).map((f) => f.refs.scorecardIds)).toEqual([['sc-alice'], ['sc-bob'], ['sc-carol']]);
    expect(input.lexicon[0]!.regex.lastIndex).toBe(0);
  });
});

describe('LATE_FEEDBACK', () => {
  const submittedAfter = (hours: number, lateFeedbackHours?: number) =>
    structuredLoop()
      .interview('i-extra', { step: 'deep-dive', startHour: 60 })
      .scorecard('sc-late', { interview: 'i-extra', author: 'bob', recommendation: 'yes', ratings: { ownership: 3, discovery: 3 }, submittedAfterHours: hours })
      .with((i) => (i.role.lateFeedbackHours = lateFeedbackHours))
      .build();

  it('is not raised for feedback submitted exactly 24 h after the interview ended', () => {
    expect(lateFeedback(submittedAfter(24))).toEqual([]);
  });

  it('is raised a minute later', () => {
    const [flag] = lateFeedback(submittedAfter(24 + 1 / 60));
    expect(flag).toMatchObject({ code: 'LATE_FEEDBACK', severity: 'info', refs: { scorecardIds: ['sc-late'], interviewIds: ['i-extra'] } });
    expect(flag!.message).toContain('more than 24 h');
  });

  it('follows the configured limit', () => {
    expect(lateFeedback(submittedAfter(30, 48))).toEqual([]);
    expect(lateFeedback(submittedAfter(30, 12))).toHaveLength(1);
  });
});
