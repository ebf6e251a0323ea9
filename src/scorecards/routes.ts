import { z } from 'zod';
import { errorResponses } from '../http/schemas.js';
import { compiledSerializerFor } from '../http/serializer.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { hasIdempotencyKey, runMutation } from '../plugins/idempotency.js';
import { amendmentBody, scorecardBody, scorecardSchema } from './schemas.js';
import { readApplicationScorecards } from './colleagues.js';
import { amendScorecard, saveDraft, submitFirstInOneStatement, submitScorecard } from './usecases.js';

const interviewParams = z.object({ interviewId: z.uuid() });

export async function scorecardRoutes(app: App, { db, database }: Deps) {
  const staff = staffOnly(app);

  app.put(
    '/interviews/:interviewId/scorecard',
    {
      preHandler: staff,
      schema: { tags: ['scorecards'], summary: 'Save my scorecard draft for this interview', security: staffSecurity, params: interviewParams, body: scorecardBody, response: { 200: scorecardSchema, ...errorResponses } },
    },
    async (request) => (await runMutation(db, request, 200, (tx) => saveDraft(tx, request.staff, request.params.interviewId, request.body))).body,
  );

  app.post(
    '/interviews/:interviewId/scorecard/submit',
    {
      preHandler: staff,
      schema: {
        tags: ['scorecards'],
        summary: 'Submit my scorecard (the saved draft, or this body); immutable afterwards',
        description: 'A rating without evidence is refused (422 naming the criteria). A second submission is 409 pointing to the amendment endpoint.',
        security: staffSecurity,
        params: interviewParams,
        body: scorecardBody.nullish(),
        response: { 200: scorecardSchema, ...errorResponses },
      },
      // The hottest write: its answer is written by a serializer compiled once.
      serializerCompiler: compiledSerializerFor(200),
    },
    async (request) => {
      const { staff, params, body } = request;
      // A retry with an Idempotency-Key needs its key recorded with the write: the transactional path.
      const submitted = body && !hasIdempotencyKey(request) ? await submitFirstInOneStatement(database, staff, params.interviewId, body) : undefined;
      return submitted ?? (await runMutation(db, request, 200, (tx) => submitScorecard(tx, staff, params.interviewId, body ?? undefined))).body;
    },
  );

  app.post(
    '/scorecards/:scorecardId/amendments',
    {
      preHandler: staff,
      schema: {
        tags: ['scorecards'],
        summary: 'Correct my submitted scorecard; the original stays readable',
        security: staffSecurity,
        params: z.object({ scorecardId: z.uuid() }),
        body: amendmentBody,
        response: { 201: scorecardSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await runMutation(db, request, 201, (tx) => amendScorecard(tx, request.staff, request.params.scorecardId, request.body.reason, request.body.ratings));
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/applications/:applicationId/scorecards',
    {
      preHandler: staff,
      schema: {
        tags: ['scorecards'],
        summary: 'Submitted scorecards of an application',
        description: 'Recruiters and the decision owner always; an interviewer only after submitting their own. Every read is recorded so the synthesis can judge independence.',
        security: staffSecurity,
        params: z.object({ applicationId: z.uuid() }),
        response: { 200: z.object({ items: z.array(scorecardSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await readApplicationScorecards(db, request.staff, request.params.applicationId) }),
  );
}
