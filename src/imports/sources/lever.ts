// Lever: opportunities (with their applications) place feedback forms in postings. Score fields
// rate criteria without comment; scorecard fields rate several criteria, each with a comment; the
// score-system field is the overall score. Lever has no neutral level.
import { z } from 'zod';
import { htmlToText } from '../html-text.js';
import type { Importer } from '../importer.js';
import { fourLevelScore, recommendationOfLevel } from '../scales.js';
import type { RatingIn } from '../types.js';
import { requiredFiles } from './index.js';
import { cleanText, epochMs, readEndpoint, requireFiles, sourceId } from './common.js';

const userRef = z.union([sourceId, z.object({ id: sourceId, name: z.string().nullish(), email: z.string().nullish() })]);
const user = z.object({ id: sourceId, name: z.string().nullish(), email: z.string().nullish() });
const posting = z.object({ id: sourceId, text: z.string().nullish() });
const opportunity = z.object({
  id: sourceId,
  name: z.string().nullish(),
  contact: sourceId.nullish(),
  emails: z.array(z.string()).nullish(),
  applications: z.array(z.union([sourceId, z.object({ id: sourceId.nullish(), posting: z.union([sourceId, posting]).nullish() })])).default([]),
  archived: z.object({ reason: z.string().nullish() }).nullish(),
});
const score = z.unknown().refine((v) => fourLevelScore(v) !== undefined, 'not a score from 1 to 4');
const field = z.object({
  type: z.string(),
  text: z.string().nullish(),
  value: z.unknown().optional(),
  scores: z.array(z.object({ text: z.string().nullish() })).nullish(),
});
const feedback = z.object({
  id: sourceId,
  opportunityId: sourceId,
  text: z.string().nullish(),
  user: userRef.nullish(),
  fields: z.array(field).default([]),
  completedAt: epochMs.nullish(),
  createdAt: epochMs.nullish(),
  deletedAt: epochMs.nullish(),
});

export async function importLever(imp: Importer, dir: string) {
  requireFiles(dir, requiredFiles.lever);
  await readEndpoint(imp, dir, 'users', user, async (u) => void (await imp.user({ externalId: u.id, name: cleanText(u.name), email: cleanText(u.email) })));
  await readEndpoint(imp, dir, 'postings', posting, async (p) => void (await imp.role({ externalId: p.id, title: titleOf(p) })));
  await readEndpoint(imp, dir, 'opportunities', opportunity, async (o, at) => {
    const application = o.applications.find((a) => typeof a === 'object' && a.posting);
    const ref = typeof application === 'object' ? application.posting : undefined;
    if (!ref) return imp.skip(at, 'applications: the opportunity has no application for a posting');
    const role = typeof ref === 'string' ? { externalId: ref, title: `Lever posting ${ref}` } : { externalId: ref.id, title: titleOf(ref) };
    await imp.application({
      ...at,
      externalId: o.id,
      role,
      candidate: { externalId: o.contact ?? o.id, name: cleanText(o.name), email: cleanText(o.emails?.[0]) },
      status: o.archived ? 'rejected' : 'active',
    });
  });
  await imp.flush();
  await readEndpoint(imp, dir, 'feedback', feedback, async (f, at) => {
    if (f.deletedAt) return imp.skip(at, 'deletedAt: the feedback was deleted in Lever');
    if (!f.user) return imp.skip(at, 'user: the feedback names no interviewer');
    if (!f.completedAt) return imp.draft();
    const mapped = mapFields(f.fields);
    if (typeof mapped === 'string') return imp.skip(at, mapped);
    const person = typeof f.user === 'string' ? { externalId: f.user } : { externalId: f.user.id, name: cleanText(f.user.name), email: cleanText(f.user.email) };
    const stepName = cleanText(f.text)?.slice(0, 200) ?? 'Interview';
    await imp.scorecard({ ...at, externalId: f.id, applicationExternalId: f.opportunityId, interviewer: person, step: { key: stepName, name: stepName }, interviewedAt: f.createdAt ?? null, submittedAt: f.completedAt, ...mapped });
  });
}

const titleOf = (p: { id: string; text?: string | null }) => cleanText(p.text)?.slice(0, 300) ?? `Lever posting ${p.id}`;

/** Ratings, overall recommendation and notes from a form's fields; a string names a bad field. */
function mapFields(fields: z.output<typeof field>[]) {
  const ratings: RatingIn[] = [];
  const notes: string[] = [];
  let recommendation: ReturnType<typeof recommendationOfLevel> | null = null;
  for (const [i, f] of fields.entries()) {
    const name = cleanText(f.text)?.slice(0, 300) ?? `Field ${i + 1}`;
    if (f.type === 'score-system') {
      const level = fourLevelScore(f.value);
      if (level === undefined) return `fields.${i}.value: not a Lever overall score ("4 - Strong Hire" … "1 - Strong No Hire")`;
      recommendation = level === null ? null : recommendationOfLevel(level);
    } else if (f.type === 'score') {
      const parsed = score.safeParse(f.value);
      if (!parsed.success) return `fields.${i}.value: not a score from 1 to 4`;
      ratings.push({ criterion: name, description: null, rating: fourLevelScore(f.value) ?? null, evidence: null });
    } else if (f.type === 'scorecard') {
      const values = Array.isArray(f.value) ? (f.value as { score?: unknown; comment?: unknown }[]) : [];
      for (const [j, s] of (f.scores ?? []).entries()) {
        const v = values[j] ?? {};
        const level = fourLevelScore(v.score);
        if (level === undefined) return `fields.${i}.value.${j}.score: not a score from 1 to 4`;
        const criterion = cleanText(s.text)?.slice(0, 300);
        if (criterion) ratings.push({ criterion, description: null, rating: level, evidence: htmlToText(typeof v.comment === 'string' ? v.comment : null) });
      }
    } else {
      const text = Array.isArray(f.value) ? f.value.filter((v) => typeof v === 'string').join(', ') : typeof f.value === 'string' ? f.value : null;
      const answer = htmlToText(text);
      if (answer) notes.push(`${name}\n${answer}`);
    }
  }
  return { ratings, recommendation, notes: notes.length ? notes.join('\n\n') : null };
}
