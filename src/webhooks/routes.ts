// Webhook registration, the delivery log and retry by hand (admin).
import { z } from 'zod';
import { notFound } from '../errors.js';
import { pageOf, pageQuery, toPage } from '../http/pagination.js';
import { errorResponses } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { staffOnly, staffSecurity } from '../plugins/auth.js';
import { findWebhook, listDeliveries, listWebhooks } from './queries.js';
import { createdWebhookSchema, createWebhookBody, deliveryParams, deliverySchema, retryQueuedSchema, toDelivery, toWebhook, webhookParams, webhookSchema } from './schemas.js';
import { registerWebhook, removeWebhook, retryDelivery } from './usecases.js';

const tags = ['webhooks'];

export async function webhookRoutes(app: App, { db, config }: Deps) {
  const admin = staffOnly(app, 'admin');

  app.post(
    '/webhooks',
    { preHandler: admin, schema: { tags, summary: 'Register a webhook; the signing secret is in this answer only', security: staffSecurity, body: createWebhookBody, response: { 201: createdWebhookSchema, ...errorResponses } } },
    async (request, reply) => {
      const result = await registerWebhook(db, config, request, request.body);
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
      await removeWebhook(db, request, request.params.webhookId);
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
      const result = await retryDelivery(db, request, request.params.webhookId, request.params.deliveryId);
      return reply.code(result.status).send(result.body);
    },
  );
}
