// /app/admin/erasure: pending erasure requests and the erase action, from the same use cases as
// GET /erasure-requests and POST /candidates/:candidateId/erase. Admins only.
import { z } from 'zod';
import type { App, Deps } from '../http/types.js';
import { runMutation } from '../plugins/idempotency.js';
import { formatTime } from '../pages/format.js';
import { html, type SafeHtml } from '../pages/html.js';
import { csrfField, layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { eraseCandidate } from './erasure.js';
import { pendingErasureRequests } from './erasure-requests.js';

type Pending = Awaited<ReturnType<typeof pendingErasureRequests>>;

export function erasurePage(props: { viewer: Viewer; requests: Pending; erased?: boolean }): SafeHtml {
  const body = html`<h1>Erasure requests</h1>
${props.erased ? html`<div class="notice" role="status">The candidate’s personal data and free text are erased. Anonymized funnel events and numeric ratings stay.</div>` : ''}
<p class="hint">Erasing removes the candidate’s name, email, every free text written about them and their self-identification answers, and revokes their links. It cannot be undone.</p>
${props.requests.length === 0
  ? html`<p>No request is waiting.</p>`
  : html`<div class="table-wrap"><table><caption>Pending requests, oldest first</caption><thead><tr><th scope="col">Requested</th><th scope="col">Candidate</th><th scope="col">Application</th><th scope="col">Action</th></tr></thead>
<tbody>${props.requests.map((r) => html`<tr><th scope="row">${formatTime(r.requestedAt)}</th><td><code>${r.candidateId}</code></td><td>${r.applicationId ? html`<code>${r.applicationId}</code>` : '–'}</td>
<td><form method="post" action="/app/admin/erasure/${r.candidateId}">${csrfField(props.viewer)}<button type="submit" class="danger">Erase<span class="visually-hidden"> candidate ${r.candidateId}</span></button></form></td></tr>`)}</tbody></table></div>`}`;
  return layout({ title: 'Erasure requests', viewer: props.viewer, body });
}

export async function erasurePages(app: App, deps: Deps) {
  const { db } = deps;
  const admin = pageFor(app, 'admin');
  app.get('/app/admin/erasure', { preHandler: admin, config: { page: true }, schema: { hide: true, querystring: z.object({ erased: z.literal('1').optional() }) } }, async (request, reply) => {
    const [viewer, requests] = await Promise.all([viewerOf(deps, request), pendingErasureRequests(db, request.staff.orgId)]);
    return sendPage(reply, erasurePage({ viewer, requests, erased: request.query.erased === '1' }));
  });

  app.post('/app/admin/erasure/:candidateId', { preHandler: admin, config: { page: true }, schema: { hide: true, params: z.object({ candidateId: z.uuid() }) } }, async (request, reply) => {
    await runMutation(db, request, 200, (tx) => eraseCandidate(tx, request.staff, request.params.candidateId));
    return reply.redirect('/app/admin/erasure?erased=1', 303);
  });
}
