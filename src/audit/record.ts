import { and, eq, inArray, or } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export interface AuditEntry {
  orgId: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row; call it inside the transaction of the mutation it describes. */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    orgId: entry.orgId,
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : toJson(entry.before),
    after: entry.after === undefined ? null : toJson(entry.after),
  });
}

// Dates and other objects become plain JSON so before/after read the same as API responses.
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

export const REDACTED = '[erased]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A payload with every text blanked: ids, times, numbers, booleans and the shape stay, so the
 * trail still says who changed what and when, but no words written about the person survive,
 * whatever fields a payload grows in the future.
 */
export function redactPayload(value: unknown): unknown {
  if (typeof value === 'string') return UUID.test(value) || ISO_TIME.test(value) ? value : REDACTED;
  if (Array.isArray(value)) return value.map(redactPayload);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactPayload(v)]));
  return value;
}

/** Erasure: blanks the text of every audit payload about the given objects. Returns the rows touched. */
export async function redactAuditPayloads(tx: Tx, orgId: string, subjects: { entity: string; ids: string[] }[]): Promise<number> {
  const about = subjects.filter((s) => s.ids.length).map((s) => and(eq(auditLog.entity, s.entity), inArray(auditLog.entityId, s.ids)));
  if (!about.length) return 0;
  const rows = await tx
    .select({ id: auditLog.id, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), or(...about)));
  for (const row of rows) {
    await tx.update(auditLog).set({ before: redactPayload(row.before), after: redactPayload(row.after) }).where(eq(auditLog.id, row.id));
  }
  return rows.length;
}
