import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../db/schema.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { errorResponses, isoTime, limitQuery, text, toIso } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import type { Db } from '../db/client.js';

export const auditQuery = z.object({
  entity: text({ max: 100 }).optional(),
  entityId: text({ max: 100 }).optional(),
  limit: limitQuery,
  // Audit ids are a bigserial: a cursor past its range is a bad request, not a database error.
  cursor: z
    .string()
    .refine((c) => /^\d{1,19}$/.test(c) && BigInt(c) <= 9_223_372_036_854_775_807n, 'must be a nextCursor from a previous page')
    .optional()
    .describe('nextCursor from the previous page.'),
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
    async (request) => auditEntries(db, request.staff.orgId, request.query),
  );
}

/** The audit log of an organization, newest first, filtered and paged (API and /app/admin/audit). */
export async function auditEntries(db: Db, orgId: string, query: { entity?: string; entityId?: string; limit: number; cursor?: string }) {
  const { entity, entityId, limit, cursor } = query;
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        entity ? eq(auditLog.entity, entity) : undefined,
        entityId ? eq(auditLog.entityId, entityId) : undefined,
        cursor ? lt(auditLog.id, sql`${cursor}::bigint`) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return {
    items: items.map((r) => ({ ...r, id: String(r.id), at: toIso(r.at) })),
    nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null,
  };
}
