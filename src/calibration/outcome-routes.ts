// Outcomes after a hire: attainment of each success metric at its horizon, so interview scores
// can later be checked against what actually happened (predictive validity).
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { outcomes } from '../db/schema.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { errorResponses, isoTime, text, toIso } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { lockApplication } from '../applications/queries.js';
import { listSuccessMetrics } from '../roles/read.js';

const outcomesBody = z.strictObject({
  outcomes: z
    .array(
      z.strictObject({
        metricId: z.uuid(),
        attainment: z.number().min(0).max(10).describe('Share of the metric’s target attained at its horizon: 1 = target met.'),
        notes: text({ max: 2000, min: 0 }).optional(),
      }),
    )
    .min(1)
    .max(50),
});

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
      const { orgId, userId } = request.staff;
      const { applicationId } = request.params;
      const result = await runMutation(db, request, 201, async (tx) => {
        const application = await lockApplication(tx, orgId, applicationId);
        if (!application) throw notFound('application');
        if (application.status !== 'hired') throw conflict(`Outcomes are recorded for hires; this application is ${application.status}.`);
        const metricIds = new Set((await listSuccessMetrics(tx, orgId, application.roleId)).map((m) => m.id));
        const unknownMetricIds = request.body.outcomes.map((o) => o.metricId).filter((id) => !metricIds.has(id));
        if (unknownMetricIds.length) throw unprocessable('Some metrics are not success metrics of this role.', { unknownMetricIds });
        const rows = await tx
          .insert(outcomes)
          .values(request.body.outcomes.map((o) => ({ orgId, applicationId, metricId: o.metricId, attainment: o.attainment, notes: o.notes ?? null, recordedBy: userId })))
          .onConflictDoUpdate({
            target: [outcomes.applicationId, outcomes.metricId],
            set: { attainment: sql`excluded.attainment`, notes: sql`excluded.notes`, recordedBy: sql`excluded.recorded_by`, recordedAt: sql`now()` },
          })
          .returning();
        await recordAudit(tx, { orgId, actorId: userId, action: 'outcome.record', entity: 'application', entityId: applicationId, after: { outcomes: rows.map((r) => ({ metricId: r.metricId, attainment: r.attainment })) } });
        const all = await tx.select().from(outcomes).where(and(eq(outcomes.orgId, orgId), eq(outcomes.applicationId, applicationId)));
        return { applicationId, outcomes: all.map((o) => ({ metricId: o.metricId, attainment: o.attainment, notes: o.notes, recordedBy: o.recordedBy, recordedAt: toIso(o.recordedAt) })) };
      });
      return reply.code(result.status).send(result.body);
    },
  );
}
