// Ashby: applications carry their candidate and job; feedback carries its form definition and the
// submitted values keyed by field path. Score fields are 1–4 (sometimes as strings). Within a
// form section holding one score, the section's text fields are that score's evidence; other text
// fields are notes.
import { z } from 'zod';
import { text } from '../../http/schemas.js';
import { htmlToText } from '../html-text.js';
import type { Importer } from '../importer.js';
import { fourLevelScore, recommendationOfLevel } from '../scales.js';
import type { RatingIn } from '../types.js';
import { requiredFiles } from './index.js';
import { cleanText, fullName, isoTime, readEndpoint, requireFiles, sourceId } from './common.js';

const user = z.object({ id: sourceId, firstName: z.string().nullish(), lastName: z.string().nullish(), email: z.string().nullish() });
const application = z.object({
  id: sourceId,
  status: z.string().nullish(),
  candidate: z.object({ id: sourceId, name: z.string().nullish(), primaryEmailAddress: z.object({ value: z.string().nullish() }).nullish() }),
  job: z.object({ id: sourceId, title: z.string().nullish() }),
});
const formField = z.object({ field: z.object({ id: sourceId.nullish(), type: z.string(), path: text({ max: 500, trim: false }), title: z.string().nullish() }) });
const feedback = z.object({
  id: sourceId,
  applicationId: sourceId,
  interviewId: sourceId.nullish(),
  submittedAt: isoTime.nullish(),
  submittedByUser: user.nullish(),
  formDefinition: z.object({ title: z.string().nullish(), sections: z.array(z.object({ fields: z.array(formField).default([]) })).default([]) }),
  submittedValues: z.record(z.string(), z.unknown()).nullish(),
});

const TEXT_TYPES = new Set(['RichText', 'LongText', 'String', 'Text']);
const isOverall = (f: { path: string; title?: string | null }) => f.path === 'overall_recommendation' || /overall/i.test(f.title ?? '');

export async function importAshby(imp: Importer, dir: string) {
  requireFiles(dir, requiredFiles.ashby);
  await readEndpoint(imp, dir, 'users', user, async (u) => void (await imp.user(personOf(u))));
  await readEndpoint(imp, dir, 'applications', application, async (a, at) => {
    const status = a.status === 'Hired' ? 'hired' : a.status === 'Archived' ? 'rejected' : 'active';
    await imp.application({
      ...at,
      externalId: a.id,
      role: { externalId: a.job.id, title: cleanText(a.job.title)?.slice(0, 300) ?? `Ashby job ${a.job.id}` },
      candidate: { externalId: a.candidate.id, name: cleanText(a.candidate.name), email: cleanText(a.candidate.primaryEmailAddress?.value) },
      status,
    });
  });
  await imp.flush();
  await readEndpoint(imp, dir, 'feedback', feedback, async (f, at) => {
    if (!f.submittedByUser) return imp.skip(at, 'submittedByUser: the feedback names no interviewer');
    if (!f.submittedAt) return imp.draft();
    const mapped = mapForm(f.formDefinition.sections, f.submittedValues ?? {});
    if (typeof mapped === 'string') return imp.skip(at, mapped);
    const stepName = cleanText(f.formDefinition.title)?.slice(0, 200) ?? 'Interview';
    await imp.scorecard({ ...at, externalId: f.id, applicationExternalId: f.applicationId, interviewer: personOf(f.submittedByUser), step: { key: f.interviewId ?? stepName, name: stepName }, interviewedAt: null, submittedAt: f.submittedAt, ...mapped });
  });
}

const personOf = (u: z.output<typeof user>) => ({ externalId: u.id, name: fullName(null, u.firstName, u.lastName), email: cleanText(u.email) });

/** A score as 1..4: a number, a numeric string, or an object holding `score` or `value`. */
function scoreOf(value: unknown) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { score?: unknown; value?: unknown };
    return fourLevelScore(v.score ?? v.value);
  }
  return fourLevelScore(value);
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return htmlToText(value);
  if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') return htmlToText((value as { text: string }).text);
  return null;
}

function mapForm(sections: z.output<typeof feedback>['formDefinition']['sections'], values: Record<string, unknown>) {
  const ratings: RatingIn[] = [];
  const notes: string[] = [];
  let recommendation: ReturnType<typeof recommendationOfLevel> | null = null;
  for (const [s, section] of sections.entries()) {
    const fields = section.fields.map((f) => f.field);
    const scores = fields.filter((f) => f.type === 'Score' && !isOverall(f));
    const texts = fields.filter((f) => TEXT_TYPES.has(f.type)).map((f) => ({ title: cleanText(f.title), text: textOf(values[f.path]) })).filter((t) => t.text);
    const evidence = scores.length === 1 && texts.length ? texts.map((t) => t.text).join('\n') : null;
    if (!evidence) for (const t of texts) notes.push(t.title ? `${t.title}\n${t.text}` : t.text!);
    for (const [i, f] of fields.entries()) {
      if (f.type !== 'Score') continue;
      const level = scoreOf(values[f.path]);
      if (level === undefined) return `formDefinition.sections.${s}.fields.${i}: submitted value is not a score from 1 to 4`;
      if (isOverall(f)) recommendation = level === null ? null : recommendationOfLevel(level);
      else ratings.push({ criterion: cleanText(f.title)?.slice(0, 300) ?? f.path.slice(0, 300), description: null, rating: level, evidence });
    }
  }
  return { ratings, recommendation, notes: notes.length ? notes.join('\n\n') : null };
}
