// The design sections of the role page: success metrics, criteria with anchors, steps with their
// briefing and assignment matrix. Editable for recruiters; read-only text for everyone else.
import { stepKinds } from '../../db/schema.js';
import { fieldId } from '../../pages/forms.js';
import { formProblem, inputField, many, one, selectField, textArea, type FormValues } from '../../pages/fields.js';
import { html, when, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../../pages/layout.js';
import { valuesFor, type RoleDetail, type RolePageProps } from './role.js';

type Metric = RoleDetail['successMetrics'][number];
type Criterion = RoleDetail['criteria'][number];
type Step = RoleDetail['steps'][number];

const kindLabels: Record<(typeof stepKinds)[number], string> = {
  screen: 'Screen',
  interview: 'Interview',
  work_sample: 'Work sample',
  working_session: 'Working session',
  panel: 'Panel',
  social: 'Social',
  debrief: 'Debrief',
};

function deleteButton(props: RolePageProps, action: string, label: string): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">${csrfField(props.viewer)}<button type="submit" class="danger">${label}</button></form>`;
}

// ---- success metrics ---------------------------------------------------------------------------

function metricFields(props: RolePageProps, form: string, v: FormValues): SafeHtml {
  const errors = props.errors ?? {};
  return html`${formProblem(errors, form)}
${inputField({ form, name: 'name', label: 'Name', value: one(v.name), errors, required: true })}
${textArea({ form, name: 'description', label: 'Description (optional)', value: one(v.description), errors })}
${inputField({ form, name: 'measurement', label: 'How it is measured', value: one(v.measurement), errors, required: true })}
${inputField({ form, name: 'target', label: 'Target', value: one(v.target), errors, required: true })}
${inputField({ form, name: 'horizonDays', label: 'Checked after (days from the start date)', type: 'number', value: one(v.horizonDays), errors, required: true })}`;
}

const metricValues = (m: Metric): FormValues => ({ name: m.name, description: m.description ?? '', measurement: m.measurement, target: m.target, horizonDays: String(m.horizonDays) });

export function metricsSection(props: RolePageProps): SafeHtml {
  const { role, editable } = props;
  const base = `/app/roles/${role.id}/metrics`;
  return html`<section aria-labelledby="metrics"><h2 id="metrics">Success metrics</h2>
${role.successMetrics.length === 0 ? html`<p class="muted">No success metric yet.</p>` : ''}
${role.successMetrics.map((m) =>
  editable
    ? html`<div class="card" id="metric-${m.id}"><h3>${m.name}</h3>
<form method="post" action="${base}/${m.id}" novalidate>${csrfField(props.viewer)}${metricFields(props, `metric-${m.id}`, valuesFor(props, `metric-${m.id}`, metricValues(m)))}
<button type="submit">Save metric</button></form>
${deleteButton(props, `${base}/${m.id}/delete`, `Remove metric “${m.name}”`)}</div>`
    : html`<div class="card" id="metric-${m.id}"><h3>${m.name}</h3>${m.description ? html`<p>${m.description}</p>` : ''}
<dl class="facts"><dt>Measured by</dt><dd>${m.measurement}</dd><dt>Target</dt><dd>${m.target}</dd><dt>Checked after</dt><dd>${m.horizonDays} days</dd></dl></div>`,
)}
${editable
  ? html`<form method="post" action="${base}" novalidate id="add-metric" tabindex="-1"><h3>Add a success metric</h3>${csrfField(props.viewer)}
${metricFields(props, 'metric-new', valuesFor(props, 'metric-new', { horizonDays: '90' }))}
<button type="submit">Add metric</button></form>`
  : ''}</section>`;
}

// ---- criteria ------------------------------------------------------------------------------------

function criterionFields(props: RolePageProps, form: string, v: FormValues): SafeHtml {
  const errors = props.errors ?? {};
  const anchors = many(v.anchors);
  const linked = new Set(many(v.metricIds));
  const scale = props.role.scale;
  return html`${formProblem(errors, form)}
${inputField({ form, name: 'name', label: 'Name', value: one(v.name), errors, required: true })}
${textArea({ form, name: 'description', label: 'Description', value: one(v.description), errors, required: true })}
<fieldset><legend>Anchors: what each level looks like</legend>${errors[`${form}.anchors`] ? html`<p class="field-error">${errors[`${form}.anchors`]}</p>` : ''}
${scale.map((s, i) => textArea({ form, name: 'anchors', errorKey: `anchors.${i}`, label: `Level ${s.level}: ${s.label}`, value: anchors[i] ?? '', errors }))}</fieldset>
<fieldset id="${fieldId(`${form}.metricIds`)}"><legend>Success metrics it predicts</legend>
${props.role.successMetrics.length === 0 ? html`<p class="muted">Add a success metric first.</p>` : ''}
${props.role.successMetrics.map(
  (m) => html`<div class="choice"><input type="checkbox" id="${form}-metric-${m.id}" name="metricIds" value="${m.id}" ${when(linked.has(m.id), 'checked')}><label for="${form}-metric-${m.id}">${m.name}</label></div>`,
)}</fieldset>
${inputField({ form, name: 'weight', label: 'Weight', type: 'number', value: one(v.weight), errors, hint: 'Relative importance, 0 to 100.' })}
<div class="choice"><input type="checkbox" id="${fieldId(`${form}.mustHave`)}" name="mustHave" value="true" ${when(one(v.mustHave) === 'true', 'checked')}><label for="${fieldId(`${form}.mustHave`)}">Must-have: failing it fails the candidate</label></div>
${selectField({ form, name: 'bar', label: 'Bar (lowest level that meets it)', options: scale.map((s) => ({ value: String(s.level), label: `${s.level} ${s.label}` })), value: one(v.bar), errors })}`;
}

const criterionValues = (c: Criterion): FormValues => ({
  name: c.name,
  description: c.description,
  anchors: c.anchors.map((a) => a.text),
  metricIds: c.metricIds,
  weight: String(c.weight),
  mustHave: c.mustHave ? 'true' : '',
  bar: String(c.bar),
});

export function criteriaSection(props: RolePageProps): SafeHtml {
  const { role, editable } = props;
  const base = `/app/roles/${role.id}/criteria`;
  const metricName = new Map(role.successMetrics.map((m) => [m.id, m.name]));
  return html`<section aria-labelledby="criteria"><h2 id="criteria">Criteria</h2>
${role.criteria.length === 0 ? html`<p class="muted">No criterion yet.</p>` : ''}
${role.criteria.map((c) =>
  editable
    ? html`<div class="card" id="criterion-${c.id}" tabindex="-1"><h3>${c.name}</h3>
<form method="post" action="${base}/${c.id}" novalidate>${csrfField(props.viewer)}${criterionFields(props, `criterion-${c.id}`, valuesFor(props, `criterion-${c.id}`, criterionValues(c)))}
<button type="submit">Save criterion</button></form>
${deleteButton(props, `${base}/${c.id}/delete`, `Remove criterion “${c.name}”`)}</div>`
    : html`<div class="card" id="criterion-${c.id}"><h3>${c.name}${c.mustHave ? html` <span class="tag warn">must-have</span>` : ''}</h3><p>${c.description}</p>
<p class="muted">Weight ${c.weight} · bar ${c.bar} · predicts ${c.metricIds.map((id) => metricName.get(id)).join(', ') || 'no metric yet'}</p>
<ol>${c.anchors.map((a) => html`<li value="${a.level}"><strong>${a.label}:</strong> ${a.text}</li>`)}</ol></div>`,
)}
${editable
  ? html`<form method="post" action="${base}" novalidate id="add-criterion" tabindex="-1"><h3>Add a criterion</h3>${csrfField(props.viewer)}
${criterionFields(props, 'criterion-new', valuesFor(props, 'criterion-new', { weight: '1', bar: String(Math.min(3, role.scale.length)) }))}
<button type="submit">Add criterion</button></form>`
  : ''}</section>`;
}

// ---- steps and the assignment matrix ---------------------------------------------------------------

function stepFields(props: RolePageProps, form: string, v: FormValues): SafeHtml {
  const errors = props.errors ?? {};
  return html`${formProblem(errors, form)}
${inputField({ form, name: 'name', label: 'Name', value: one(v.name), errors, required: true })}
${selectField({ form, name: 'kind', label: 'Kind', options: stepKinds.map((k) => ({ value: k, label: kindLabels[k] })), value: one(v.kind), errors })}
${textArea({ form, name: 'briefing', label: 'Briefing', hint: 'What the step is for and how to run it. A step without one is unframed.', value: one(v.briefing), errors })}`;
}

function matrix(props: RolePageProps, step: Step): SafeHtml {
  const { role, editable, errors = {} } = props;
  const form = `matrix-${step.id}`;
  const assigned = new Map(step.assignments.map((a) => [a.interviewerId, new Set(a.criterionIds)]));
  const failed = props.failed?.form === form ? props.failed.values : undefined;
  const members = failed ? new Set(many(failed.member)) : new Set(assigned.keys());
  const checks = failed ? new Set(many(failed.assign)) : new Set(step.assignments.flatMap((a) => a.criterionIds.map((c) => `${a.interviewerId}:${c}`)));
  const nameOf = new Map(props.people.map((p) => [p.id, p.name]));
  // Everyone assigned stays listed even without the interviewer permission (or after leaving).
  const rows = [...props.people.filter((p) => p.interviewer), ...[...assigned.keys()].filter((id) => !props.people.some((p) => p.id === id && p.interviewer)).map((id) => ({ id, name: nameOf.get(id) ?? 'Unknown user', interviewer: false }))];
  const table = html`<div class="table-wrap"><table class="matrix">
<caption>Who assesses what in “${step.name}”</caption>
<thead><tr><th scope="col">Interviewer</th><th scope="col">In this step</th>${role.criteria.map((c) => html`<th scope="col">${c.name}</th>`)}</tr></thead>
<tbody>${rows.map(
    (p, i) => html`<tr><th scope="row">${p.name}</th>
<td><input type="checkbox" name="member" value="${p.id}" id="m-${step.id}-${i}" ${when(members.has(p.id), 'checked')} ${when(!editable, 'disabled')}><label class="visually-hidden" for="m-${step.id}-${i}">${p.name} interviews in ${step.name}</label></td>
${role.criteria.map(
  (c, j) => html`<td><input type="checkbox" name="assign" value="${p.id}:${c.id}" id="m-${step.id}-${i}-${j}" ${when(checks.has(`${p.id}:${c.id}`), 'checked')} ${when(!editable, 'disabled')}><label class="visually-hidden" for="m-${step.id}-${i}-${j}">${p.name} assesses ${c.name}</label></td>`,
)}</tr>`,
  )}</tbody></table></div>`;
  if (!editable) return html`<div id="${form}">${table}</div>`;
  return html`<form method="post" action="/app/roles/${role.id}/steps/${step.id}/assignments" id="${form}" tabindex="-1">${csrfField(props.viewer)}
${formProblem(errors, form)}${table}
<button type="submit">Save assignments for “${step.name}”</button></form>`;
}

const stepValues = (s: Step): FormValues => ({ name: s.name, kind: s.kind, briefing: s.briefing ?? '' });

export function stepsSection(props: RolePageProps): SafeHtml {
  const { role, editable } = props;
  const base = `/app/roles/${role.id}/steps`;
  return html`<section aria-labelledby="steps"><h2 id="steps" tabindex="-1">Interview steps</h2>
${role.steps.length === 0 ? html`<p class="muted">No step yet.</p>` : ''}
${role.steps.map(
  (s) => html`<div class="card" id="step-${s.id}" tabindex="-1"><h3>${s.position}. ${s.name} <span class="tag ${s.framed ? 'good' : 'warn'}">${s.framed ? 'framed' : 'unframed'}</span></h3>
${editable
  ? html`<form method="post" action="${base}/${s.id}" novalidate>${csrfField(props.viewer)}${stepFields(props, `step-${s.id}`, valuesFor(props, `step-${s.id}`, stepValues(s)))}
<button type="submit">Save step</button></form>`
  : html`<p class="muted">${kindLabels[s.kind]}</p><p>${s.briefing ?? 'No briefing yet.'}</p>`}
<h4>Assignments</h4>
${role.criteria.length === 0 ? html`<p class="muted">Add criteria to assign them.</p>` : matrix(props, s)}
${editable ? deleteButton(props, `${base}/${s.id}/delete`, `Remove step “${s.name}”`) : ''}</div>`,
)}
${editable
  ? html`<form method="post" action="${base}" novalidate id="add-step" tabindex="-1"><h3>Add a step</h3>${csrfField(props.viewer)}
${stepFields(props, 'step-new', valuesFor(props, 'step-new', { kind: 'interview' }))}
<button type="submit">Add step</button></form>`
  : ''}</section>`;
}
