import { z } from 'zod';
import { notFound } from '../errors.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { errorResponses, toIso } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission, staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { findStep } from '../roles/read.js';
import { applicationFor } from './access.js';
import { findInterview, interviewersOf } from './queries.js';
import { interviewSchema, scheduleInterviewBody } from './schemas.js';
import { interviewerQueue, queueItemSchema } from './queue.js';
import { scheduleInterview } from './usecases.js';

const applicationParams = z.object({ applicationId: z.uuid() });
const interviewParams = z.object({ interviewId: z.uuid() });

export async function interviewRoutes(app: App, { db }: Deps) {
  app.post(
    '/applications/:applicationId/interviews',
    {
      preHandler: staffOnly(app, 'recruiter'),
      schema: {
        tags: ['interviews'],
        summary: 'Schedule an interview; snapshots each interviewer’s assigned criteria',
        security: staffSecurity,
        params: applicationParams,
        body: scheduleInterviewBody,
        response: { 201: interviewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await runMutation(db, request, 201, (tx) => scheduleInterview(tx, request.staff, request.params.applicationId, request.body));
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/interviews/mine',
    {
      preHandler: staffOnly(app, 'interviewer'),
      schema: {
        tags: ['interviews'],
        summary: 'My interviews, each with the briefing and only my assigned criteria and their anchors',
        security: staffSecurity,
        querystring: pageQuery,
        response: { 200: pageOf(queueItemSchema), ...errorResponses },
      },
    },
    async (request) => interviewerQueue(db, request.staff, request.query),
  );

  app.get(
    '/interviews/:interviewId',
    {
      preHandler: staffOnly(app),
      schema: {
        tags: ['interviews'],
        summary: 'One interview (its interviewers, recruiters, the decision owner)',
        security: staffSecurity,
        params: interviewParams,
        response: { 200: interviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId, userId } = request.staff;
      const interview = await findInterview(db, orgId, request.params.interviewId);
      if (!interview) throw notFound('interview');
      const interviewers = await interviewersOf(db, orgId, [interview.id]);
      const onIt = interviewers.some((i) => i.interviewerId === userId);
      if (!onIt && !hasPermission(request.staff, 'recruiter')) {
        // Decision owners pass the application check; others on the application get 403, strangers 404.
        await applicationFor(db, request.staff, interview.applicationId, ['decisionOwner'], 'An interview is shown to its interviewers, recruiters and the role’s decision owner.');
      }
      const step = interview.stepId ? await findStep(db, orgId, interview.roleId, interview.stepId) : undefined;
      return {
        id: interview.id,
        applicationId: interview.applicationId,
        roleId: interview.roleId,
        stepId: interview.stepId,
        stepName: step?.name ?? interview.adHocName,
        adHoc: !interview.stepId,
        startsAt: toIso(interview.startsAt),
        endsAt: toIso(interview.endsAt),
        interviewers: interviewers.map((i) => ({ interviewerId: i.interviewerId, assignedCriterionIds: i.assignedCriterionIds })),
        createdAt: toIso(interview.createdAt),
      };
    },
  );

}
