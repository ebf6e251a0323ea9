// Webhook registration, the delivery log and retry by hand (admin).
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { outboxMessages } from '../db/schema.js';
import { notFound, unprocessable } from '../errors.js';
import { pageOf, pageQuery, toPage } from '../http/pagination.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { enqueue } from '../notifications/outbox.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { runMutation } from '../plugins/idempotency.js';
import { DELIVERY_KIND, type DeliveryJob } from './deliver.js';
import { deleteWebhook, findDelivery, findJob, findWebhook, insertWebhook, listDeliveries, listWebhooks } from './queries.js';
import { createdWebhookSchema, createWebhookBody, deliveryParams, deliverySchema, retryQueuedSchema, toDelivery, toWebhook, webhookParams, webhookSchema } from './schemas.js';
import { refusalOf } from './ssrf.js';

const tags = ['webhooks'];

export async function webhookRoutes(app: App, { db, config }: Deps) {
  const admin = staffOnly(app, 'admin');

  app.post(
    '/webhooks',
    { preHandler: admin, schema: { tags, summary: 'Register a webhook; the signing secret is in this answer only', security: staffSecurity, body: createWebhookBody, response: { 201: createdWebhookSchema, ...errorResponses } } },
    async (request, reply) => {
      const { orgId, userId } = request.staff;
      const { url, events } = request.body;
      const refusal = await refusalOf(url, config.webhookAllowPrivate);
      if (refusal) throw unprocessable(`This URL cannot receive webhooks: ${refusal}.`, { errors: [{ path: 'body.url', message: refusal }] });
      const result = await runMutation(db, request, 201, async (tx) => {
        const secret = `whsec_${randomBytes(32).toString('base64')}`;
        const row = await insertWebhook(tx, { orgId, url, events: [...new Set(events)], secret });
        const webhook = toWebhook(row);
        await recordAudit(tx, { orgId, actorId: userId, action: 'webhook.create', entity: 'webhook', entityId: row.id, after: webhook });
        return { webhook, secret: secret as string | null };
      }, { storedBody: (body) => ({ ...body, secret: null }) });
      return reply.code(result.status).send(result.body);
    },
  );

  app.get(
    '/webhooks',
    { preHandler: admin, schema: { tags, summary: 'Registered webhooks, newest first (no secrets)', security: staffSecurity, querystring: pageQuery, response: { 200: pageOf(webhookSchema), ...errorResponses } } },
    async (request) => {
      const rows = await listWebhooks(db, request.staff.orgId, request.query.limit, request.query.cursor);
      const page = toPage(rows, request.query.limit);
      return { items: page.items.map(toWebhook), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    '/webhooks/:webhookId',
    { preHandler: admin, schema: { tags, summary: 'Remove a webhook; pending deliveries to it are dropped', security: staffSecurity, params: webhookParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const { orgId, userId } = request.staff;
      await runMutation(db, request, 204, async (tx) => {
        const row = await deleteWebhook(tx, orgId, request.params.webhookId);
        if (!row) throw notFound('webhook');
        await recordAudit(tx, { orgId, actorId: userId, action: 'webhook.delete', entity: 'webhook', entityId: row.id, before: toWebhook(row) });
        return null;
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/webhooks/:webhookId/deliveries',
    { preHandler: admin, schema: { tags, summary: 'Every delivery attempt, newest first', security: staffSecurity, params: webhookParams, querystring: pageQuery, response: { 200: pageOf(deliverySchema), ...errorResponses } } },
    async (request) => {
      const { orgId } = request.staff;
      if (!(await findWebhook(db, orgId, request.params.webhookId))) throw notFound('webhook');
      const rows = await listDeliveries(db, orgId, request.params.webhookId, request.query.limit, request.query.cursor);
      const page = toPage(rows, request.query.limit);
      return { items: page.items.map(toDelivery), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/webhooks/:webhookId/deliveries/:deliveryId/retry',
    { preHandler: admin, schema: { tags, summary: 'Send a delivery again now, with the same webhook-id', security: staffSecurity, params: deliveryParams, response: { 202: retryQueuedSchema, ...errorResponses } } },
    async (request, reply) => {
      const { orgId, userId } = request.staff;
      const { webhookId, deliveryId } = request.params;
      const result = await runMutation(db, request, 202, async (tx) => {
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
      return reply.code(result.status).send(result.body);
    },
  );
}
