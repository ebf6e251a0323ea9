// The candidate's side: their voluntary self-identification, with the same candidate-link
// authentication and rate limit as every candidate route. Answers go to the candidate only.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { candidateOnly, candidateRateLimit, candidateSecurity, tokenQuery } from '../candidate/auth.js';
import { candidates } from '../db/schema.js';
import { unauthorized } from '../errors.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import type { Db } from '../db/client.js';
import type { CandidateClaims } from '../candidate/links.js';
import { answersOf, formQuestions, replaceAnswers } from './answers.js';
import { ensureQuestionSet } from './questions.js';
import { selfIdentificationBody, selfIdentificationSchema } from './schemas.js';

const NOTE =
  'Every question is voluntary; choose "prefer not to say" (null) or leave a question out. The answers are kept apart from your application: the people who decide on it never see them; only counts over many candidates are reported, to check that each step treats every group fairly.';

export async function selfIdentificationRoutes(app: App, { db, config }: Deps) {
  const candidate = candidateOnly(config, db);

  const form = (orgId: string, candidateId: string) => selfIdentificationForm(db, orgId, candidateId);

  app.get(
    '/candidate/self-identification',
    {
      preHandler: candidate,
      config: { rateLimit: candidateRateLimit },
      schema: { tags: ['candidate'], summary: 'The voluntary self-identification questions and my answers', security: candidateSecurity, querystring: tokenQuery, response: { 200: selfIdentificationSchema, ...errorResponses } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return form(request.candidate.orgId, request.candidate.candidateId);
    },
  );

  app.put(
    '/candidate/self-identification',
    {
      preHandler: candidate,
      config: { rateLimit: candidateRateLimit },
      schema: {
        tags: ['candidate'],
        summary: 'Replace my voluntary self-identification answers',
        description: '`categoryId: null` is "prefer not to say"; a question left out is not answered; `answers: []` withdraws every answer.',
        security: candidateSecurity,
        querystring: tokenQuery,
        body: selfIdentificationBody,
        response: { 200: selfIdentificationSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { orgId, candidateId } = request.candidate;
      await saveSelfIdentification(db, request.candidate, request.body.answers);
      reply.header('cache-control', 'no-store');
      return form(orgId, candidateId);
    },
  );
}

/** The questions on offer with the candidate's own answers (the API and the candidate page). */
export async function selfIdentificationForm(db: Db, orgId: string, candidateId: string) {
  return db.transaction(async (tx) => {
    await ensureQuestionSet(tx, orgId);
    return { questions: await formQuestions(tx, orgId), answers: await answersOf(tx, orgId, candidateId), note: NOTE };
  });
}

/** Replaces the candidate's answers; the audit says that they changed, never what they are. */
export async function saveSelfIdentification(db: Db, claims: CandidateClaims, answers: { questionId: string; categoryId: string | null }[]) {
  const { orgId, candidateId } = claims;
  await db.transaction(async (tx) => {
    // Erasure locks the candidate for update: wait for it, then refuse if it happened.
    const [person] = await tx.select({ erasedAt: candidates.erasedAt }).from(candidates).where(and(eq(candidates.orgId, orgId), eq(candidates.id, candidateId))).for('share');
    if (!person || person.erasedAt) throw unauthorized('This candidate link is invalid, expired or revoked. Ask the recruiter for a new one.');
    await ensureQuestionSet(tx, orgId, 'share');
    const changed = await replaceAnswers(tx, orgId, candidateId, answers);
    if (changed) await recordAudit(tx, { orgId, actorId: null, action: 'candidate.self_identification_changed', entity: 'candidate', entityId: candidateId });
  });
}
