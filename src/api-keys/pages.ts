import { z } from 'zod';
import type { App, Deps } from '../http/types.js';
import { describedBy, errorFor, errorSummary, fieldErrors, fieldId, type FieldErrors } from '../pages/forms.js';
import { formatTime } from '../pages/format.js';
import { html } from '../pages/html.js';
import { csrfField, layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { listApiKeys } from './queries.js';
import { createApiKeyBody, toApiKey, type apiKeySchema } from './schemas.js';
import { issueApiKey, withdrawApiKey } from './usecases.js';

type ApiKey = z.infer<typeof apiKeySchema>;

/** /app/settings/api-keys: a person's own keys, through the same use cases as /me/api-keys. */
export async function apiKeyPages(app: App, deps: Deps) {
  const { db } = deps;
  const settings = { page: true } as const;
  const page = async (request: Parameters<typeof viewerOf>[1], extra: { created?: string; errors?: FieldErrors; name?: string; expiresOn?: string } = {}) => {
    const [viewer, rows] = await Promise.all([viewerOf(deps, request), listApiKeys(db, request.staff)]);
    return apiKeysPage({ viewer, keys: rows.map(toApiKey), ...extra });
  };

  app.get('/app/settings/api-keys', { preHandler: pageFor(app), config: settings, schema: { hide: true } }, async (request, reply) => sendPage(reply, await page(request)));

  app.post('/app/settings/api-keys', { preHandler: pageFor(app), config: settings, schema: { hide: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const name = typeof form.name === 'string' ? form.name : '';
    const expiresOn = typeof form.expiresOn === 'string' ? form.expiresOn : '';
    // A date field gives a day: the key works until the end of it (UTC).
    const parsed = createApiKeyBody.safeParse({ name, ...(expiresOn ? { expiresAt: `${expiresOn}T23:59:59Z` } : {}) });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const personal: FieldErrors = {};
      if (errors.name) personal.name = 'Enter a name for the key, at most 100 characters';
      if (errors.expiresAt) personal.expiresOn = 'Enter a date in the future, or leave it empty';
      return sendPage(reply, await page(request, { errors: personal, name, expiresOn }), 400);
    }
    const { key } = await issueApiKey(db, request.staff, parsed.data);
    // Shown on this response only: it is never stored or shown again.
    return sendPage(reply, await page(request, { created: key }), 201);
  });

  app.post('/app/settings/api-keys/:keyId/revoke', { preHandler: pageFor(app), config: settings, schema: { hide: true, params: z.object({ keyId: z.uuid() }) } }, async (request, reply) => {
    await withdrawApiKey(db, request.staff, request.params.keyId);
    return reply.header('cache-control', 'no-store').redirect('/app/settings/api-keys', 303);
  });
}

function apiKeysPage(props: { viewer: Viewer; keys: ApiKey[]; created?: string; errors?: FieldErrors; name?: string; expiresOn?: string }) {
  const errors = props.errors ?? {};
  const live = props.keys.filter((k) => !k.revokedAt);
  return layout({
    title: 'API keys',
    viewer: props.viewer,
    body: html`<h1>API keys</h1>
<p>A personal API key lets a script act as you, with your current permissions: send it as <code>Authorization: Bearer &lt;key&gt;</code>. Revoke a key you no longer use.</p>
${props.created
  ? html`<div class="notice" role="status"><p><strong>Your new key.</strong> Copy it now: it is shown only this once.</p><code class="secret" id="new-key">${props.created}</code><button type="button" class="secondary" data-copy="new-key" hidden>Copy</button></div>`
  : ''}
<h2>Create a key</h2>
${errorSummary(errors)}
<form method="post" action="/app/settings/api-keys" novalidate>
${csrfField(props.viewer)}
<div class="${errors.name ? 'has-error' : ''}">
<label for="${fieldId('name')}">Name</label>
<p class="hint" id="name-hint">What the key is for, e.g. “Nightly funnel export”.</p>
${errorFor(errors, 'name')}
<input type="text" id="${fieldId('name')}" name="name" value="${props.name ?? ''}"${describedBy(errors, 'name', 'name-hint')}>
</div>
<div class="${errors.expiresOn ? 'has-error' : ''}">
<label for="${fieldId('expiresOn')}">Expires on (optional)</label>
<p class="hint" id="expires-hint">The key stops working at the end of this day (UTC). Leave empty for a key that works until revoked.</p>
${errorFor(errors, 'expiresOn')}
<input type="date" id="${fieldId('expiresOn')}" name="expiresOn" value="${props.expiresOn ?? ''}"${describedBy(errors, 'expiresOn', 'expires-hint')}>
</div>
<button type="submit">Create key</button>
</form>
<h2>Your keys</h2>
${props.keys.length === 0
  ? html`<p>You have no API keys.</p>`
  : html`<div class="table-wrap"><table class="stack"><caption class="visually-hidden">Your API keys</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Status</th></tr></thead>
<tbody>${props.keys.map(
      (k) => html`<tr><th scope="row">${k.name}</th><td data-label="Starts with"><code>${k.prefix}…</code></td><td data-label="Created">${formatTime(k.createdAt)}</td><td data-label="Expires">${k.expiresAt ? formatTime(k.expiresAt) : 'Never'}</td><td data-label="Last used">${k.lastUsedAt ? formatTime(k.lastUsedAt) : 'Never'}</td>
<td data-label="Status">${k.revokedAt ? html`Revoked ${formatTime(k.revokedAt)}` : html`<form method="post" action="/app/settings/api-keys/${k.id}/revoke">${csrfField(props.viewer)}<button type="submit" class="danger" aria-label="Revoke ${k.name}">Revoke</button></form>`}</td></tr>`,
    )}</tbody></table></div>`}
<p class="muted">${live.length} active key${live.length === 1 ? '' : 's'}.</p>`,
  });
}
