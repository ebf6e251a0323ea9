import type { Queryable } from '../db/client.js';
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
