// Webhook delivery as the worker runs it: an event fans out into one delivery job per subscribed
// webhook; each job POSTs the signed body and records the attempt, retrying on the schedule below.
import type { Db, Queryable } from '../db/client.js';
import { complete, enqueue, fail, reschedule, type OutboxMessage } from '../notifications/outbox.js';
import { eventBody, type EventData, type EventType } from '../notifications/events.js';
import { attemptsSoFar, findWebhook, insertDelivery, subscribers } from './queries.js';
import { postSigned } from './send.js';

/** After a failed attempt n (1-based), the next one waits retryDelaysMs[n - 1]; after the last, the delivery has failed. */
export const retryDelaysMs = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000] as const;

export const DELIVERY_KIND = 'webhook.delivery';

export interface DeliveryJob {
  webhookId: string;
  /** The event message's id: the webhook-id header, the same on every attempt. */
  messageId: string;
  type: EventType;
  body: string;
  /** A retry by hand: one attempt, no schedule. */
  manual?: boolean;
}

export class LeaseLostError extends Error {}

/** Creates the delivery jobs of an event, in the transaction that marks the event done. */
export async function fanOut(tx: Queryable, event: OutboxMessage): Promise<void> {
  const type = event.kind as EventType;
  const body = eventBody(type, event.createdAt, event.data as EventData);
  for (const webhook of await subscribers(tx, event.orgId, type)) {
    const job: DeliveryJob = { webhookId: webhook.id, messageId: event.id, type, body };
    await enqueue(tx, { orgId: event.orgId, kind: DELIVERY_KIND, data: job, dedupeKey: `${DELIVERY_KIND}:${event.id}:${webhook.id}` });
  }
}

export interface DeliverOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  now: () => Date;
}

/** Sends one delivery job and records the attempt; throws LeaseLostError when another worker took the job meanwhile. */
export async function deliver(db: Db, job: OutboxMessage, token: string, options: DeliverOptions): Promise<void> {
  const data = job.data as DeliveryJob;
  const webhook = await findWebhook(db, job.orgId, data.webhookId);
  if (!webhook) {
    // Deleted since: nothing to send to.
    await complete(db, job.id, token, options.now());
    return;
  }
  const result = await postSigned(webhook.url, webhook.secret, data.messageId, data.body, { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs, signal: options.signal });
  const now = options.now();
  const retry = !result.ok && !data.manual && job.attempts <= retryDelaysMs.length;
  await db.transaction(async (tx) => {
    const held = result.ok
      ? await complete(tx, job.id, token, now)
      : retry
        ? await reschedule(tx, job.id, token, new Date(now.getTime() + retryDelaysMs[job.attempts - 1]!), result.error ?? 'failed')
        : await fail(tx, job.id, token, now, result.error ?? 'failed');
    if (!held) throw new LeaseLostError(`delivery job ${job.id} was taken over by another worker`);
    await insertDelivery(tx, {
      orgId: job.orgId,
      webhookId: webhook.id,
      jobId: job.id,
      messageId: data.messageId,
      type: data.type,
      attempt: (await attemptsSoFar(tx, webhook.id, data.messageId)) + 1,
      status: result.ok ? 'delivered' : retry ? 'retrying' : 'failed',
      error: result.ok ? null : (result.error ?? 'failed'),
      responseStatus: result.status ?? null,
      at: now,
    });
  });
}
