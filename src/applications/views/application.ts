import type { ScorecardView } from '../../scorecards/schemas.js';
import type { FieldErrors } from '../../pages/forms.js';
import { formatTime } from '../../pages/format.js';
import { fieldId } from '../../pages/forms.js';
import { formProblem, inputField, many, one, selectField, summaryOf, textArea, type FormValues } from '../../pages/fields.js';
import { html, when, type SafeHtml } from '../../pages/html.js';
import { csrfField, layout, type Viewer } from '../../pages/layout.js';

export interface ApplicationPageProps {
  viewer: Viewer;
  application: { id: string; status: 'active' | 'hired' | 'rejected' | 'withdrawn'; currentStepId: string | null; rejectionReason: string | null };
  role: { id: string; title: string; scaleLabels: string[] };
  candidateName: string | null;
  seesCandidate: boolean;
  steps: { id: string; name: string }[];
  events: { id: string; fromStepId: string | null; toStepId: string | null; outcome: string | null; actorName: string; at: Date }[];
  recruiter: boolean;
  decisionOwner: boolean;
  interviews?: { id: string; name: string; startsAt: Date; endsAt: Date; interviewers: string[] }[];
  interviewers?: { id: string; name: string }[];
  links?: { id: string; expiresAt: Date }[];
  createdLink?: { url: string; expiresAt: string };
  metrics?: { id: string; name: string; target: string; attainment: number | null }[];
  colleagues?: { scorecards: ScorecardView[]; names: Map<string, string>; criteria: Map<string, string> };
  errors?: FieldErrors;
  failed?: { form: string; values: FormValues };
}

const outcomeLabel: Record<string, string> = { hired: 'Hired', rejected: 'Rejected', withdrawn: 'Withdrew' };

function timeline(props: ApplicationPageProps): SafeHtml {
  const stepName = new Map(props.steps.map((s) => [s.id, s.name]));
  return html`<section aria-labelledby="timeline"><h2 id="timeline">Stage timeline</h2><ol class="timeline">${props.events.map((e) => {
    const what = e.outcome ? outcomeLabel[e.outcome] ?? e.outcome : e.fromStepId ? `Moved from ${stepName.get(e.fromStepId) ?? 'a removed step'} to ${stepName.get(e.toStepId ?? '') ?? 'a removed step'}` : `Entered ${stepName.get(e.toStepId ?? '') ?? 'the pipeline'}`;
    return html`<li><strong>${what}</strong> <span class="muted">by ${e.actorName}, ${formatTime(e.at)}</span></li>`;
  })}</ol></section>`;
}

const valuesOf = (props: ApplicationPageProps, form: string): FormValues => (props.failed?.form === form ? props.failed.values : {});

function recruiterActions(props: ApplicationPageProps): SafeHtml {
  const { application: a, viewer, errors = {} } = props;
  const base = `/app/applications/${a.id}`;
  const stepOptions = props.steps.filter((s) => s.id !== a.currentStepId).map((s) => ({ value: s.id, label: s.name }));
  const sched = valuesOf(props, 'schedule');
  const chosen = new Set(many(sched.interviewerIds));
  return html`<section aria-labelledby="move"><h2 id="move">Move the application</h2>
<form method="post" action="${base}/advance" novalidate>${csrfField(viewer)}${formProblem(errors, 'advance')}
${selectField({ form: 'advance', name: 'stepId', label: 'Move to step', options: stepOptions, value: one(valuesOf(props, 'advance').stepId), errors })}
<button type="submit">Move</button></form>
<form method="post" action="${base}/withdraw" novalidate>${csrfField(viewer)}${formProblem(errors, 'withdraw')}
${inputField({ form: 'withdraw', name: 'reason', label: 'Withdrawal note (optional)', value: one(valuesOf(props, 'withdraw').reason), errors })}
<button type="submit" class="secondary">The candidate withdrew</button></form></section>
<section aria-labelledby="schedule"><h2 id="schedule">Schedule an interview</h2>
<form method="post" action="${base}/interviews" novalidate>${csrfField(viewer)}${formProblem(errors, 'schedule')}
${selectField({ form: 'schedule', name: 'stepId', label: 'Step', blank: 'Outside the plan (name it below)', options: props.steps.map((s) => ({ value: s.id, label: s.name })), value: one(sched.stepId) || (a.currentStepId ?? ''), errors })}
${inputField({ form: 'schedule', name: 'adHocName', label: 'Name of an interview outside the plan (optional)', value: one(sched.adHocName), errors })}
<fieldset id="${fieldId('schedule.interviewerIds')}" tabindex="-1"><legend>Interviewers</legend>${errors['schedule.interviewerIds'] ? html`<p class="field-error">${errors['schedule.interviewerIds']}</p>` : ''}
${(props.interviewers ?? []).map((p) => html`<div class="choice"><input type="checkbox" id="schedule-i-${p.id}" name="interviewerIds" value="${p.id}" ${when(chosen.has(p.id), 'checked')}><label for="schedule-i-${p.id}">${p.name}</label></div>`)}</fieldset>
${inputField({ form: 'schedule', name: 'startsAt', label: 'Starts (UTC)', type: 'datetime-local', hint: 'Date and time in UTC.', value: one(sched.startsAt), errors, required: true })}
${inputField({ form: 'schedule', name: 'endsAt', label: 'Ends (UTC)', type: 'datetime-local', hint: 'Date and time in UTC.', value: one(sched.endsAt), errors, required: true })}
<button type="submit">Schedule the interview</button></form>
${props.interviews?.length
  ? html`<h3>Interviews</h3><ul>${props.interviews.map((i) => html`<li>${i.name}: ${formatTime(i.startsAt)} to ${formatTime(i.endsAt)} · ${i.interviewers.join(', ')}</li>`)}</ul>`
  : ''}</section>`;
}

function rejectForm(props: ApplicationPageProps): SafeHtml {
  const { errors = {} } = props;
  return html`<section aria-labelledby="reject"><h2 id="reject">Reject</h2>
<form method="post" action="/app/applications/${props.application.id}/reject" novalidate>${csrfField(props.viewer)}${formProblem(errors, 'reject')}
${textArea({ form: 'reject', name: 'reason', label: 'Reason', hint: 'Kept with the application; the candidate can ask for their data.', value: one(valuesOf(props, 'reject').reason), errors, required: true })}
<button type="submit" class="danger">Reject</button></form></section>`;
}

function candidateLinks(props: ApplicationPageProps): SafeHtml {
  const { application: a, viewer, errors = {} } = props;
  return html`<section aria-labelledby="candidate-link"><h2 id="candidate-link">Candidate link</h2>
<p>A signed link lets the candidate read how they are evaluated, download their data and ask for erasure.</p>
${props.createdLink
  ? html`<div class="notice" role="status"><p>Copy this link now: it is shown only once. It works until ${formatTime(props.createdLink.expiresAt)}.</p>
<code class="secret" id="new-link">${props.createdLink.url}</code><button type="button" class="secondary" data-copy="new-link" hidden>Copy the link</button></div>`
  : ''}
${props.links?.length
  ? html`<ul>${props.links.map(
      (l) => html`<li>Link expiring ${formatTime(l.expiresAt)} <form method="post" action="/app/applications/${a.id}/candidate-links/${l.id}/revoke" class="inline">${csrfField(viewer)}<button type="submit" class="secondary">Revoke this link</button></form></li>`,
    )}</ul>`
  : html`<p class="muted">No working link.</p>`}
<form method="post" action="/app/applications/${a.id}/candidate-links" novalidate>${csrfField(viewer)}${formProblem(errors, 'link')}
${inputField({ form: 'link', name: 'expiresInDays', label: 'Days the link works', type: 'number', value: one(valuesOf(props, 'link').expiresInDays) || '14', errors })}
<button type="submit">Create a candidate link</button></form></section>`;
}

function outcomesForm(props: ApplicationPageProps): SafeHtml {
  const { errors = {} } = props;
  const v = valuesOf(props, 'outcomes');
  return html`<section aria-labelledby="outcomes"><h2 id="outcomes">Outcomes after the hire</h2>
<p>Attainment of each success metric at its horizon: 1 means the target was met, 0.5 half of it.</p>
<form method="post" action="/app/applications/${props.application.id}/outcomes" novalidate>${csrfField(props.viewer)}${formProblem(errors, 'outcomes')}
${(props.metrics ?? []).map((m, i) =>
  inputField({ form: 'outcomes', name: `attainment.${m.id}`, errorKey: `outcomes.${i}.attainment`, label: `${m.name} (target: ${m.target})`, type: 'number', value: one(v[`attainment.${m.id}`]) || (m.attainment === null ? '' : String(m.attainment)), errors, extra: 'step="any"' }),
)}
<button type="submit">Record outcomes</button></form></section>`;
}

function colleagues(props: ApplicationPageProps): SafeHtml | '' {
  const c = props.colleagues;
  if (!c) return '';
  const label = (rating: number | null) => (rating === null ? 'not assessed' : `${rating} ${props.role.scaleLabels[rating - 1] ?? ''}`);
  return html`<section aria-labelledby="colleagues"><h2 id="colleagues">Scorecards</h2>
${c.scorecards.map(
  (s) => html`<div class="card"><h3>${c.names.get(s.authorId) ?? 'Interviewer'}${s.recommendation ? html` <span class="tag">${s.recommendation.replaceAll('_', ' ')}</span>` : ''}</h3>
<ul>${s.ratings.map((r) => html`<li><strong>${c.criteria.get(r.criterionId) ?? 'Criterion'}:</strong> ${label(r.rating)}${r.evidence ? html`<br><span class="muted">${r.evidence}</span>` : ''}</li>`)}</ul>
${s.notes ? html`<p>${s.notes}</p>` : ''}</div>`,
)}</section>`;
}

export function applicationPage(props: ApplicationPageProps) {
  const { application: a, role, errors = {} } = props;
  const current = props.steps.find((s) => s.id === a.currentStepId)?.name;
  const name = props.seesCandidate ? (props.candidateName ?? 'Candidate (erased)') : 'Candidate';
  const active = a.status === 'active';
  return layout({
    title: `${name}: ${role.title}`,
    viewer: props.viewer,
    body: html`<p><a href="/app/roles/${role.id}">${role.title}</a>${props.recruiter || props.decisionOwner ? html` · <a href="/app/roles/${role.id}/pipeline">Pipeline</a>` : ''}</p>
<h1>${name}</h1>
${summaryOf(errors)}
<dl class="facts"><dt>Role</dt><dd>${role.title}</dd><dt>Stage</dt><dd>${active ? (current ?? 'Not in a plan step') : outcomeLabel[a.status]}</dd>
${a.rejectionReason && (props.recruiter || props.decisionOwner) ? html`<dt>Rejection reason</dt><dd>${a.rejectionReason}</dd>` : ''}</dl>
${props.decisionOwner ? html`<p><a class="button" href="/app/applications/${a.id}/debrief">Open the debrief</a></p>` : ''}
${timeline(props)}
${props.recruiter && active ? recruiterActions(props) : ''}
${(props.recruiter || props.decisionOwner) && active ? rejectForm(props) : ''}
${props.recruiter && props.seesCandidate && props.candidateName !== null ? candidateLinks(props) : ''}
${props.recruiter && a.status === 'hired' && props.metrics?.length ? outcomesForm(props) : ''}
${colleagues(props)}`,
  });
}
