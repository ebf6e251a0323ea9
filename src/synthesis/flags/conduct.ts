// Flags about how feedback was written: independently, in time, and in words about the criteria.
import type { BiasMatch, Flag } from '../output.js';
import { buildContext, criterionNames, hasText, time, where, who, type SynthesisContext } from '../context.js';
import type { LexiconEntry, SynthesisInput } from '../types.js';
import { capitalize, makeFlag } from './flag.js';

const HOUR_MS = 3_600_000;
/** Characters of context shown on each side of a lexicon match. */
const EXCERPT_CONTEXT = 40;

/**
 * NOT_INDEPENDENT: a scorecard submitted, or amended, after its author first viewed other
 * people's scorecards of this application.
 */
export function notIndependent(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  return ctx.submitted.flatMap((card) => {
    const views = input.views.filter((v) => v.viewerId === card.authorId).map((v) => time(v.viewedAt)).filter((t): t is number => t !== null);
    if (!views.length) return [];
    const firstView = Math.min(...views);
    const submitted = time(card.submittedAt);
    const submittedAfter = submitted !== null && submitted > firstView;
    const amendedAfter = card.amendments.some((a) => (time(a.createdAt) ?? -Infinity) > firstView);
    if (!submittedAfter && !amendedAfter) return [];
    const what = submittedAfter && amendedAfter ? 'submitted and amended' : submittedAfter ? 'submitted' : 'amended';
    return [
      makeFlag(
        'NOT_INDEPENDENT',
        { scorecardIds: [card.id], interviewIds: [card.interviewId], interviewerIds: [card.authorId] },
        `${capitalize(who(ctx, card.authorId))} ${what} their scorecard from ${where(ctx, ctx.interviewsById.get(card.interviewId))} after reading colleagues’ scorecards of this application: treat it as possibly anchored on theirs, not as an independent voice.`,
      ),
    ];
  });
}

/** LATE_FEEDBACK: submitted more than lateFeedbackHours (default 24) after the interview ended. */
export function lateFeedback(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  const limit = ctx.lateFeedbackHours;
  return ctx.submitted.flatMap((card) => {
    const interview = ctx.interviewsById.get(card.interviewId);
    const ended = time(interview?.endsAt);
    const submitted = time(card.submittedAt);
    if (ended === null || submitted === null || submitted - ended <= limit * HOUR_MS) return [];
    const hours = Math.round(((submitted - ended) / HOUR_MS) * 10) / 10;
    return [
      makeFlag(
        'LATE_FEEDBACK',
        { scorecardIds: [card.id], interviewIds: [card.interviewId], interviewerIds: [card.authorId] },
        `${capitalize(who(ctx, card.authorId))} submitted feedback on ${where(ctx, interview)} ${hours} h after it ended (more than ${limit} h): memory fades, so rely on the written evidence, not recollection.`,
      ),
    ];
  });
}

/**
 * BIAS_LANGUAGE: evidence or notes of a submitted scorecard match a lexicon entry. The flag
 * carries the matched text so a person judges it; nothing is hidden or removed.
 */
export function biasLanguage(input: SynthesisInput, ctx: SynthesisContext = buildContext(input)): Flag[] {
  const lexicon = input.lexicon.map((entry) => ({ entry, regex: once(entry.regex) }));
  // Plain loops: every text is tried against every entry on each read of the synthesis, and
  // nested flatMaps made an empty array per miss (most of this function's cost).
  const flags: Flag[] = [];
  for (const card of ctx.submitted) {
    const interview = ctx.interviewsById.get(card.interviewId);
    const check = (field: BiasMatch['field'], criterionId: string | null, text: string) => {
      for (const { entry, regex } of lexicon) {
        const m = regex.exec(text);
        if (!m || !m[0]) continue;
        const match: BiasMatch = { lexiconId: entry.id, reason: entry.reason, text: m[0], excerpt: excerpt(text, m.index, m[0].length), field, scorecardId: card.id, criterionId };
        const inWhat = field === 'notes' ? 'notes contain' : `evidence on ${criterionNames(ctx, [criterionId as string])} contains`;
        flags.push(
          makeFlag(
            'BIAS_LANGUAGE',
            { scorecardIds: [card.id], interviewIds: [card.interviewId], criterionIds: criterionId ? [criterionId] : [], interviewerIds: [card.authorId] },
            `${capitalize(who(ctx, card.authorId))}’s ${inWhat} “${m[0]}” (${entry.reason}), from ${where(ctx, interview)}: read it in context and set aside anything that is not evidence on a criterion.`,
            { match },
          ),
        );
      }
    };
    for (const r of card.ratings) if (hasText(r.evidence)) check('evidence', r.criterionId, r.evidence);
    if (hasText(card.notes)) check('notes', null, card.notes);
  }
  return flags;
}

/**
 * A non-global copy, so a lexicon regex with the g or y flag carries no lastIndex between texts;
 * made once per lexicon regex (the lexicon is loaded at start), not on every synthesis.
 */
const nonGlobal = new WeakMap<RegExp, RegExp>();
function once(regex: LexiconEntry['regex']): RegExp {
  let copy = nonGlobal.get(regex);
  if (!copy) {
    copy = regex.global || regex.sticky ? new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')) : regex;
    nonGlobal.set(regex, copy);
  }
  return copy;
}

function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - EXCERPT_CONTEXT);
  const end = Math.min(text.length, index + length + EXCERPT_CONTEXT);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
