// Outcomes after a hire: attainment of each success metric at its horizon, so interview scores
// can later be checked against what actually happened (predictive validity).
import { z } from 'zod';
import { errorResponses, isoTime } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { outcomesBody, recordOutcomes } from './outcomes.js';


const outcomeSchema = z.object({ metricId: z.uuid(), attainment: z.number(), notes: z.string().nullable(), recordedBy: z.uuid().nullable(), recordedAt: isoTime });

export async function outcomeRoutes(app: App, { db }: Deps) {
  app.post(
    '/applications/:applicationId/outcomes',
    {
      preHandler: staffOnly(app, 'recruiter'),
      schema: {
        tags: ['calibration'],
        summary: 'Record success-metric attainment of a hire (a later record for a metric replaces the earlier one)',
        security: staffSecurity,
        params: z.object({ applicationId: z.uuid() }),
        body: outcomesBody,
        response: { 201: z.object({ applicationId: z.uuid(), outcomes: z.array(outcomeSchema) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { applicationId } = request.params;
      const result = await runMutation(db, request, 201, (tx) => recordOutcomes(tx, request.staff, applicationId, request.body));
      return reply.code(result.status).send(result.body);
    },
  );
}
