// A webhook with one recorded delivery attempt, seeded directly (the authorization matrix needs
// ids to address; delivering for real is what webhooks.test.ts does).
import { enqueue } from '../../src/notifications/outbox.js';
import { outboxMessages } from '../../src/db/schema.js';
import { insertDelivery, insertWebhook } from '../../src/webhooks/queries.js';
import { eventBody } from '../../src/notifications/events.js';
import { desc, eq } from 'drizzle-orm';
import type { TestContext } from '../helpers/app.js';

export async function seedWebhookDelivery(ctx: TestContext, orgId: string, roleId: string) {
  const db = ctx.database.db;
  const webhook = await insertWebhook(db, { orgId, url: 'https://93.184.216.34/hooks', events: ['role.closed'], secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` });
  const messageId = crypto.randomUUID();
  await enqueue(db, { orgId, kind: 'webhook.delivery', data: { webhookId: webhook.id, messageId, type: 'role.closed', body: eventBody('role.closed', new Date(), { orgId, roleId }) }, dedupeKey: `seed:${messageId}` });
  const [job] = await db.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, `seed:${messageId}`)).orderBy(desc(outboxMessages.createdAt));
  // Already given up on, so a retry by hand queues a fresh attempt.
  await db.update(outboxMessages).set({ status: 'failed', finishedAt: new Date() }).where(eq(outboxMessages.id, job!.id));
  const deliveryId = crypto.randomUUID();
  await insertDelivery(db, { id: deliveryId, orgId, webhookId: webhook.id, jobId: job!.id, messageId, type: 'role.closed', attempt: 1, status: 'failed', error: 'HTTP 500', responseStatus: 500, at: new Date() });
  return { webhookId: webhook.id, deliveryId };
}
