// /app/admin/audit: the audit log with the API's filters (entity, entityId) and cursor paging,
// from the same query as GET /audit. Admins only.
import type { z } from 'zod';
import type { App, Deps } from '../http/types.js';
import { formatTime } from '../pages/format.js';
import { errorFor, errorSummary, fieldErrors, fieldId, type FieldErrors } from '../pages/forms.js';
import { html, type SafeHtml } from '../pages/html.js';
import { layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { auditEntries, auditQuery } from './routes.js';

type Entries = Awaited<ReturnType<typeof auditEntries>>;
const PAGE_SIZE = 50;

const payload = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 1));

export function auditPage(props: { viewer: Viewer; query: { entity?: string; entityId?: string }; entries?: Entries; errors: FieldErrors }): SafeHtml {
  const { query, entries, errors } = props;
  const next = entries?.nextCursor ? new URLSearchParams({ ...(query.entity ? { entity: query.entity } : {}), ...(query.entityId ? { entityId: query.entityId } : {}), cursor: entries.nextCursor }) : undefined;
  const body = html`<h1>Audit log</h1>
<form method="get" action="/app/admin/audit">${errorSummary(errors)}
<fieldset><legend>Filter</legend>
<div class="${errors.entity ? 'has-error' : ''}"><label for="${fieldId('entity')}">Entity</label><p class="hint" id="entity-hint">For example application, role, user, candidate</p>${errorFor(errors, 'entity')}<input type="text" id="${fieldId('entity')}" name="entity" value="${query.entity ?? ''}" aria-describedby="entity-hint"></div>
<div class="${errors.entityId ? 'has-error' : ''}"><label for="${fieldId('entityId')}">Entity id</label>${errorFor(errors, 'entityId')}<input type="text" id="${fieldId('entityId')}" name="entityId" value="${query.entityId ?? ''}"></div>
<button type="submit">Filter</button> <a href="/app/admin/audit">Clear</a></fieldset></form>
${entries
  ? entries.items.length === 0
    ? html`<p>No entry matches.</p>`
    : html`<div class="table-wrap"><table><caption>Audit entries, newest first</caption><thead><tr><th scope="col">When</th><th scope="col">Action</th><th scope="col">Entity</th><th scope="col">Actor</th><th scope="col">Change</th></tr></thead>
<tbody>${entries.items.map((e) => html`<tr><th scope="row">${formatTime(e.at)}</th><td>${e.action}</td><td>${e.entity}${e.entityId ? html`<br><a href="/app/admin/audit?entity=${encodeURIComponent(e.entity)}&amp;entityId=${encodeURIComponent(e.entityId)}"><code>${e.entityId}</code></a>` : ''}</td><td>${e.actorId ? html`<code>${e.actorId}</code>` : 'system or candidate'}</td>
<td>${e.before || e.after ? html`<details><summary>Before and after</summary><pre class="payload">${payload(e.before)}\n→\n${payload(e.after)}</pre></details>` : ''}</td></tr>`)}</tbody></table></div>
${next ? html`<p><a href="/app/admin/audit?${next.toString()}">Older entries</a></p>` : ''}`
  : ''}`;
  return layout({ title: 'Audit log', viewer: props.viewer, body });
}

export async function auditPages(app: App, deps: Deps) {
  app.get('/app/admin/audit', { preHandler: pageFor(app, 'admin'), config: { page: true }, schema: { hide: true } }, async (request, reply) => {
    const raw = Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>;
    const parsed = auditQuery.safeParse({ ...raw, limit: raw.limit ?? String(PAGE_SIZE) });
    const viewer = await viewerOf(deps, request);
    const query = { entity: raw.entity, entityId: raw.entityId };
    if (!parsed.success) return sendPage(reply, auditPage({ viewer, query, errors: fieldErrors(parsed.error) }), 400);
    const entries = await auditEntries(deps.db, request.staff.orgId, parsed.data as z.infer<typeof auditQuery>);
    return sendPage(reply, auditPage({ viewer, query, entries, errors: {} }));
  });
}
