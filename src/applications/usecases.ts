// Application use cases shared by the API routes and the recruiter's pages.
import type { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Tx } from '../db/client.js';
import { onUniqueViolation } from '../db/errors.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { toIso } from '../http/schemas.js';
import { enqueueInterviewEnded } from '../notifications/outbox.js';
import type { StaffContext } from '../plugins/auth.js';
import { assignedCriteria, findRole, findStep, listSteps } from '../roles/read.js';
import { existingUserIds } from '../users/queries.js';
import { findCandidate, insertApplication, insertCandidate, insertInterview, insertInterviewers, insertStageEvent, lockApplication } from './queries.js';
import { toApplication, toCandidate, type createApplicationBody, type createCandidateBody, type scheduleInterviewBody } from './schemas.js';

export async function createCandidate(tx: Tx, staff: StaffContext, input: z.infer<typeof createCandidateBody>) {
  const { orgId, userId } = staff;
  const candidate = await insertCandidate(tx, { orgId, ...input });
  // The audit trail names the candidate by id only: personal data stays erasable.
  await recordAudit(tx, { orgId, actorId: userId, action: 'candidate.create', entity: 'candidate', entityId: candidate.id });
  return toCandidate(candidate);
}

/** Puts a candidate forward for an open role; they enter its first step. */
export async function createApplication(tx: Tx, staff: StaffContext, input: z.infer<typeof createApplicationBody>) {
  const { orgId, userId } = staff;
  const { candidateId, roleId } = input;
  const [candidate, role] = [await findCandidate(tx, orgId, candidateId), await findRole(tx, orgId, roleId)];
  if (!candidate) throw notFound('candidate');
  if (!role) throw notFound('role');
  if (role.status !== 'open') throw conflict(`The role is ${role.status}; applications need an open role.`);
  if (candidate.erasedAt) throw conflict('The candidate has been erased.');
  const firstStep = (await listSteps(tx, orgId, roleId))[0];
  const application = await onUniqueViolation(insertApplication(tx, { orgId, candidateId, roleId, currentStepId: firstStep?.id ?? null }), () =>
    conflict('This candidate already has an application for this role.'),
  );
  await insertStageEvent(tx, { orgId, applicationId: application.id, roleId, fromStepId: null, toStepId: firstStep?.id ?? null, actorId: userId, at: application.createdAt });
  const response = toApplication(application);
  await recordAudit(tx, { orgId, actorId: userId, action: 'application.create', entity: 'application', entityId: application.id, after: response });
  return response;
}

/** Schedules an interview; snapshots each interviewer's assigned criteria. */
export async function scheduleInterview(tx: Tx, staff: StaffContext, applicationId: string, body: z.infer<typeof scheduleInterviewBody>) {
  const { orgId, userId } = staff;
  const interviewerIds = [...new Set(body.interviewerIds)];
  const application = await lockApplication(tx, orgId, applicationId);
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
}
