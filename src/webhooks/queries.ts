// The only place webhook and delivery rows are read or written.
import { and, arrayContains, asc, count, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { outboxMessages, webhookDeliveries, webhooks } from '../db/schema.js';
import { deleteOldest } from '../db/sweep.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function insertWebhook(tx: Queryable, values: typeof webhooks.$inferInsert): Promise<WebhookRow> {
  const [row] = await tx.insert(webhooks).values(values).returning();
  return row!;
}

export async function listWebhooks(db: Queryable, orgId: string, limit: number, after?: string): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.orgId, orgId), after ? lt(webhooks.id, after) : undefined))
    .orderBy(desc(webhooks.id))
    .limit(limit + 1);
}

export async function findWebhook(db: Queryable, orgId: string, webhookId: string): Promise<WebhookRow | undefined> {
  const [row] = await db.select().from(webhooks).where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, webhookId)));
  return row;
}

export async function deleteWebhook(tx: Queryable, orgId: string, webhookId: string): Promise<WebhookRow | undefined> {
  const [row] = await tx.delete(webhooks).where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, webhookId))).returning();
  return row;
}

/** The organization's webhooks subscribed to an event type. */
export async function subscribers(db: Queryable, orgId: string, type: string): Promise<WebhookRow[]> {
  return db.select().from(webhooks).where(and(eq(webhooks.orgId, orgId), arrayContains(webhooks.events, [type]))).orderBy(asc(webhooks.id));
}

export async function listDeliveries(db: Queryable, orgId: string, webhookId: string, limit: number, after?: string): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.webhookId, webhookId), after ? lt(webhookDeliveries.id, after) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit + 1);
}

export async function findDelivery(db: Queryable, orgId: string, webhookId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.id, deliveryId)));
  return row;
}

export async function attemptsSoFar(db: Queryable, webhookId: string, messageId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(webhookDeliveries).where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.messageId, messageId)));
  return Number(row?.n ?? 0);
}

export async function insertDelivery(tx: Queryable, values: typeof webhookDeliveries.$inferInsert): Promise<void> {
  await tx.insert(webhookDeliveries).values(values);
}

/** Deletes up to `limit` delivery log rows older than `before`, oldest first; returns how many. */
export function deleteDeliveriesBefore(db: Queryable, before: Date, limit: number, orgIds?: readonly string[]): Promise<number> {
  const scope = orgIds ? inArray(webhookDeliveries.orgId, [...orgIds]) : undefined;
  return deleteOldest(db, webhookDeliveries, { id: webhookDeliveries.id, time: webhookDeliveries.at }, before, limit, scope);
}

/** The outbox job behind a delivery: what a manual retry sends again. */
export async function findJob(db: Queryable, orgId: string, jobId: string) {
  const [row] = await db.select().from(outboxMessages).where(and(eq(outboxMessages.orgId, orgId), eq(outboxMessages.id, jobId)));
  return row;
}
