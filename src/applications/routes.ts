import { z } from 'zod';
import { notFound } from '../errors.js';
import { pageOf, pageQuery, toPage } from '../http/pagination.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission, staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { applicationFor } from './access.js';
import { findCandidate, listApplications, listCandidates, listStageEvents } from './queries.js';
import {
  advanceBody,
  applicationDetailSchema,
  applicationSchema,
  candidateSchema,
  createApplicationBody,
  createCandidateBody,
  listApplicationsQuery,
  rejectBody,
  toApplication,
  toCandidate,
  toStageEvent,
  withdrawBody,
} from './schemas.js';
import { advanceApplication, closeApplication } from './stages.js';
import { createApplication, createCandidate } from './usecases.js';

const applicationParams = z.object({ applicationId: z.uuid() });
const candidateParams = z.object({ candidateId: z.uuid() });

export async function applicationRoutes(app: App, { db }: Deps) {
  const recruiter = staffOnly(app, 'recruiter');
  const anyStaff = staffOnly(app);

  app.post(
    '/candidates',
    { preHandler: recruiter, schema: { tags: ['candidates'], summary: 'Add a candidate', security: staffSecurity, body: createCandidateBody, response: { 201: candidateSchema, ...errorResponses } } },
    async (request, reply) => {
      const result = await runMutation(db, request, 201, (tx) => createCandidate(tx, request.staff, request.body), { owner: (created) => ({ candidateId: created.id }) });
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/candidates',
    { preHandler: recruiter, schema: { tags: ['candidates'], summary: 'Candidates', security: staffSecurity, querystring: pageQuery, response: { 200: pageOf(candidateSchema), ...errorResponses } } },
    async (request) => {
      const { limit, cursor } = request.query;
      const page = toPage(await listCandidates(db, request.staff.orgId, { limit, after: cursor }), limit);
      return { items: page.items.map(toCandidate), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/candidates/:candidateId',
    { preHandler: recruiter, schema: { tags: ['candidates'], summary: 'One candidate', security: staffSecurity, params: candidateParams, response: { 200: candidateSchema, ...errorResponses } } },
    async (request) => {
      const candidate = await findCandidate(db, request.staff.orgId, request.params.candidateId);
      if (!candidate) throw notFound('candidate');
      return toCandidate(candidate);
    },
  );

  app.post(
    '/applications',
    {
      preHandler: recruiter,
      schema: {
        tags: ['applications'],
        summary: 'Put a candidate forward for an open role; they enter its first step',
        security: staffSecurity,
        body: createApplicationBody,
        response: { 201: applicationSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await runMutation(db, request, 201, (tx) => createApplication(tx, request.staff, request.body));
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/applications',
    {
      preHandler: anyStaff,
      schema: {
        tags: ['applications'],
        summary: 'Applications (recruiters: all; decision owners: their roles)',
        security: staffSecurity,
        querystring: listApplicationsQuery,
        response: { 200: pageOf(applicationSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, roleId, stage } = request.query;
      const staff = request.staff;
      // Without the recruiter permission a caller sees only the roles they own as decision owner.
      const decisionOwnerId = hasPermission(staff, 'recruiter') ? undefined : staff.userId;
      const rows = await listApplications(db, staff.orgId, { roleId, stage, decisionOwnerId }, { limit, after: cursor });
      const page = toPage(rows, limit);
      return { items: page.items.map(toApplication), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/applications/:applicationId',
    {
      preHandler: anyStaff,
      schema: {
        tags: ['applications'],
        summary: 'One application with its stage history',
        security: staffSecurity,
        params: applicationParams,
        response: { 200: applicationDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { application, relations } = await applicationFor(db, request.staff, request.params.applicationId, ['recruiter', 'decisionOwner', 'interviewer']);
      const events = await listStageEvents(db, request.staff.orgId, application.id);
      const seesCandidate = relations.has('recruiter') || relations.has('decisionOwner');
      const candidate = seesCandidate ? await findCandidate(db, request.staff.orgId, application.candidateId) : undefined;
      return { ...toApplication(application), candidateName: candidate?.name ?? null, events: events.map(toStageEvent) };
    },
  );

  app.post(
    '/applications/:applicationId/advance',
    {
      preHandler: recruiter,
      schema: { tags: ['applications'], summary: 'Move the application to a plan step (forward, back, or skipping steps)', security: staffSecurity, params: applicationParams, body: advanceBody, response: { 200: applicationSchema, ...errorResponses } },
    },
    async (request) => {
      const result = await runMutation(db, request, 200, async (tx) =>
        toApplication(await advanceApplication(tx, request.staff, request.params.applicationId, request.body.stepId)),
      );
      return result.body;
    },
  );

  app.post(
    '/applications/:applicationId/reject',
    {
      preHandler: anyStaff,
      schema: { tags: ['applications'], summary: 'Reject (recruiter or the role’s decision owner)', security: staffSecurity, params: applicationParams, body: rejectBody, response: { 200: applicationSchema, ...errorResponses } },
    },
    async (request) => {
      await applicationFor(db, request.staff, request.params.applicationId, ['recruiter', 'decisionOwner'], 'Rejecting is for recruiters and the role’s decision owner.');
      const result = await runMutation(db, request, 200, async (tx) =>
        toApplication(await closeApplication(tx, request.staff, request.params.applicationId, 'rejected', request.body.reason)),
      );
      return result.body;
    },
  );

  app.post(
    '/applications/:applicationId/withdraw',
    {
      preHandler: recruiter,
      schema: { tags: ['applications'], summary: 'The candidate withdrew', security: staffSecurity, params: applicationParams, body: withdrawBody, response: { 200: applicationSchema, ...errorResponses } },
    },
    async (request) => {
      const result = await runMutation(db, request, 200, async (tx) =>
        toApplication(await closeApplication(tx, request.staff, request.params.applicationId, 'withdrawn', request.body.reason)),
      );
      return result.body;
    },
  );
}
