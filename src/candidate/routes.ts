import { z } from 'zod';
import { errorResponses, isoTime, text, toIso } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { candidateOnly, candidateRateLimit, candidateSecurity, prefersHtml, tokenQuery } from './auth.js';
import { candidateData, candidateDataSchema } from './data.js';
import { eraseCandidate } from './erasure.js';
import { pendingErasureRequests, requestErasure } from './erasure-requests.js';
import { DEFAULT_LINK_DAYS, MAX_LINK_DAYS } from './links.js';
import { createCandidateLink, revokeCandidateLink } from './link-usecases.js';
import { candidateNotices, candidatePage } from './pages.js';
import { candidateRubric, candidateRubricSchema } from './rubric.js';

const linkSchema = z.object({ linkId: z.uuid(), url: z.string(), token: z.string(), expiresAt: isoTime });

export async function candidateRoutes(app: App, { db, config }: Deps) {
  const candidate = candidateOnly(config, db);

  app.post(
    '/applications/:applicationId/candidate-link',
    {
      preHandler: staffOnly(app, 'recruiter'),
      schema: {
        tags: ['candidate'],
        summary: 'Create a signed, expiring, revocable link for the candidate to read how they are evaluated',
        security: staffSecurity,
        params: z.object({ applicationId: z.uuid() }),
        body: z.strictObject({ expiresInDays: z.number().int().min(1).max(MAX_LINK_DAYS).default(DEFAULT_LINK_DAYS) }).nullish(),
        response: { 201: linkSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const days = request.body?.expiresInDays ?? DEFAULT_LINK_DAYS;
      const result = await runMutation(db, request, 201, (tx) => createCandidateLink(tx, config, request.staff, request.params.applicationId, days));
      return reply.code(result.status).send(result.body);
    },
  );

  app.delete(
    '/applications/:applicationId/candidate-link/:linkId',
    {
      preHandler: staffOnly(app, 'recruiter'),
      schema: { tags: ['candidate'], summary: 'Revoke a candidate link', security: staffSecurity, params: z.object({ applicationId: z.uuid(), linkId: z.uuid() }), response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await runMutation(db, request, 204, (tx) => revokeCandidateLink(tx, request.staff, request.params.applicationId, request.params.linkId));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/candidate/rubric',
    {
      preHandler: candidate,
      config: { rateLimit: candidateRateLimit },
      schema: {
        tags: ['candidate'],
        summary: 'How I am evaluated: JSON, or a readable page with Accept: text/html',
        security: candidateSecurity,
        querystring: tokenQuery.extend({ notice: z.enum(['erasure', 'saved']).optional().describe('Page only: a confirmation to show.') }),
        response: { 200: candidateRubricSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (prefersHtml(request.headers.accept)) {
        const notice = candidateNotices[request.query.notice ?? ''];
        // The page is a string; the JSON schema above documents the default representation.
        const page = await candidatePage(db, request.candidate, request.query.token ?? '', { notice });
        return reply.type('text/html; charset=utf-8').send(page as unknown as z.infer<typeof candidateRubricSchema>);
      }
      const rubric = await candidateRubric(db, request.candidate);
      return rubric;
    },
  );

  app.get(
    '/candidate/data',
    { preHandler: candidate, config: { rateLimit: candidateRateLimit }, schema: { tags: ['candidate'], summary: 'My personal data (GDPR access)', security: candidateSecurity, querystring: tokenQuery, response: { 200: candidateDataSchema, ...errorResponses } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return candidateData(db, request.candidate);
    },
  );

  app.post(
    '/candidate/erasure-request',
    {
      preHandler: candidate,
      config: { rateLimit: candidateRateLimit },
      schema: { tags: ['candidate'], summary: 'Ask for my data to be erased (an admin carries it out)', security: candidateSecurity, querystring: tokenQuery, response: { 202: z.object({ requestId: z.uuid(), requestedAt: isoTime }), ...errorResponses } },
    },
    async (request, reply) => {
      const row = await requestErasure(db, request.candidate);
      return reply.code(202).send({ requestId: row.id, requestedAt: toIso(row.requestedAt) });
    },
  );

  app.get(
    '/erasure-requests',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: {
        tags: ['candidate'],
        summary: 'Pending erasure requests (admin)',
        security: staffSecurity,
        response: { 200: z.object({ items: z.array(z.object({ requestId: z.uuid(), candidateId: z.uuid(), applicationId: z.uuid().nullable(), requestedAt: isoTime })) }), ...errorResponses },
      },
    },
    async (request) => {
      return { items: await pendingErasureRequests(db, request.staff.orgId) };
    },
  );

  app.post(
    '/candidates/:candidateId/erase',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: {
        tags: ['candidate'],
        summary: 'Erase a candidate’s personal data and free text; funnel events and numeric ratings stay',
        security: staffSecurity,
        params: z.object({ candidateId: z.uuid() }),
        response: { 200: z.object({ candidateId: z.uuid(), erasedAt: isoTime, applications: z.number().int(), scorecards: z.number().int(), linksRevoked: z.number().int(), storedReplies: z.number().int().describe('Stored idempotent replies purged.'), auditRows: z.number().int().describe('Audit payloads whose text was blanked.') }), ...errorResponses },
      },
    },
    async (request) => (await runMutation(db, request, 200, (tx) => eraseCandidate(tx, request.staff, request.params.candidateId))).body,
  );
}
