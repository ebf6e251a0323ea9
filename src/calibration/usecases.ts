// The calibration use cases shared by the API routes and the pages: one access rule, two surfaces.
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { Db } from '../db/client.js';
import { onUniqueViolation } from '../db/errors.js';
import { conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { toIso } from '../http/schemas.js';
import { hasPermission, type StaffContext } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { readableRole } from '../roles/access.js';
import { listCriteria } from '../roles/read.js';
import { findUser } from '../users/queries.js';
import { exerciseReport } from './exercise-report.js';
import { exerciseParts, findExercise, insertResponses } from './exercises.js';
import { interviewerCalibration, roleCalibration } from './report.js';

/** Role calibration: its decision owner, recruiters and admins. 404 unless the caller may read the role. */
export async function roleCalibrationFor(db: Db, staff: StaffContext, roleId: string, lateHours: number) {
  const role = await readableRole(db, staff, roleId);
  if (!hasPermission(staff, 'recruiter') && role.decisionOwnerId !== staff.userId) {
    throw forbidden('Role calibration is for its decision owner and recruiters; your own figures are at /interviewers/{your id}/calibration.');
  }
  const criteria = await listCriteria(db, staff.orgId, role.id);
  return { role, report: await roleCalibration(db, { orgId: staff.orgId, roleId: role.id }, criteria, lateHours) };
}

/** One interviewer's calibration: shown to them and to recruiters. */
export async function interviewerCalibrationFor(db: Db, staff: StaffContext, target: string, lateHours: number) {
  if (!(await findUser(db, staff.orgId, target))) throw notFound('interviewer');
  if (target !== staff.userId && !hasPermission(staff, 'recruiter')) throw forbidden('An interviewer’s calibration is shown to them and to recruiters.');
  return interviewerCalibration(db, staff.orgId, target, lateHours);
}

/** The exercise as the caller may see it: references and others' results stay blind. */
export async function exerciseView(db: Db, orgId: string, exerciseId: string, viewer: { userId: string; seesAll: boolean }) {
  const exercise = await findExercise(db, orgId, exerciseId);
  if (!exercise) throw notFound('calibration exercise');
  const parts = await exerciseParts(db, orgId, exerciseId);
  if (!viewer.seesAll && !parts.interviewerIds.includes(viewer.userId)) throw notFound('calibration exercise');
  const report = exerciseReport(parts.items, parts.responses);
  const mine = report.find((r) => r.interviewerId === viewer.userId);
  const done = mine?.itemsRated === parts.items.length;
  const revealed = viewer.seesAll || done;
  return {
    id: exercise.id,
    title: exercise.title,
    roleId: exercise.roleId,
    scale: exercise.scaleLabels.map((label, i) => ({ level: i + 1, label })),
    interviewerIds: parts.interviewerIds,
    items: parts.items.map((i) => ({ id: i.id, criterionName: i.criterionName, evidence: i.evidence, referenceRating: revealed ? i.referenceRating : null })),
    report: viewer.seesAll ? report : done && mine ? [mine] : [],
    createdAt: toIso(exercise.createdAt),
  };
}

/** An interviewer named on the exercise rates its items, blind and once per item. */
export async function respondToExercise(db: Db, request: FastifyRequest, exerciseId: string, ratings: { itemId: string; rating: number }[]) {
  const { orgId, userId } = request.staff;
  return runMutation(db, request, 201, async (tx) => {
    const exercise = await findExercise(tx, orgId, exerciseId);
    const parts = exercise ? await exerciseParts(tx, orgId, exerciseId) : undefined;
    if (!exercise) throw notFound('calibration exercise');
    if (!parts!.interviewerIds.includes(userId)) {
      // Recruiters see every exercise; they are told why they cannot answer it.
      if (hasPermission(request.staff, 'recruiter')) throw forbidden('Only the interviewers named on the exercise respond to it.');
      throw notFound('calibration exercise');
    }
    const itemIds = new Set(parts!.items.map((i) => i.id));
    const errors = ratings.flatMap((r, i) => [
      ...(itemIds.has(r.itemId) ? [] : [{ path: `body.ratings.${i}.itemId`, message: 'not an item of this exercise' }]),
      ...(r.rating > exercise.scaleLabels.length ? [{ path: `body.ratings.${i}.rating`, message: `must be between 1 and ${exercise.scaleLabels.length}` }] : []),
    ]);
    if (errors.length) throw unprocessable('Some ratings do not fit this exercise.', { errors });
    await onUniqueViolation(insertResponses(tx, orgId, exerciseId, userId, ratings), () => conflict('You have already rated some of these items; ratings are blind and final.'));
    await recordAudit(tx, { orgId, actorId: userId, action: 'calibration_exercise.respond', entity: 'calibration_exercise', entityId: exerciseId, after: { ratings } });
    return exerciseId;
  });
}
