// Recording outcomes after a hire: shared by POST /applications/:id/outcomes and the application page.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { lockApplication } from '../applications/queries.js';
import type { Tx } from '../db/client.js';
import { outcomes } from '../db/schema.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { text, toIso } from '../http/schemas.js';
import type { StaffContext } from '../plugins/auth.js';
import { listSuccessMetrics } from '../roles/read.js';

export const outcomesBody = z.strictObject({
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

/** A later record for a metric replaces the earlier one; only hires have outcomes. */
export async function recordOutcomes(tx: Tx, staff: StaffContext, applicationId: string, input: z.infer<typeof outcomesBody>) {
  const { orgId, userId } = staff;
  const application = await lockApplication(tx, orgId, applicationId);
  if (!application) throw notFound('application');
  if (application.status !== 'hired') throw conflict(`Outcomes are recorded for hires; this application is ${application.status}.`);
  const metricIds = new Set((await listSuccessMetrics(tx, orgId, application.roleId)).map((m) => m.id));
  const unknownMetricIds = input.outcomes.map((o) => o.metricId).filter((id) => !metricIds.has(id));
  if (unknownMetricIds.length) throw unprocessable('Some metrics are not success metrics of this role.', { unknownMetricIds });
  const rows = await tx
    .insert(outcomes)
    .values(input.outcomes.map((o) => ({ orgId, applicationId, metricId: o.metricId, attainment: o.attainment, notes: o.notes ?? null, recordedBy: userId })))
    .onConflictDoUpdate({
      target: [outcomes.applicationId, outcomes.metricId],
      set: { attainment: sql`excluded.attainment`, notes: sql`excluded.notes`, recordedBy: sql`excluded.recorded_by`, recordedAt: sql`now()` },
    })
    .returning();
  await recordAudit(tx, { orgId, actorId: userId, action: 'outcome.record', entity: 'application', entityId: applicationId, after: { outcomes: rows.map((r) => ({ metricId: r.metricId, attainment: r.attainment })) } });
  const all = await tx.select().from(outcomes).where(and(eq(outcomes.orgId, orgId), eq(outcomes.applicationId, applicationId)));
  return { applicationId, outcomes: all.map((o) => ({ metricId: o.metricId, attainment: o.attainment, notes: o.notes, recordedBy: o.recordedBy, recordedAt: toIso(o.recordedAt) })) };
}
