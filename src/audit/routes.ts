import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../db/schema.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { errorResponses, isoTime, toIso } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';

const auditQuery = z.object({
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/).optional().describe('nextCursor from the previous page.'),
});

const auditEntry = z.object({
  id: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: isoTime,
});

export async function auditRoutes(app: App, { db }: Deps) {
  app.get(
    '/audit',
    {
      preHandler: staffOnly(app, 'admin'),
      schema: {
        tags: ['audit'],
        summary: 'The append-only audit log, newest first',
        security: staffSecurity,
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEntry), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const { entity, entityId, limit, cursor } = request.query;
      const rows = await db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.orgId, request.staff.orgId),
            entity ? eq(auditLog.entity, entity) : undefined,
            entityId ? eq(auditLog.entityId, entityId) : undefined,
            cursor ? lt(auditLog.id, Number(cursor)) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      return {
        items: items.map((r) => ({ ...r, id: String(r.id), at: toIso(r.at) })),
        nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null,
      };
    },
  );
}
