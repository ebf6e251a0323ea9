// Builds plain synthesis inputs for tests: readable ids, times in hours from one origin, and
// defaults that make a loop framed, timely and evidenced unless a test says otherwise.
import type {
  CriterionInput,
  InterviewInput,
  LexiconEntry,
  Recommendation,
  ScorecardInput,
  StepInput,
  SynthesisInput,
} from '../../src/synthesis/types.js';

const ORIGIN = Date.parse('2025-03-03T09:00:00.000Z');
const HOUR_MS = 3_600_000;

/** ISO time `hours` after the test origin. */
export const at = (hours: number) => new Date(ORIGIN + hours * HOUR_MS).toISOString();

export const testLexicon: LexiconEntry[] = [
  { id: 'culture-fit', reason: '“culture fit” stands in for preference; name the behaviour instead', regex: /\bculture fit\b/i },
  { id: 'too-quiet', reason: 'judges personality, not a criterion', regex: /\btoo (quiet|introverted)\b/i },
  { id: 'lunch', reason: 'lunch-table impressions are not structured evidence', regex: /\blunch\b/i },
];

/** Rating value: a level with default evidence, or [level, evidence] to set the evidence. */
export type RatingSpec = number | null | [number | null, string | null];

export interface ScorecardSpec {
  interview: string;
  author: string;
  authorName?: string;
  status?: 'draft' | 'submitted';
  recommendation?: Recommendation | null;
  notes?: string | null;
  ratings?: Record<string, RatingSpec>;
  /** Hours after the interview ended; default 2. Ignored for drafts. */
  submittedAfterHours?: number;
  amendments?: { id: string; atHour: number; reason?: string }[];
  /** Overrides the offAssignment the builder derives from the interview's snapshot. */
  offAssignment?: string[];
}

export class InputBuilder {
  private readonly input: SynthesisInput = {
    application: { id: 'app-1' },
    role: { scaleLevels: 4 },
    criteria: [],
    steps: [],
    interviews: [],
    scorecards: [],
    views: [],
    lexicon: testLexicon,
  };

  criterion(id: string, o: Partial<Omit<CriterionInput, 'id'>> = {}): this {
    this.input.criteria.push({ id, name: id, mustHave: false, bar: 3, weight: 1, ...o });
    return this;
  }

  /** A framed step by default: briefed, with `assign` as interviewer → criterion ids. */
  step(id: string, o: Partial<Omit<StepInput, 'id' | 'interviewers'>> & { assign?: Record<string, string[]> } = {}): this {
    const { assign = {}, ...rest } = o;
    this.input.steps.push({
      id,
      name: id,
      kind: 'interview',
      briefing: `What ${id} assesses and how.`,
      addedAfterOpenAt: null,
      ...rest,
      interviewers: Object.entries(assign).map(([interviewerId, criterionIds]) => ({ interviewerId, criterionIds })),
    });
    return this;
  }

  /** An interview on `step` (null: ad hoc), one hour long; the snapshot defaults to the step's assignments. */
  interview(id: string, o: { step: string | null; startHour: number; name?: string; snapshot?: Record<string, string[]> }): this {
    const step = o.step ? this.input.steps.find((s) => s.id === o.step) : undefined;
    const snapshot = o.snapshot ?? Object.fromEntries((step?.interviewers ?? []).map((p) => [p.interviewerId, p.criterionIds]));
    const interview: InterviewInput = {
      id,
      stepId: o.step,
      stepName: o.name ?? step?.name ?? null,
      startsAt: at(o.startHour),
      endsAt: at(o.startHour + 1),
      interviewers: Object.entries(snapshot).map(([interviewerId, assignedCriterionIds]) => ({ interviewerId, assignedCriterionIds })),
    };
    this.input.interviews.push(interview);
    return this;
  }

  scorecard(id: string, o: ScorecardSpec): this {
    const interview = this.input.interviews.find((i) => i.id === o.interview);
    if (!interview) throw new Error(`scorecard ${id}: add interview ${o.interview} first`);
    const assigned = new Set(interview.interviewers.find((p) => p.interviewerId === o.author)?.assignedCriterionIds ?? []);
    const endHour = (Date.parse(interview.endsAt) - ORIGIN) / HOUR_MS;
    const status = o.status ?? 'submitted';
    const card: ScorecardInput = {
      id,
      interviewId: o.interview,
      authorId: o.author,
      authorName: o.authorName ?? null,
      status,
      submittedAt: status === 'submitted' ? at(endHour + (o.submittedAfterHours ?? 2)) : null,
      recommendation: o.recommendation ?? null,
      notes: o.notes ?? null,
      ratings: Object.entries(o.ratings ?? {}).map(([criterionId, spec]) => {
        const [rating, evidence] = Array.isArray(spec) ? spec : [spec, spec === null ? null : `On ${criterionId}, the candidate walked through a concrete example.`];
        return { criterionId, rating, evidence, offAssignment: o.offAssignment ? o.offAssignment.includes(criterionId) : !assigned.has(criterionId) };
      }),
      amendments: (o.amendments ?? []).map((a) => ({ id: a.id, createdAt: at(a.atHour), reason: a.reason ?? 'Corrected a typo.' })),
    };
    this.input.scorecards.push(card);
    return this;
  }

  view(viewerId: string, atHour: number): this {
    this.input.views.push({ viewerId, viewedAt: at(atHour) });
    return this;
  }

  with(patch: (input: SynthesisInput) => void): this {
    patch(this.input);
    return this;
  }

  build(): SynthesisInput {
    return this.input;
  }
}

/**
 * A clean structured loop that raises no flag: two must-haves and one other criterion, three
 * framed steps (screen, interview, working session), each criterion rated with evidence, every
 * must-have by two interviewers, all ratings at or above the bar, positive recommendations.
 */
export function structuredLoop(): InputBuilder {
  return new InputBuilder()
    .criterion('ownership', { name: 'Ownership', mustHave: true })
    .criterion('discovery', { name: 'Customer discovery', mustHave: true })
    .criterion('communication', { name: 'Communication' })
    .step('screen', { name: 'Recruiter screen', kind: 'screen', assign: { alice: ['communication'] } })
    .step('deep-dive', { name: 'Product deep dive', kind: 'interview', assign: { bob: ['ownership', 'discovery'] } })
    .step('session', { name: 'Working session', kind: 'working_session', assign: { carol: ['ownership', 'discovery', 'communication'] } })
    .interview('i-screen', { step: 'screen', startHour: 0 })
    .interview('i-deep-dive', { step: 'deep-dive', startHour: 24 })
    .interview('i-session', { step: 'session', startHour: 48 })
    .scorecard('sc-alice', { interview: 'i-screen', author: 'alice', authorName: 'Alice', recommendation: 'yes', ratings: { communication: 3 } })
    .scorecard('sc-bob', { interview: 'i-deep-dive', author: 'bob', authorName: 'Bob', recommendation: 'yes', ratings: { ownership: 4, discovery: 3 } })
    .scorecard('sc-carol', {
      interview: 'i-session',
      author: 'carol',
      authorName: 'Carol',
      recommendation: 'strong_yes',
      ratings: { ownership: 3, discovery: 4, communication: 4 },
    });
}

/** The spec's seed story: the structured loop, then an unbriefed lunch added after the first interview. */
export function loopWithLunch(): InputBuilder {
  return structuredLoop()
    .step('lunch', { name: 'Team lunch', kind: 'social', briefing: null, addedAfterOpenAt: at(30), assign: { dave: [] } })
    .interview('i-lunch', { step: 'lunch', startHour: 72 })
    .scorecard('sc-dave', { interview: 'i-lunch', author: 'dave', authorName: 'Dave', recommendation: 'no', notes: 'Not a culture fit, too quiet at lunch.' });
}
