// GET/PATCH /organization: the organization's name and its notification settings (admin).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { organizations } from '../db/schema.js';
import { notFound } from '../errors.js';
import { errorResponses, text } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { runMutation } from '../plugins/idempotency.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { effectiveSettings, loadOrganization, settingsSchema } from './settings.js';

const organizationSchema = z.object({ name: z.string(), settings: settingsSchema });

const patchBody = z
  .strictObject({
    name: text({ max: 200 }).optional(),
    settings: settingsSchema.partial().strict().optional(),
  })
  .refine((b) => b.name !== undefined || b.settings !== undefined, 'Send a name, settings, or both.');

export async function organizationRoutes(app: App, { db, config }: Deps) {
  const admin = staffOnly(app, 'admin');
  const view = (row: { name: string; settings: unknown }) => ({ name: row.name, settings: effectiveSettings(row.settings, config.lateFeedbackHours) });

  app.get(
    '/organization',
    { preHandler: admin, schema: { tags: ['organization'], summary: 'Name and settings: reminder timings, late-feedback hours', security: staffSecurity, response: { 200: organizationSchema, ...errorResponses } } },
    async (request) => {
      const row = await loadOrganization(db, request.staff.orgId);
      if (!row) throw notFound('organization');
      return view(row);
    },
  );

  app.patch(
    '/organization',
    { preHandler: admin, schema: { tags: ['organization'], summary: 'Rename the organization or change its settings', security: staffSecurity, body: patchBody, response: { 200: organizationSchema, ...errorResponses } } },
    async (request) => {
      const { orgId, userId } = request.staff;
      const result = await runMutation(db, request, 200, async (tx) => {
        const [before] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
        if (!before) throw notFound('organization');
        const settings = { ...(before.settings as object), ...request.body.settings };
        const [after] = await tx
          .update(organizations)
          .set({ name: request.body.name ?? before.name, settings })
          .where(eq(organizations.id, orgId))
          .returning();
        const response = view(after!);
        await recordAudit(tx, { orgId, actorId: userId, action: 'organization.update', entity: 'organization', entityId: orgId, before: view(before), after: response });
        return response;
      });
      return result.body;
    },
  );
}
