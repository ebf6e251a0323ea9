import type { FieldErrors } from '../../pages/forms.js';
import { inputField, selectField, summaryOf, textArea, formProblem, type FormValues, one } from '../../pages/fields.js';
import { html } from '../../pages/html.js';
import { csrfField, layout, type Viewer } from '../../pages/layout.js';

export interface Person {
  id: string;
  name: string;
  /** Holds the interviewer permission: listed in the assignment matrix. */
  interviewer: boolean;
}

export function newRolePage(props: { viewer: Viewer; templates: { name: string; title: string }[]; people: Person[]; values?: FormValues; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  const v = props.values ?? {};
  const owners = props.people.map((p) => ({ value: p.id, label: p.name }));
  return layout({
    title: 'Create a role',
    viewer: props.viewer,
    body: html`<h1>Create a role</h1>
${summaryOf(errors)}
<h2 id="blank">Start blank</h2>
<form method="post" action="/app/roles/new" novalidate>${csrfField(props.viewer)}
${formProblem(errors, 'role')}
${inputField({ form: 'role', name: 'title', label: 'Title', value: one(v.title), errors, required: true })}
${inputField({ form: 'role', name: 'level', label: 'Level (optional)', value: one(v.level), errors })}
${inputField({ form: 'role', name: 'team', label: 'Team (optional)', value: one(v.team), errors })}
${textArea({ form: 'role', name: 'hiringStatement', label: 'Hiring statement (optional)', hint: 'Who we are hiring, in a paragraph.', value: one(v.hiringStatement), errors })}
${selectField({ form: 'role', name: 'decisionOwnerId', label: 'Decision owner', blank: 'Choose later', options: owners, value: one(v.decisionOwnerId), errors })}
<button type="submit">Create the draft role</button>
</form>
<h2 id="from-template">Start from a template</h2>
${props.templates.length === 0
  ? html`<p class="notice">There are no templates in rubrics/.</p>`
  : html`<form method="post" action="/app/roles/from-template" novalidate>${csrfField(props.viewer)}
${formProblem(errors, 'template')}
${selectField({ form: 'template', name: 'template', label: 'Template', options: props.templates.map((t) => ({ value: t.name, label: `${t.title} (${t.name})` })), value: one(v.template), errors })}
${selectField({ form: 'template', name: 'decisionOwnerId', label: 'Decision owner', blank: 'Choose later', options: owners, value: one(v.templateDecisionOwnerId), errors })}
<p class="hint">The template brings its success metrics, anchored criteria and interview steps; you assign interviewers afterwards.</p>
<button type="submit">Create from the template</button>
</form>`}`,
  });
}
