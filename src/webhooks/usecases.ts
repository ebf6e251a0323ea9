// The webhook use cases shared by the API routes and /app/admin/webhooks.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { outboxMessages } from '../db/schema.js';
import { notFound, unprocessable } from '../errors.js';
import { enqueue } from '../notifications/outbox.js';
import { runMutation } from '../plugins/idempotency.js';
import { DELIVERY_KIND, type DeliveryJob } from './deliver.js';
import { deleteWebhook, findDelivery, findJob, insertWebhook } from './queries.js';
import { toWebhook } from './schemas.js';
import { refusalOf } from './ssrf.js';

/** Registers a webhook after the SSRF check; the secret is in this answer only (never in a stored replay). */
export async function registerWebhook(db: Db, config: Config, request: FastifyRequest, body: { url: string; events: string[] }) {
  const { orgId, userId } = request.staff;
  const refusal = await refusalOf(body.url, config.webhookAllowPrivate);
  if (refusal) throw unprocessable(`This URL cannot receive webhooks: ${refusal}.`, { errors: [{ path: 'body.url', message: refusal }] });
  return runMutation(db, request, 201, async (tx) => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const row = await insertWebhook(tx, { orgId, url: body.url, events: [...new Set(body.events)], secret });
    const webhook = toWebhook(row);
    await recordAudit(tx, { orgId, actorId: userId, action: 'webhook.create', entity: 'webhook', entityId: row.id, after: webhook });
    return { webhook, secret: secret as string | null };
  }, { storedBody: (stored) => ({ ...stored, secret: null }) });
}

export async function removeWebhook(db: Db, request: FastifyRequest, webhookId: string) {
  const { orgId, userId } = request.staff;
  return runMutation(db, request, 204, async (tx) => {
    const row = await deleteWebhook(tx, orgId, webhookId);
    if (!row) throw notFound('webhook');
    await recordAudit(tx, { orgId, actorId: userId, action: 'webhook.delete', entity: 'webhook', entityId: row.id, before: toWebhook(row) });
    return null;
  });
}

/** Sends a delivery again with the same webhook-id: sooner if still scheduled, anew if it ended. */
export async function retryDelivery(db: Db, request: FastifyRequest, webhookId: string, deliveryId: string) {
  const { orgId, userId } = request.staff;
  return runMutation(db, request, 202, async (tx) => {
    const delivery = await findDelivery(tx, orgId, webhookId, deliveryId);
    if (!delivery) throw notFound('delivery');
    const job = await findJob(tx, orgId, delivery.jobId);
    if (!job) throw notFound('delivery');
    if (job.status === 'pending') {
      // Still on its retry schedule: bring the next attempt forward rather than send twice at once.
      await tx.update(outboxMessages).set({ dueAt: new Date() }).where(and(eq(outboxMessages.id, job.id), eq(outboxMessages.status, 'pending')));
    } else {
      await enqueue(tx, { orgId, kind: DELIVERY_KIND, data: { ...(job.data as DeliveryJob), manual: true } });
    }
    await recordAudit(tx, { orgId, actorId: userId, action: 'webhook.retry', entity: 'webhook', entityId: webhookId, after: { deliveryId, messageId: delivery.messageId } });
    return { messageId: delivery.messageId, webhookId, status: 'queued' as const };
  });
}
