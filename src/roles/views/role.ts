import type { z } from 'zod';
import type { FieldErrors } from '../../pages/forms.js';
import { formProblem, inputField, one, selectField, summaryOf, textArea, type FormValues } from '../../pages/fields.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField, layout, type Viewer } from '../../pages/layout.js';
import type { ReadinessReason } from '../readiness.js';
import type { roleDetailSchema } from '../schemas.js';
import { criteriaSection, metricsSection, stepsSection } from './design.js';
import type { Person } from './new.js';

export type RoleDetail = z.infer<typeof roleDetailSchema>;

export interface RolePageProps {
  viewer: Viewer;
  role: RoleDetail;
  people: Person[];
  /** Readiness is shown to recruiters (as GET /roles/:id/readiness is theirs). */
  readiness?: { ready: boolean; reasons: ReadinessReason[] };
  editable: boolean;
  seesPipeline: boolean;
  errors?: FieldErrors;
  /** The values of the form that failed, kept as typed. */
  failed?: { form: string; values: FormValues };
}

/** Where each readiness reason is fixed, on this page. */
export function fixAnchor(reason: ReadinessReason): string {
  const first = reason.ids[0];
  switch (reason.code) {
    case 'NO_DECISION_OWNER':
      return '#f-role-decisionOwnerId';
    case 'NO_SUCCESS_METRIC':
      return '#add-metric';
    case 'NO_CRITERION':
      return '#add-criterion';
    case 'CRITERION_WITHOUT_METRIC':
    case 'CRITERION_ANCHORS_INCOMPLETE':
      return `#criterion-${first}`;
    case 'CRITERION_NOT_ASSESSED':
      return '#steps';
    case 'NO_STEP':
      return '#add-step';
    case 'STEP_WITHOUT_BRIEFING':
      return `#step-${first}`;
    case 'STEP_WITHOUT_INTERVIEWERS':
    case 'INTERVIEWER_WITHOUT_CRITERIA':
    case 'UNKNOWN_INTERVIEWER':
      return `#matrix-${first}`;
  }
}

const statusTag = { draft: 'warn', open: 'good', closed: '' } as const;

export function valuesFor(props: RolePageProps, form: string, defaults: FormValues): FormValues {
  return props.failed?.form === form ? props.failed.values : defaults;
}

function readinessSection(props: RolePageProps): SafeHtml | '' {
  const { readiness, role, viewer, errors = {} } = props;
  if (!readiness) return '';
  const actions =
    role.status === 'draft' && props.editable
      ? html`<form method="post" action="/app/roles/${role.id}/open">${csrfField(viewer)}${formProblem(errors, 'open')}<button type="submit">Open the role</button></form>`
      : role.status === 'open' && props.editable
        ? html`<form method="post" action="/app/roles/${role.id}/close">${csrfField(viewer)}${formProblem(errors, 'close')}<button type="submit" class="danger">Close the role</button></form>`
        : '';
  return html`<section aria-labelledby="readiness"><h2 id="readiness">Ready to open?</h2>
${readiness.ready
  ? html`<p class="notice" id="checklist-complete">The checklist is complete: every criterion is anchored and tied to a success metric, and every step is framed.</p>`
  : html`<p>Before the role opens:</p><ul id="checklist">${readiness.reasons.map((r) => html`<li><a href="${fixAnchor(r)}">${r.message}</a></li>`)}</ul>`}
${actions}</section>`;
}

function roleFields(props: RolePageProps): SafeHtml {
  const { role, viewer, people, errors = {} } = props;
  const owner = people.find((p) => p.id === role.decisionOwnerId);
  if (!props.editable) {
    return html`<section aria-labelledby="about"><h2 id="about">About the role</h2><dl class="facts">
<dt>Level</dt><dd>${role.level ?? '–'}</dd><dt>Team</dt><dd>${role.team ?? '–'}</dd>
<dt>Decision owner</dt><dd>${owner?.name ?? 'Not named yet'}</dd>
<dt>Hiring statement</dt><dd>${role.hiringStatement ?? '–'}</dd>
<dt>Scale</dt><dd>${role.scale.map((s) => `${s.level} ${s.label}`).join(' · ')}</dd></dl></section>`;
  }
  const v = valuesFor(props, 'role', { title: role.title, level: role.level ?? '', team: role.team ?? '', hiringStatement: role.hiringStatement ?? '', decisionOwnerId: role.decisionOwnerId ?? '' });
  return html`<section aria-labelledby="about"><h2 id="about">About the role</h2>
<form method="post" action="/app/roles/${role.id}" novalidate>${csrfField(viewer)}
${formProblem(errors, 'role')}
${inputField({ form: 'role', name: 'title', label: 'Title', value: one(v.title), errors, required: true })}
${inputField({ form: 'role', name: 'level', label: 'Level', value: one(v.level), errors })}
${inputField({ form: 'role', name: 'team', label: 'Team', value: one(v.team), errors })}
${textArea({ form: 'role', name: 'hiringStatement', label: 'Hiring statement', value: one(v.hiringStatement), errors })}
${selectField({ form: 'role', name: 'decisionOwnerId', label: 'Decision owner', hint: 'The one person accountable for the hiring decision.', blank: 'Not named yet', options: people.map((p) => ({ value: p.id, label: p.name })), value: one(v.decisionOwnerId), errors })}
<p class="muted">Scale: ${role.scale.map((s) => `${s.level} ${s.label}`).join(' · ')}</p>
<button type="submit">Save the role</button>
</form></section>`;
}

export function rolePage(props: RolePageProps) {
  const { role, errors = {} } = props;
  return layout({
    title: role.title,
    viewer: props.viewer,
    body: html`<p><a href="/app/roles">All roles</a></p>
<h1>${role.title} <span class="tag ${statusTag[role.status]}">${role.status}</span></h1>
${summaryOf(errors)}
${props.seesPipeline && role.status !== 'draft' ? html`<p><a href="/app/roles/${role.id}/pipeline">Pipeline</a></p>` : ''}
${readinessSection(props)}
${roleFields(props)}
${metricsSection(props)}
${criteriaSection(props)}
${stepsSection(props)}`,
  });
}
