import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { notFound, unprocessable } from '../errors.js';
import { errorResponses, isoTime, text } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission, staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { findCriteriaByIds, findRole } from '../roles/read.js';
import { existingUserIds } from '../users/queries.js';
import { insertExercise } from './exercises.js';
import { exerciseView, respondToExercise } from './usecases.js';

const DEFAULT_SCALE = ['strong no', 'no', 'yes', 'strong yes'];

const createExerciseBody = z.strictObject({
  title: text({ max: 200 }),
  roleId: z.uuid().optional().describe('Use this role’s scale and criteria; otherwise `scale` or the default 1–4.'),
  scale: z.array(text({ max: 60 })).min(2).max(7).optional(),
  interviewerIds: z.array(z.uuid()).min(1).max(200),
  items: z
    .array(
      z.strictObject({
        criterionId: z.uuid().optional().describe('A criterion of the role; its name is used.'),
        criterionName: text({ max: 200 }).optional(),
        evidence: text({ max: 10_000 }).describe('Sample evidence, as an interviewer would write it.'),
        referenceRating: z.number().int().min(1).max(7),
      }),
    )
    .min(1)
    .max(200),
});

export const responsesBody = z.strictObject({ ratings: z.array(z.strictObject({ itemId: z.uuid(), rating: z.number().int().min(1).max(7) })).min(1).max(200) });

const reportSchema = z.object({
  interviewerId: z.uuid(),
  itemsRated: z.number().int(),
  itemsTotal: z.number().int(),
  byCriterion: z.array(z.object({ criterionName: z.string(), items: z.number().int(), meanDeviation: z.number(), meanAbsoluteDeviation: z.number() })),
  withinOneLevelShare: z.number().nullable(),
  calibrated: z.boolean().describe('Within one level of the reference on at least 80% of the items, all rated.'),
});

const exerciseSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  roleId: z.uuid().nullable(),
  scale: z.array(z.object({ level: z.number().int(), label: z.string() })),
  interviewerIds: z.array(z.uuid()),
  items: z.array(z.object({ id: z.uuid(), criterionName: z.string(), evidence: z.string(), referenceRating: z.number().int().nullable().describe('Hidden from an interviewer until they have rated every item.') })),
  report: z.array(reportSchema).describe('Recruiters: everyone. An interviewer: only their own, once they have rated every item.'),
  createdAt: isoTime,
});

const exerciseParams = z.object({ exerciseId: z.uuid() });

export async function exerciseRoutes(app: App, { db }: Deps) {
  const view = (orgId: string, exerciseId: string, viewer: { userId: string; seesAll: boolean }) => exerciseView(db, orgId, exerciseId, viewer);

  app.post(
    '/calibration/exercises',
    {
      preHandler: staffOnly(app, 'recruiter'),
      schema: { tags: ['calibration'], summary: 'Publish sample evidence with reference ratings for interviewers to rate blind', security: staffSecurity, body: createExerciseBody, response: { 201: exerciseSchema, ...errorResponses } },
    },
    async (request, reply) => {
      const { orgId, userId } = request.staff;
      const body = request.body;
      const result = await runMutation(db, request, 201, async (tx) => {
        const role = body.roleId ? await findRole(tx, orgId, body.roleId) : undefined;
        if (body.roleId && !role) throw notFound('role');
        const scale = role?.scaleLabels ?? body.scale ?? DEFAULT_SCALE;
        const interviewerIds = [...new Set(body.interviewerIds)];
        const known = await existingUserIds(tx, orgId, interviewerIds);
        const unknownIds = interviewerIds.filter((id) => !known.has(id));
        if (unknownIds.length) throw unprocessable('Some interviewers are not users of this organization.', { unknownIds });
        const criteria = new Map((await findCriteriaByIds(tx, orgId, body.items.flatMap((i) => (i.criterionId ? [i.criterionId] : [])))).map((c) => [c.id, c]));
        const errors: { path: string; message: string }[] = [];
        const items = body.items.map((item, i) => {
          const criterion = item.criterionId ? criteria.get(item.criterionId) : undefined;
          if (item.criterionId && (!criterion || (role && criterion.roleId !== role.id))) errors.push({ path: `body.items.${i}.criterionId`, message: 'not a criterion of this role' });
          if (!item.criterionId && !item.criterionName) errors.push({ path: `body.items.${i}`, message: 'give a criterionId or a criterionName' });
          if (item.referenceRating > scale.length) errors.push({ path: `body.items.${i}.referenceRating`, message: `must be between 1 and ${scale.length}` });
          return { criterionName: criterion?.name ?? item.criterionName ?? '', criterionId: criterion?.id ?? null, evidence: item.evidence, referenceRating: item.referenceRating };
        });
        if (errors.length) throw unprocessable('Some items do not fit the exercise.', { errors });
        const exercise = await insertExercise(tx, orgId, { title: body.title, roleId: role?.id ?? null, scaleLabels: scale, createdBy: userId }, interviewerIds, items);
        await recordAudit(tx, { orgId, actorId: userId, action: 'calibration_exercise.create', entity: 'calibration_exercise', entityId: exercise.id, after: { title: body.title, items: items.length, interviewers: interviewerIds.length } });
        return exercise.id;
      });
      return reply.code(result.status).send(await view(orgId, result.body, { userId, seesAll: true }));
    },
  );

  app.get(
    '/calibration/exercises/:exerciseId',
    {
      preHandler: staffOnly(app),
      schema: { tags: ['calibration'], summary: 'An exercise (recruiters; its interviewers, blind until they have rated every item)', security: staffSecurity, params: exerciseParams, response: { 200: exerciseSchema, ...errorResponses } },
    },
    async (request) => view(request.staff.orgId, request.params.exerciseId, { userId: request.staff.userId, seesAll: hasPermission(request.staff, 'recruiter') }),
  );

  app.post(
    '/calibration/exercises/:exerciseId/responses',
    {
      preHandler: staffOnly(app, 'interviewer'),
      schema: { tags: ['calibration'], summary: 'Rate the exercise’s items blind (once per item)', security: staffSecurity, params: exerciseParams, body: responsesBody, response: { 201: exerciseSchema, ...errorResponses } },
    },
    async (request, reply) => {
      const { orgId, userId } = request.staff;
      const result = await respondToExercise(db, request, request.params.exerciseId, request.body.ratings);
      return reply.code(result.status).send(await view(orgId, result.body, { userId, seesAll: false }));
    },
  );
}
