// Shapes Greenhouse Harvest v1 and v3 share: users, candidates, applications, question notes.
import { z } from 'zod';
import { text } from '../../http/schemas.js';
import { htmlToText } from '../html-text.js';
import { cleanText, fullName, sourceId } from './common.js';

const email = text({ max: 320, min: 0 }).nullish();

export const greenhouseUser = z
  .object({
    id: sourceId,
    name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    primary_email_address: email,
    email,
    emails: z.array(z.string()).nullish(),
  })
  .transform((u) => ({ externalId: u.id, name: fullName(u.name, u.first_name, u.last_name), email: cleanText(u.primary_email_address ?? u.email ?? u.emails?.[0]) }));

export const greenhouseCandidate = z
  .object({
    id: sourceId,
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    name: z.string().nullish(),
    email_addresses: z.array(z.object({ value: z.string().nullish() })).nullish(),
    emails: z.array(z.string()).nullish(),
  })
  .transform((c) => ({ externalId: c.id, name: fullName(c.name, c.first_name, c.last_name), email: cleanText(c.email_addresses?.[0]?.value ?? c.emails?.[0]) }));

const statusOf = (s: string | null | undefined) => (s === 'hired' ? 'hired' : s === 'rejected' ? 'rejected' : 'active') as 'active' | 'hired' | 'rejected';

/** v1 lists `jobs[]`; v3 may give `job_id` (named through jobs.json) instead. */
export const greenhouseApplication = z
  .object({
    id: sourceId,
    candidate_id: sourceId,
    jobs: z.array(z.object({ id: sourceId, name: z.string().nullish() })).nullish(),
    job_id: sourceId.nullish(),
    status: z.string().nullish(),
  })
  .transform((a) => {
    const first = a.jobs?.[0];
    const jobId = first?.id ?? a.job_id ?? null;
    return {
      id: a.id,
      candidateId: a.candidate_id,
      status: statusOf(a.status),
      job: jobId ? { externalId: jobId, title: cleanText(first?.name)?.slice(0, 300) ?? `Greenhouse job ${jobId}` } : null,
    };
  });

/** Question answers (take-aways, private notes, interview questions) as the scorecard's notes. */
export function interviewNotes(questions: { question?: string | null; answer?: string | null }[]): string | null {
  const parts = questions.flatMap((q) => {
    const answer = htmlToText(q.answer);
    if (!answer) return [];
    const question = htmlToText(q.question);
    return [question ? `${question}\n${answer}` : answer];
  });
  return parts.length ? parts.join('\n\n') : null;
}
