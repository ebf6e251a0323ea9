import type { FieldErrors } from '../../pages/forms.js';
import { formProblem, inputField, one, summaryOf, textArea, type FormValues } from '../../pages/fields.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField, layout, type Viewer } from '../../pages/layout.js';
import type { PipelineRow } from '../page-queries.js';

export interface PipelineProps {
  viewer: Viewer;
  role: { id: string; title: string; status: string };
  steps: { id: string; name: string }[];
  rows: PipelineRow[];
  canAdd: boolean;
  now: Date;
  errors?: FieldErrors;
  values?: FormValues;
}

const daysSince = (since: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000));

function flags(counts: Record<string, number>): SafeHtml {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return html`<span class="muted">none</span>`;
  return html`<span class="tag warn">${total}</span> <span class="muted">${entries.map(([code, n]) => `${code.toLowerCase().replaceAll('_', ' ')} ${n}`).join(', ')}</span>`;
}

function stageTable(title: string, id: string, rows: PipelineRow[], now: Date): SafeHtml {
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${title} <span class="muted">(${rows.length})</span></h2>
${rows.length === 0
  ? html`<p class="muted">Nobody in this stage.</p>`
  : html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">Candidate</th><th scope="col">Flags</th><th scope="col">Days in stage</th></tr></thead>
<tbody>${rows.map(
      (r) => html`<tr><td data-label="Candidate"><a href="/app/applications/${r.applicationId}">${r.candidateName ?? 'Candidate (erased)'}</a></td><td data-label="Flags">${flags(r.flagCounts)}</td><td data-label="Days in stage">${daysSince(r.since, now)}</td></tr>`,
    )}</tbody></table></div>`}</section>`;
}

export function pipelinePage(props: PipelineProps) {
  const { role, steps, rows, now, errors = {}, values = {} } = props;
  const active = rows.filter((r) => r.status === 'active');
  const unstaged = active.filter((r) => !r.currentStepId || !steps.some((s) => s.id === r.currentStepId));
  return layout({
    title: `Pipeline: ${role.title}`,
    viewer: props.viewer,
    body: html`<p><a href="/app/roles/${role.id}">${role.title}</a></p>
<h1>Pipeline: ${role.title}</h1>
${summaryOf(errors)}
${steps.map((s, i) => stageTable(s.name, `stage-${i + 1}`, active.filter((r) => r.currentStepId === s.id), now))}
${unstaged.length ? stageTable('Not in a plan step', 'stage-none', unstaged, now) : ''}
${stageTable('Hired', 'stage-hired', rows.filter((r) => r.status === 'hired'), now)}
${stageTable('Rejected', 'stage-rejected', rows.filter((r) => r.status === 'rejected'), now)}
${stageTable('Withdrawn', 'stage-withdrawn', rows.filter((r) => r.status === 'withdrawn'), now)}
${props.canAdd
  ? role.status === 'open'
    ? html`<section aria-labelledby="add-candidate"><h2 id="add-candidate">Add a candidate</h2>
<form method="post" action="/app/roles/${role.id}/pipeline" novalidate>${csrfField(props.viewer)}
${formProblem(errors, 'candidate')}
${inputField({ form: 'candidate', name: 'name', label: 'Name', value: one(values.name), errors, required: true })}
${inputField({ form: 'candidate', name: 'email', label: 'Email', type: 'email', value: one(values.email), errors, required: true })}
${inputField({ form: 'candidate', name: 'phone', label: 'Phone (optional)', value: one(values.phone), errors })}
${textArea({ form: 'candidate', name: 'notes', label: 'Notes (optional)', value: one(values.notes), errors })}
<button type="submit">Add the candidate to this role</button>
</form></section>`
    : html`<p class="notice">Candidates can be added while the role is open.</p>`
  : ''}`,
  });
}
