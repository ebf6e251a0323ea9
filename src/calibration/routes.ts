import { z } from 'zod';
import { forbidden, notFound } from '../errors.js';
import { readableRole } from '../roles/access.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission, staffOnly, staffSecurity } from '../plugins/auth.js';
import { listCriteria } from '../roles/read.js';
import { findUser } from '../users/queries.js';
import { interviewerCalibration, roleCalibration } from './report.js';

const nullableNumber = z.number().nullable();
const reasons = z.record(z.string(), z.string()).nullable().describe('Why a value is null, by key.');
const interval = z.object({ mean: nullableNumber, low: nullableNumber, high: nullableNumber, shrunk: nullableNumber.describe('Empirical-Bayes offset used for adjusted means.') });
const conductFields = {
  scorecards: z.number().int(),
  focusAdherence: nullableNumber.describe('Share of assigned criteria rated with evidence.'),
  medianLatenessHours: nullableNumber.describe('Median hours from interview end to submission.'),
  lateScorecards: z.number().int(),
};

const roleCalibrationSchema = z.object({
  roleId: z.uuid(),
  criteria: z.array(
    z.object({
      criterionId: z.uuid(),
      name: z.string(),
      units: z.number().int().describe('Applications with a rating of this criterion.'),
      ratings: z.number().int(),
      distribution: z.record(z.string(), z.number().int()).describe('Rating level → count.'),
      icc: z.object({ icc11: nullableNumber, icc21: nullableNumber, icc31: nullableNumber, icc1k: nullableNumber, icc2k: nullableNumber, icc3k: nullableNumber }),
      iccReasons: reasons,
      iccPanel: z.object({ units: z.number().int(), raters: z.number().int(), raterIds: z.array(z.uuid()) }).describe('The units rated by the most common full set of raters.'),
      alpha: z.object({ nominal: nullableNumber, ordinal: nullableNumber, interval: nullableNumber, ratio: nullableNumber }),
      alphaReasons: reasons,
      predictiveValidity: z.object({ rho: nullableNumber, n: z.number().int(), reason: z.string().nullable(), warning: z.string().nullable() }),
    }),
  ),
  interviewers: z.array(z.object({ userId: z.uuid(), n: z.number().int(), leniency: interval, leniencyReason: z.string().nullable(), ...conductFields })),
});

const interviewerCalibrationSchema = z.object({
  userId: z.uuid(),
  n: z.number().int(),
  leniency: interval,
  leniencyReason: z.string().nullable(),
  drift: z.array(z.object({ quarter: z.string(), n: z.number().int(), mean: nullableNumber, low: nullableNumber, high: nullableNumber })),
  ...conductFields,
});

export async function calibrationRoutes(app: App, { db, config }: Deps) {
  app.get(
    '/roles/:roleId/calibration',
    {
      preHandler: staffOnly(app),
      schema: {
        tags: ['calibration'],
        summary: 'Agreement per criterion (ICC, Krippendorff’s alpha), leniency per interviewer, predictive validity',
        description: 'Decision owners see their role; recruiters and admins every role. A value that cannot be computed is null with its reason beside it.',
        security: staffSecurity,
        params: z.object({ roleId: z.uuid() }),
        response: { 200: roleCalibrationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId, userId } = request.staff;
      // 404 unless the caller can see the role; an interviewer on it is told why not (403).
      const role = await readableRole(db, request.staff, request.params.roleId);
      if (!hasPermission(request.staff, 'recruiter') && role.decisionOwnerId !== userId) {
        throw forbidden('Role calibration is for its decision owner and recruiters; your own figures are at /interviewers/{your id}/calibration.');
      }
      const criteria = await listCriteria(db, orgId, role.id);
      return roleCalibration(db, { orgId, roleId: role.id }, criteria, config.lateFeedbackHours);
    },
  );

  app.get(
    '/interviewers/:userId/calibration',
    {
      preHandler: staffOnly(app),
      schema: {
        tags: ['calibration'],
        summary: 'One interviewer across roles: leniency, drift by quarter, focus and timeliness (that interviewer, recruiters)',
        security: staffSecurity,
        params: z.object({ userId: z.uuid() }),
        response: { 200: interviewerCalibrationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId, userId } = request.staff;
      const target = request.params.userId;
      if (!(await findUser(db, orgId, target))) throw notFound('interviewer');
      if (target !== userId && !hasPermission(request.staff, 'recruiter')) throw forbidden('An interviewer’s calibration is shown to them and to recruiters.');
      return interviewerCalibration(db, orgId, target, config.lateFeedbackHours);
    },
  );
}
