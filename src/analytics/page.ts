// /app/roles/:roleId/funnel: the funnel report of one role as a chart and a table, from the same
// use case and permission as GET /analytics/funnel, with the date filter and the exports' links.
import { z } from 'zod';
import { Problem, notFound } from '../errors.js';
import { dateTime, text } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { barChart } from '../pages/charts.js';
import { formatNumber } from '../pages/format.js';
import { errorFor, errorSummary, fieldId, type FieldErrors } from '../pages/forms.js';
import { html, type SafeHtml } from '../pages/html.js';
import { layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { findRole } from '../roles/read.js';
import { refreshStaleFlags } from '../synthesis/load.js';
import { funnelReport } from './funnel.js';
import { filterOf } from './routes.js';

type Funnel = Awaited<ReturnType<typeof funnelReport>>['roles'][number];

/** A date field (YYYY-MM-DD) as the API's date-time: from = start of that day, to = end of it (UTC). */
export function dayFilter(query: { from?: string; to?: string }): { value: { from?: string; to?: string }; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const value: { from?: string; to?: string } = {};
  for (const key of ['from', 'to'] as const) {
    const raw = query[key]?.trim();
    if (!raw) continue;
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? (key === 'from' ? `${raw}T00:00:00Z` : new Date(Date.parse(`${raw}T00:00:00Z`) + 86_400_000).toISOString()) : raw;
    if (!dateTime.safeParse(iso).success || Number.isNaN(Date.parse(iso))) errors[key] = `Enter the ${key === 'from' ? 'first' : 'last'} day as a date, for example 2026-01-31.`;
    else value[key] = iso;
  }
  if (!errors.from && !errors.to && value.from && value.to && value.from >= value.to) errors.from = 'The first day must be on or before the last day.';
  return { value, errors };
}

export const dayQuery = z.object({ from: text({ max: 40, min: 0 }).optional(), to: text({ max: 40, min: 0 }).optional() });

export function dateFilterForm(action: string, query: { from?: string; to?: string }, errors: FieldErrors, extra?: SafeHtml): SafeHtml {
  return html`<form method="get" action="${action}" class="filters">
${errorSummary(errors)}
<fieldset><legend>Applications created between</legend>
${extra ?? ''}
<div class="${errors.from ? 'has-error' : ''}"><label for="${fieldId('from')}">First day (UTC)</label>${errorFor(errors, 'from')}
<input type="date" id="${fieldId('from')}" name="from" value="${query.from ?? ''}"${errors.from ? html` aria-describedby="${fieldId('from')}-error"` : ''}></div>
<div class="${errors.to ? 'has-error' : ''}"><label for="${fieldId('to')}">Last day (UTC)</label>${errorFor(errors, 'to')}
<input type="date" id="${fieldId('to')}" name="to" value="${query.to ?? ''}"${errors.to ? html` aria-describedby="${fieldId('to')}-error"` : ''}></div>
<button type="submit">Apply</button>
</fieldset>
</form>`;
}

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const hours = (v: number | null) => (v === null ? '–' : `${formatNumber(v, 1)} h`);

export function funnelPage(props: { viewer: Viewer; role: { id: string; title: string }; funnel: Funnel | undefined; query: { from?: string; to?: string }; filter: { from?: string; to?: string }; errors: FieldErrors }): SafeHtml {
  const { role, funnel } = props;
  const params = new URLSearchParams({ roleId: role.id, ...props.filter });
  const steps = funnel?.steps ?? [];
  const body = html`<h1>Funnel: ${role.title}</h1>
<p><a href="/app/roles/${role.id}/calibration">Calibration of this role</a></p>
${dateFilterForm(`/app/roles/${role.id}/funnel`, props.query, props.errors)}
${Object.keys(props.errors).length
  ? ''
  : html`<p>Download every step visit (anonymized): <a href="/exports/funnel?${params.toString()}&amp;format=csv" download>CSV</a> · <a href="/exports/funnel?${params.toString()}&amp;format=ndjson" download>NDJSON</a></p>
<dl class="facts"><dt>Applications</dt><dd>${funnel?.applications ?? 0}</dd><dt>Hires</dt><dd>${funnel?.hires ?? 0}</dd>
<dt>Median time to decision</dt><dd>${hours(funnel?.medianTimeToDecisionHours ?? null)} <span class="hint">(last scorecard to first decision)</span></dd></dl>
<h2>Per step</h2>
${steps.length === 0
  ? html`<p>No application of this role was created in this period.</p>`
  : html`<div class="chart-and-table">${barChart({
      title: `Applications per step of ${role.title}: entered, passed, rejected, withdrawn`,
      rows: steps.map((s) => ({ label: s.stepName, values: [s.entered, s.passed, s.rejected, s.withdrawn] })),
      series: [
        { label: 'Entered', className: 's1' },
        { label: 'Passed', className: 's2' },
        { label: 'Rejected', className: 's3' },
        { label: 'Withdrawn', className: 's4' },
      ],
    })}
<div class="table-wrap"><table id="funnel-table"><caption>Per step</caption><thead><tr><th scope="col">Step</th><th scope="col">Entered</th><th scope="col">Passed</th><th scope="col">Rejected</th><th scope="col">Withdrawn</th><th scope="col">Pass-through</th><th scope="col">Median time in step</th><th scope="col">p90 time in step</th></tr></thead>
<tbody>${steps.map((s) => html`<tr><th scope="row">${s.stepName}</th><td data-col="entered">${s.entered}</td><td data-col="passed">${s.passed}</td><td data-col="rejected">${s.rejected}</td><td data-col="withdrawn">${s.withdrawn}</td><td>${pct(s.passThroughRate)}</td><td>${hours(s.medianHoursInStep)}</td><td>${hours(s.p90HoursInStep)}</td></tr>`)}</tbody></table></div></div>`}`}`;
  return layout({ title: `Funnel: ${role.title}`, viewer: props.viewer, body });
}

export async function funnelPages(app: App, deps: Deps) {
  const { db, database, config, synthesis } = deps;
  app.get(
    '/app/roles/:roleId/funnel',
    { preHandler: pageFor(app, 'recruiter'), config: { page: true }, schema: { hide: true, params: z.object({ roleId: z.uuid() }), querystring: dayQuery } },
    async (request, reply) => {
      const { orgId } = request.staff;
      const role = await findRole(db, orgId, request.params.roleId);
      if (!role) throw notFound('role');
      const viewer = await viewerOf(deps, request);
      const { value, errors } = dayFilter(request.query);
      let funnel: Funnel | undefined;
      if (Object.keys(errors).length === 0) {
        try {
          const filter = filterOf(orgId, { roleId: role.id, ...value });
          await refreshStaleFlags(db, orgId, role.id, synthesis);
          funnel = (await funnelReport(database, filter, config.lateFeedbackHours)).roles.find((r) => r.roleId === role.id);
        } catch (error) {
          if (!(error instanceof Problem) || error.status !== 400) throw error;
          errors.from = error.message;
        }
      }
      const status = Object.keys(errors).length ? 400 : 200;
      return sendPage(reply, funnelPage({ viewer, role, funnel, query: request.query, filter: value, errors }), status);
    },
  );
}
