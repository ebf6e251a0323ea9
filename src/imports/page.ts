// /app/admin/imports: upload an export (multipart, same use case as POST /imports), and the
// imports with their status, counts and skipped records (same records as GET /imports). Admins only.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { importSources } from '../db/schema.js';
import { Problem } from '../errors.js';
import type { App, Deps } from '../http/types.js';
import { formatTime } from '../pages/format.js';
import { errorSummary, fieldId, type FieldErrors } from '../pages/forms.js';
import { html, type SafeHtml } from '../pages/html.js';
import { layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { listImports } from './queries.js';
import { toImport } from './schemas.js';
import { requiredFiles } from './sources/index.js';
import { ENDPOINTS } from './upload.js';

type Import = ReturnType<typeof toImport>;
const SHOWN_SKIPS = 20;
const sum = (counts: Record<string, number | undefined>) => Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);

export function importsPage(props: { viewer: Viewer; imports: Import[]; errors?: FieldErrors; started?: boolean }): SafeHtml {
  const errors = props.errors ?? {};
  const body = html`<h1>Imports</h1>
${props.started ? html`<div class="notice" role="status">The import has started. Reload this page to follow it.</div>` : ''}
<h2>Import scorecard history</h2>
<form method="post" action="/app/admin/imports?_csrf=${encodeURIComponent(props.viewer.csrfToken)}" enctype="multipart/form-data">
${errorSummary(errors)}
<div class="${errors.source ? 'has-error' : ''}"><label for="${fieldId('source')}">Source</label>
<select id="${fieldId('source')}" name="source">${importSources.map((s) => html`<option value="${s}">${s}</option>`)}</select></div>
<fieldset><legend>Files, one per endpoint (.json or .ndjson)</legend>
<ul class="hint">${importSources.map((s) => html`<li>${s}: ${requiredFiles[s].join(', ')}</li>`)}</ul>
${[...ENDPOINTS].map((name) => html`<div class="${errors[name] ? 'has-error' : ''}"><label for="${fieldId(name)}">${name}</label>${errors[name] ? html`<p class="field-error" id="${fieldId(name)}-error"><span class="visually-hidden">Error:</span> ${errors[name]}</p>` : ''}<input type="file" id="${fieldId(name)}" name="${name}" accept=".json,.ndjson,.jsonl"></div>`)}
</fieldset>
<button type="submit">Start import</button></form>
<h2>Imports so far</h2>
${props.imports.length === 0
  ? html`<p>No import yet.</p>`
  : props.imports.map((i) => html`<section class="card" aria-labelledby="imp-${i.importId}"><h3 id="imp-${i.importId}">${i.source}, ${formatTime(i.createdAt)}</h3>
<p>Status: <span class="tag ${i.status === 'completed' ? 'good' : i.status === 'failed' ? 'bad' : ''}">${i.status}</span>${i.finishedAt ? html`, finished ${formatTime(i.finishedAt)}` : ''}${i.error ? html`: ${i.error}` : ''}</p>
<dl class="facts"><dt>Created</dt><dd>${sum(i.created)}</dd><dt>Updated</dt><dd>${sum(i.updated)}</dd><dt>Drafts ignored</dt><dd>${i.ignored.drafts}</dd><dt>Skipped</dt><dd>${i.skipped.length}</dd></dl>
${i.skipped.length
  ? html`<details><summary>Skipped records</summary><div class="table-wrap"><table><caption>Skipped records${i.skipped.length > SHOWN_SKIPS ? ` (first ${SHOWN_SKIPS} of ${i.skipped.length})` : ''}</caption><thead><tr><th scope="col">File</th><th scope="col">Position</th><th scope="col">Reason</th></tr></thead>
<tbody>${i.skipped.slice(0, SHOWN_SKIPS).map((s) => html`<tr><th scope="row">${s.file}</th><td>${s.index}</td><td>${s.reason}</td></tr>`)}</tbody></table></div></details>`
  : ''}</section>`)}`;
  return layout({ title: 'Imports', viewer: props.viewer, body });
}

export async function importPages(app: App, deps: Deps, acceptUpload: (request: FastifyRequest) => Promise<{ importId: string }>) {
  const admin = pageFor(app, 'admin');
  const render = async (request: FastifyRequest, extra: { errors?: FieldErrors; started?: boolean }) => {
    const [viewer, rows] = await Promise.all([viewerOf(deps, request), listImports(deps.db, request.staff.orgId, { limit: 50 })]);
    return importsPage({ viewer, imports: rows.slice(0, 50).map(toImport), ...extra });
  };

  app.get('/app/admin/imports', { preHandler: admin, config: { page: true }, schema: { hide: true, querystring: z.object({ started: z.literal('1').optional() }) } }, async (request, reply) =>
    sendPage(reply, await render(request, { started: request.query.started === '1' })),
  );

  app.post('/app/admin/imports', { preHandler: admin, config: { page: true }, schema: { hide: true } }, async (request, reply) => {
    try {
      await acceptUpload(request);
    } catch (error) {
      if (!(error instanceof Problem) || ![400, 413, 415].includes(error.status)) throw error;
      const fields = ((error.extra.errors ?? []) as { path: string; message: string }[]).filter((e) => e.path === 'source' || ENDPOINTS.has(e.path));
      const errors: FieldErrors = fields.length ? Object.fromEntries(fields.map((e) => [e.path, e.path === 'source' ? 'Choose a source' : `${error.detail}`])) : { form: error.detail };
      return sendPage(reply, await render(request, { errors }), error.status);
    }
    return reply.redirect('/app/admin/imports?started=1', 303);
  });
}
