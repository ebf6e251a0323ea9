import { z } from 'zod';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { interviewerCalibrationFor, roleCalibrationFor } from './usecases.js';

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
    async (request) => (await roleCalibrationFor(db, request.staff, request.params.roleId, config.lateFeedbackHours)).report,
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
    async (request) => interviewerCalibrationFor(db, request.staff, request.params.userId, config.lateFeedbackHours),
  );
}
