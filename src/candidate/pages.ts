// The candidate's page paths for the browser: the forms on the rubric page post here (no
// JavaScript needed) and land back on the page. Same link check, rate limit and use cases as
// POST /candidate/erasure-request and PUT /candidate/self-identification.
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { erasureRequests } from '../db/schema.js';
import { Problem } from '../errors.js';
import { saveSelfIdentification, selfIdentificationForm } from '../fairness/candidate-routes.js';
import { selfIdentificationBody } from '../fairness/schemas.js';
import type { App, Deps } from '../http/types.js';
import type { FieldErrors } from '../pages/forms.js';
import { candidateOnly, candidateRateLimit, tokenQuery } from './auth.js';
import { requestErasure } from './erasure-requests.js';
import { linkExpiry, type CandidateClaims } from './links.js';
import { PREFER_NOT, rubricHtml, type CandidatePageExtras } from './rubric-html.js';
import { candidateRubric } from './rubric.js';

/** The whole candidate page for this link. */
export async function candidatePage(db: Db, claims: CandidateClaims, token: string, extra: Partial<CandidatePageExtras> = {}) {
  const [rubric, expiresAt, selfIdentification, [pending]] = await Promise.all([
    candidateRubric(db, claims),
    linkExpiry(db, claims),
    selfIdentificationForm(db, claims.orgId, claims.candidateId),
    db.select({ requestedAt: erasureRequests.requestedAt }).from(erasureRequests).where(and(eq(erasureRequests.candidateId, claims.candidateId), isNull(erasureRequests.completedAt))),
  ]);
  return rubricHtml(rubric, { token, expiresAt, selfIdentification, erasureRequestedAt: pending?.requestedAt, ...extra });
}

const sendHtml = (reply: FastifyReply, markup: string, status = 200) => reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(markup);
const tokenOf = (request: FastifyRequest) => (request.query as { token?: string }).token ?? '';

export async function candidatePages(app: App, { db, config }: Deps) {
  const candidate = candidateOnly(config, db);
  const hidden = { hide: true, querystring: tokenQuery } as const;

  app.post('/candidate/erasure', { preHandler: candidate, config: { rateLimit: candidateRateLimit }, schema: hidden }, async (request, reply) => {
    await requestErasure(db, request.candidate);
    return reply.redirect(`/candidate/rubric?token=${encodeURIComponent(tokenOf(request))}&notice=erasure`, 303);
  });

  app.post(
    '/candidate/self-identification/form',
    { preHandler: candidate, config: { rateLimit: candidateRateLimit }, schema: { ...hidden, body: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional() } },
    async (request, reply) => {
      const fields = request.body ?? {};
      const chosen: Record<string, string> = {};
      const answers: { questionId: string; categoryId: string | null }[] = [];
      const errors: FieldErrors = {};
      for (const [name, value] of Object.entries(fields)) {
        if (!name.startsWith('q-')) continue;
        const questionId = name.slice(2);
        if (typeof value !== 'string') {
          errors[`q-${questionId}`] = 'Choose one answer for each question';
          continue;
        }
        chosen[questionId] = value;
        if (value !== '') answers.push({ questionId, categoryId: value === PREFER_NOT ? null : value });
      }
      const parsed = selfIdentificationBody.safeParse({ answers });
      if (!parsed.success) errors.form = 'The answers do not fit the questions. Choose from the options shown.';
      if (Object.keys(errors).length === 0) {
        try {
          await saveSelfIdentification(db, request.candidate, parsed.data!.answers);
          return reply.redirect(`/candidate/rubric?token=${encodeURIComponent(tokenOf(request))}&notice=saved#self-id`, 303);
        } catch (error) {
          if (!(error instanceof Problem) || error.status !== 422) throw error;
          const issues = (error.extra.errors ?? []) as { path: string }[];
          for (const issue of issues) {
            const index = Number(issue.path.split('.')[2]);
            const questionId = answers[index]?.questionId;
            errors[questionId ? `q-${questionId}` : 'form'] = 'Choose one of the options shown for this question';
          }
          if (!issues.length) errors.form = error.detail;
        }
      }
      return sendHtml(reply, await candidatePage(db, request.candidate, tokenOf(request), { errors, chosen }), 400);
    },
  );
}

export const candidateNotices: Record<string, string> = {
  erasure: 'Your request is recorded. An administrator will erase your data; this link then stops working.',
  saved: 'Your answers are saved. You can change or withdraw them here at any time.',
};
