import { z } from 'zod';
import { deliveryStatuses } from '../db/schema.js';
import { isoTime, text, toIso } from '../http/schemas.js';
import { eventTypeSchema } from '../notifications/events.js';
import type { DeliveryRow, WebhookRow } from './queries.js';

export const webhookParams = z.object({ webhookId: z.uuid() });
export const deliveryParams = z.object({ webhookId: z.uuid(), deliveryId: z.uuid() });

export const createWebhookBody = z.strictObject({
  url: text({ max: 2000, trim: false }).describe('http(s) URL on a public address'),
  events: z.array(eventTypeSchema).min(1).max(eventTypeSchema.options.length),
});

export const webhookSchema = z.object({ id: z.uuid(), url: z.string(), events: z.array(eventTypeSchema), createdAt: isoTime });
export const createdWebhookSchema = z.object({
  webhook: webhookSchema,
  secret: z.string().nullable().describe('whsec_<base64>: shown once, keep it to verify signatures; null when an Idempotency-Key replays the registration'),
});

export const deliverySchema = z.object({
  id: z.uuid(),
  messageId: z.uuid(),
  type: eventTypeSchema,
  attempt: z.number().int(),
  status: z.enum(deliveryStatuses),
  error: z.string().nullable(),
  at: isoTime,
});

export const retryQueuedSchema = z.object({ messageId: z.uuid(), webhookId: z.uuid(), status: z.literal('queued') });

export const toWebhook = (row: WebhookRow): z.infer<typeof webhookSchema> => ({
  id: row.id,
  url: row.url,
  events: row.events as z.infer<typeof webhookSchema>['events'],
  createdAt: toIso(row.createdAt),
});

export const toDelivery = (row: DeliveryRow): z.infer<typeof deliverySchema> => ({
  id: row.id,
  messageId: row.messageId,
  type: row.type as z.infer<typeof deliverySchema>['type'],
  attempt: row.attempt,
  status: row.status,
  error: row.error,
  at: toIso(row.at),
});
