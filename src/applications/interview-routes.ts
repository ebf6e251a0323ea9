import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { enqueueInterviewEnded } from '../notifications/outbox.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { errorResponses, toIso } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission, staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { assignedCriteria, findStep } from '../roles/read.js';
import { existingUserIds } from '../users/queries.js';
import { applicationFor } from './access.js';
import { findInterview, insertInterview, insertInterviewers, interviewersOf, lockApplication } from './queries.js';
import { interviewSchema, scheduleInterviewBody } from './schemas.js';
import { interviewerQueue, queueItemSchema } from './queue.js';

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
      const { orgId, userId } = request.staff;
      const body = request.body;
      const interviewerIds = [...new Set(body.interviewerIds)];
      const result = await runMutation(db, request, 201, async (tx) => {
        const application = await lockApplication(tx, orgId, request.params.applicationId);
        if (!application) throw notFound('application');
        if (application.status !== 'active') throw conflict(`The application is ${application.status}; no more interviews can be scheduled.`);
        const step = body.stepId ? await findStep(tx, orgId, application.roleId, body.stepId) : undefined;
        if (body.stepId && !step) throw unprocessable('stepId is not a step of this role.', { errors: [{ path: 'body.stepId', message: 'unknown step' }] });
        const known = await existingUserIds(tx, orgId, interviewerIds);
        const unknown = interviewerIds.filter((id) => !known.has(id));
        if (unknown.length) throw unprocessable('Some interviewers are not users of this organization.', { unknownIds: unknown });

        const interview = await insertInterview(tx, {
          orgId,
          applicationId: application.id,
          roleId: application.roleId,
          stepId: step?.id ?? null,
          adHocName: step ? null : body.adHocName!,
          startsAt: new Date(body.startsAt),
          endsAt: new Date(body.endsAt),
          createdBy: userId,
        });
        // The snapshot keeps later plan edits from rewriting what this interviewer was asked to assess.
        const assigned = step ? await assignedCriteria(tx, orgId, step.id, interviewerIds) : new Map<string, string[]>();
        const interviewers = interviewerIds.map((interviewerId) => ({ interviewerId, assignedCriterionIds: assigned.get(interviewerId) ?? [] }));
        await insertInterviewers(tx, interviewers.map((i) => ({ ...i, orgId, interviewId: interview.id })));
        const response = {
          id: interview.id,
          applicationId: interview.applicationId,
          roleId: interview.roleId,
          stepId: interview.stepId,
          stepName: step?.name ?? interview.adHocName,
          adHoc: !step,
          startsAt: toIso(interview.startsAt),
          endsAt: toIso(interview.endsAt),
          interviewers,
          createdAt: toIso(interview.createdAt),
        };
        await recordAudit(tx, { orgId, actorId: userId, action: 'interview.schedule', entity: 'interview', entityId: interview.id, after: response });
        await enqueueInterviewEnded(tx, interview);
        return response;
      });
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
