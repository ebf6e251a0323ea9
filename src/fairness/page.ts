// /app/fairness: the adverse-impact report of a chosen role as charts and tables (admin,
// compliance), from the same use case as GET /analytics/adverse-impact. Only counts per category
// appear here, never who answered what.
import { z } from 'zod';
import { dateFilterForm, dayFilter, dayQuery } from '../analytics/page.js';
import { Problem } from '../errors.js';
import { text } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { barChart } from '../pages/charts.js';
import { fieldId, type FieldErrors } from '../pages/forms.js';
import { html, type SafeHtml } from '../pages/html.js';
import { layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { listRoles } from '../roles/queries.js';
import { adverseImpactFor } from './routes.js';

type Report = Awaited<ReturnType<typeof adverseImpactFor>>;

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const p = (v: number | null) => (v === null ? '–' : v < 0.001 ? '< 0.001' : v.toFixed(3));

function stageBlock(question: Report['questions'][number], stage: Report['questions'][number]['stages'][number]) {
  const shown = stage.categories.filter((c) => !c.suppressed);
  return html`<h4>${stage.name}</h4>
${shown.length
  ? barChart({ title: `Selection rate per category of ${question.label} at ${stage.name}, with the four-fifths line of the highest rate`, rows: shown.map((c) => ({ label: c.label, values: [c.rate] })), series: [{ label: 'Selection rate', className: 's2' }], max: 1 })
  : ''}
<div class="table-wrap"><table><caption>${question.label}: ${stage.name}</caption><thead><tr><th scope="col">Category</th><th scope="col">Entered</th><th scope="col">Passed</th><th scope="col">Selection rate</th><th scope="col">Impact ratio</th><th scope="col">Four-fifths</th><th scope="col">Fisher p</th><th scope="col">Warning</th></tr></thead>
<tbody>${stage.categories.map((c) =>
  c.suppressed
    ? html`<tr><th scope="row">${c.label}</th><td colspan="7">fewer than 5</td></tr>`
    : html`<tr class="${c.belowFourFifths ? 'below-four-fifths' : ''}"><th scope="row">${c.label}${c.reference ? html` <span class="tag">reference</span>` : ''}</th><td>${c.entered}</td><td>${c.passed}</td><td>${pct(c.rate)}</td><td>${c.impactRatio === null ? '–' : c.impactRatio.toFixed(2)}</td><td>${c.belowFourFifths === null ? '–' : c.belowFourFifths ? html`<span class="tag bad">below four-fifths</span>` : 'at or above'}</td><td>${p(c.fisherP)}</td><td>${c.warning ?? ''}</td></tr>`,
)}</tbody></table></div>
<p class="hint">Not answered or preferred not to say: ${stage.notAnswered}.</p>`;
}

export function fairnessPage(props: { viewer: Viewer; roles: { id: string; title: string }[]; query: { roleId?: string; from?: string; to?: string }; report?: Report; errors: FieldErrors }): SafeHtml {
  const { report, errors } = props;
  const chooser = html`<div class="${errors.roleId ? 'has-error' : ''}"><label for="${fieldId('roleId')}">Role</label>${errors.roleId ? html`<p class="field-error" id="${fieldId('roleId')}-error"><span class="visually-hidden">Error:</span> ${errors.roleId}</p>` : ''}
<select id="${fieldId('roleId')}" name="roleId"><option value="">Choose a role</option>${props.roles.map((r) => html`<option value="${r.id}"${r.id === props.query.roleId ? html` selected` : ''}>${r.title}</option>`)}</select></div>`;
  const body = html`<h1>Fairness: adverse impact by step</h1>
<p class="hint">Selection rates per self-identified category at each step and for the whole process. A category passing at less than four-fifths of the highest rate is highlighted (29 CFR 1607.4(D)); Fisher’s exact test (two-sided) compares it with the highest-rate category. Categories with fewer than 5 people entering are not shown.</p>
${dateFilterForm('/app/fairness', props.query, errors, chooser)}
${report && props.viewer.permissions.includes('admin')
  ? html`<p><a href="/app/roles/${report.roleId}/funnel">Funnel of this role</a> · <a href="/app/roles/${report.roleId}/calibration">Calibration of this role</a></p>`
  : ''}
${report
  ? report.questions.map((q) => html`<section aria-labelledby="q-${q.questionId}"><h2 id="q-${q.questionId}">${q.label}</h2>${q.stages.map((s) => stageBlock(q, s))}</section>`)
  : ''}`;
  return layout({ title: 'Fairness', viewer: props.viewer, body });
}

export async function fairnessPages(app: App, deps: Deps) {
  app.get(
    '/app/fairness',
    { preHandler: pageFor(app, 'admin', 'compliance'), config: { page: true }, schema: { hide: true, querystring: dayQuery.extend({ roleId: text({ max: 100, min: 0 }).optional() }) } },
    async (request, reply) => {
      const { orgId } = request.staff;
      const [viewer, roleRows] = await Promise.all([viewerOf(deps, request), listRoles(deps.db, orgId, { limit: 500 })]);
      const roles = roleRows.map((r) => ({ id: r.id, title: r.title }));
      const { value, errors } = dayFilter(request.query);
      const roleId = request.query.roleId;
      let report: Report | undefined;
      if (roleId !== undefined && !roles.some((r) => r.id === roleId)) errors.roleId = 'Choose a role from the list.';
      if (roleId && Object.keys(errors).length === 0) {
        try {
          report = await adverseImpactFor(deps, orgId, { roleId, ...value });
        } catch (error) {
          if (!(error instanceof Problem) || error.status !== 400) throw error;
          errors.from = error.detail;
        }
      }
      return sendPage(reply, fairnessPage({ viewer, roles, query: request.query, report, errors }), Object.keys(errors).length ? 400 : 200);
    },
  );
}
