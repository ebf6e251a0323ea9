// /app/admin/webhooks: register (the secret shown once, on the answer to the form), list, delete,
// and each webhook's deliveries with a manual retry; same use cases as the /webhooks routes. Admins only.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound, Problem } from '../errors.js';
import type { App, Deps } from '../http/types.js';
import { eventTypes } from '../notifications/events.js';
import { formatTime } from '../pages/format.js';
import { describedBy, errorFor, errorSummary, fieldErrors, fieldId, type FieldErrors } from '../pages/forms.js';
import { html, type SafeHtml } from '../pages/html.js';
import { csrfField, layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { findWebhook, listDeliveries, listWebhooks } from './queries.js';
import { createWebhookBody, toDelivery, toWebhook } from './schemas.js';
import { registerWebhook, removeWebhook, retryDelivery } from './usecases.js';

type Webhook = ReturnType<typeof toWebhook>;
const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const LIMIT = 100;

export function webhooksPage(props: { viewer: Viewer; webhooks: Webhook[]; values?: { url?: string; events?: string[] }; errors?: FieldErrors; created?: { webhook: Webhook; secret: string | null }; notice?: string }): SafeHtml {
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const body = html`<h1>Webhooks</h1>
${props.notice ? html`<div class="notice" role="status">${props.notice}</div>` : ''}
${props.created?.secret
  ? html`<div class="notice" role="status"><h2>Webhook registered</h2><p>Copy the signing secret now: it is shown only this once. Use it to verify the <code>webhook-signature</code> header of each delivery to ${props.created.webhook.url}.</p><code class="secret">${props.created.secret}</code></div>`
  : ''}
<h2>Register a webhook</h2>
<form method="post" action="/app/admin/webhooks" novalidate>${csrfField(props.viewer)}
${errorSummary(errors)}
<div class="${errors.url ? 'has-error' : ''}"><label for="${fieldId('url')}">URL</label><p class="hint" id="url-hint">An https address on the public internet.</p>${errorFor(errors, 'url')}<input type="url" id="${fieldId('url')}" name="url" value="${values.url ?? ''}"${describedBy(errors, 'url', 'url-hint')}></div>
<fieldset id="${fieldId('events')}" class="${errors.events ? 'has-error' : ''}"${describedBy(errors, 'events')}><legend>Events</legend>${errorFor(errors, 'events')}
${eventTypes.map((e) => html`<div class="choice"><input type="checkbox" id="ev-${e}" name="events" value="${e}"${values.events?.includes(e) ? html` checked` : ''}><label for="ev-${e}">${e}</label></div>`)}
</fieldset>
<button type="submit">Register</button></form>
<h2>Registered</h2>
${props.webhooks.length === 0
  ? html`<p>No webhook yet.</p>`
  : html`<div class="table-wrap"><table><caption>Webhooks, newest first</caption><thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Registered</th><th scope="col">Actions</th></tr></thead>
<tbody>${props.webhooks.map((w) => html`<tr><th scope="row">${w.url}</th><td>${w.events.join(', ')}</td><td>${formatTime(w.createdAt)}</td><td><a href="/app/admin/webhooks/${w.id}">Deliveries<span class="visually-hidden"> to ${w.url}</span></a>
<form method="post" action="/app/admin/webhooks/${w.id}/delete" class="inline">${csrfField(props.viewer)}<button type="submit" class="danger">Delete<span class="visually-hidden"> ${w.url}</span></button></form></td></tr>`)}</tbody></table></div>`}`;
  return layout({ title: 'Webhooks', viewer: props.viewer, body });
}

export function deliveriesPage(props: { viewer: Viewer; webhook: Webhook; deliveries: ReturnType<typeof toDelivery>[]; notice?: string }): SafeHtml {
  const { webhook } = props;
  const body = html`<p><a href="/app/admin/webhooks">All webhooks</a></p><h1>Deliveries to ${webhook.url}</h1>
${props.notice ? html`<div class="notice" role="status">${props.notice}</div>` : ''}
${props.deliveries.length === 0
  ? html`<p>Nothing delivered yet.</p>`
  : html`<div class="table-wrap"><table><caption>Delivery attempts, newest first</caption><thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Attempt</th><th scope="col">Status</th><th scope="col">Error</th><th scope="col">Action</th></tr></thead>
<tbody>${props.deliveries.map((d) => html`<tr><th scope="row">${formatTime(d.at)}</th><td>${d.type}</td><td>${d.attempt}</td><td><span class="tag ${d.status === 'delivered' ? 'good' : d.status === 'failed' ? 'bad' : 'warn'}">${d.status}</span></td><td>${d.error ?? ''}</td>
<td><form method="post" action="/app/admin/webhooks/${webhook.id}/deliveries/${d.id}/retry" class="inline">${csrfField(props.viewer)}<button type="submit" class="secondary">Retry<span class="visually-hidden"> attempt ${d.attempt} of ${d.type}</span></button></form></td></tr>`)}</tbody></table></div>`}`;
  return layout({ title: 'Webhook deliveries', viewer: props.viewer, body });
}

export async function webhookPages(app: App, deps: Deps) {
  const { db, config } = deps;
  const admin = pageFor(app, 'admin');
  const page = { page: true } as const;
  const render = async (request: FastifyRequest, extra: Omit<Parameters<typeof webhooksPage>[0], 'viewer' | 'webhooks'>) => {
    const [viewer, rows] = await Promise.all([viewerOf(deps, request), listWebhooks(db, request.staff.orgId, LIMIT)]);
    return webhooksPage({ viewer, webhooks: rows.slice(0, LIMIT).map(toWebhook), ...extra });
  };

  app.get('/app/admin/webhooks', { preHandler: admin, config: page, schema: { hide: true, querystring: z.object({ deleted: z.literal('1').optional() }) } }, async (request, reply) =>
    sendPage(reply, await render(request, { notice: request.query.deleted ? 'The webhook is deleted; pending deliveries to it are dropped.' : undefined })),
  );

  app.post('/app/admin/webhooks', { preHandler: admin, config: page, schema: { hide: true, body: formBody } }, async (request, reply) => {
    const raw = request.body;
    const url = typeof raw.url === 'string' ? raw.url.trim() : '';
    const events = raw.events === undefined ? [] : Array.isArray(raw.events) ? raw.events : [raw.events];
    const values = { url, events };
    const parsed = createWebhookBody.safeParse({ url, events });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      for (const key of Object.keys(errors)) if (key.startsWith('events')) delete errors[key];
      if (parsed.error.issues.some((i) => i.path[0] === 'events')) errors.events = 'Choose at least one event';
      if (errors.url) errors.url = 'Enter the URL that will receive the webhooks';
      return sendPage(reply, await render(request, { values, errors }), 400);
    }
    try {
      // The answer to this post is the only place the secret appears: no redirect, nothing stored.
      const result = await registerWebhook(db, config, request, parsed.data);
      return sendPage(reply, await render(request, { created: result.body }), 201);
    } catch (error) {
      if (error instanceof Problem && error.status === 422) return sendPage(reply, await render(request, { values, errors: { url: error.detail } }), 422);
      throw error;
    }
  });

  app.post('/app/admin/webhooks/:webhookId/delete', { preHandler: admin, config: page, schema: { hide: true, params: z.object({ webhookId: z.uuid() }) } }, async (request, reply) => {
    await removeWebhook(db, request, request.params.webhookId);
    return reply.redirect('/app/admin/webhooks?deleted=1', 303);
  });

  app.get(
    '/app/admin/webhooks/:webhookId',
    { preHandler: admin, config: page, schema: { hide: true, params: z.object({ webhookId: z.uuid() }), querystring: z.object({ retried: z.literal('1').optional() }) } },
    async (request, reply) => {
      const { orgId } = request.staff;
      const row = await findWebhook(db, orgId, request.params.webhookId);
      if (!row) throw notFound('webhook');
      const [viewer, deliveries] = await Promise.all([viewerOf(deps, request), listDeliveries(db, orgId, row.id, LIMIT)]);
      return sendPage(reply, deliveriesPage({ viewer, webhook: toWebhook(row), deliveries: deliveries.slice(0, LIMIT).map(toDelivery), notice: request.query.retried ? 'The delivery is queued to be sent again, with the same webhook-id.' : undefined }));
    },
  );

  app.post(
    '/app/admin/webhooks/:webhookId/deliveries/:deliveryId/retry',
    { preHandler: admin, config: page, schema: { hide: true, params: z.object({ webhookId: z.uuid(), deliveryId: z.uuid() }) } },
    async (request, reply) => {
      await retryDelivery(db, request, request.params.webhookId, request.params.deliveryId);
      return reply.redirect(`/app/admin/webhooks/${request.params.webhookId}?retried=1`, 303);
    },
  );
}
