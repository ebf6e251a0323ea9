import { feedbackState, feedbackStateLabels } from '../../home/feedback-state.js';
import { errorFor, errorSummary, fieldId, type FieldErrors } from '../../pages/forms.js';
import { formatTime } from '../../pages/format.js';
import { html, when, type SafeHtml } from '../../pages/html.js';
import { csrfField, layout, type Viewer } from '../../pages/layout.js';
import type { KitValues } from '../form.js';
import type { InterviewKit } from '../kit.js';
import { ratingFieldset } from './rating-field.js';

export const recommendationLabels = { strong_no: 'Strong no hire', no: 'No hire', yes: 'Hire', strong_yes: 'Strong hire' } as const;
type Recommendation = keyof typeof recommendationLabels;

export type KitNotice = 'saved' | 'submitted' | 'amended' | undefined;
const notices = {
  saved: 'Your draft is saved. Nobody else can see it until you submit.',
  submitted: 'Your scorecard is submitted. You can now read your colleagues’ scorecards.',
  amended: 'Your amendment is recorded. The original ratings stay visible beside it.',
} as const;

interface KitPageProps {
  viewer: Viewer;
  kit: InterviewKit;
  values: KitValues;
  errors?: FieldErrors;
  notice?: KitNotice;
  lateFeedbackHours: number;
}

function header(kit: InterviewKit, lateFeedbackHours: number) {
  const state = feedbackState(kit, kit.scorecard?.status === 'submitted', lateFeedbackHours, new Date());
  return html`<p class="muted"><a href="/app">Home</a></p>
<h1>${kit.candidateName ?? 'Candidate (erased)'}: ${kit.step.name}</h1>
<dl class="facts">
<dt>Role</dt><dd>${kit.role.title}</dd>
<dt>Step</dt><dd>${kit.step.name}${kit.step.kind ? ` (${kit.step.kind.replace('_', ' ')})` : ''}${kit.step.adHoc ? html` <span class="tag bad">Not in the plan</span>` : ''}</dd>
<dt>When</dt><dd>${formatTime(kit.startsAt)} to ${formatTime(kit.endsAt)}</dd>
<dt>Your scorecard</dt><dd><span class="tag ${state === 'late' ? 'bad' : state === 'due' ? 'warn' : state === 'submitted' ? 'good' : ''}">${feedbackStateLabels[state]}</span>${kit.scorecard?.status === 'draft' ? html` <span class="tag">Draft saved</span>` : ''}</dd>
</dl>
<h2>Briefing</h2>
${kit.step.briefing
  ? html`<p class="briefing">${kit.step.briefing}</p>`
  : html`<p class="notice warning">This step has no briefing. Your feedback will be marked as coming from an unframed step; ask the recruiter what this step is meant to find out.</p>`}`;
}

function recommendationFieldset(values: KitValues, errors: FieldErrors, disabled = false) {
  return html`<fieldset class="${errors.recommendation ? 'has-error' : ''}">
<legend>Overall recommendation</legend>
<p class="hint" id="recommendation-hint">Optional, and one voice among several: the decision owner decides from everyone’s evidence. There is no neutral option.</p>
${errorFor(errors, 'recommendation')}
${(Object.keys(recommendationLabels) as Recommendation[]).map(
  (value, i) => html`<div class="choice"><input type="radio" name="recommendation" id="${i === 0 ? fieldId('recommendation') : `${fieldId('recommendation')}-${value}`}" value="${value}"${when(values.recommendation === value, ' checked')}${when(disabled, ' disabled')}><label for="${i === 0 ? fieldId('recommendation') : `${fieldId('recommendation')}-${value}`}">${recommendationLabels[value]}</label></div>`,
)}
</fieldset>`;
}

function scorecardForm(props: KitPageProps) {
  const { kit, values, viewer } = props;
  const errors = props.errors ?? {};
  const action = `/app/interviews/${kit.interviewId}`;
  return html`<h2>Your scorecard</h2>
<p>Rate each criterion you were asked to assess, with evidence. Write it on your own: colleagues’ scorecards open to you once yours is submitted.</p>
${errorSummary(errors)}
<form method="post" action="${action}" data-autosave="${action}" novalidate>
${csrfField(viewer)}
${kit.criteria.length ? kit.criteria.map((c) => ratingFieldset(c, values, errors)) : html`<p class="notice warning">You have no criteria assigned for this step. Ask the recruiter: feedback without criteria is marked as unframed.</p>`}
${recommendationFieldset(values, errors)}
<div class="${errors.notes ? 'has-error' : ''}">
<label for="${fieldId('notes')}">Notes</label>
<p class="hint" id="notes-hint">Anything else the decision owner should know. Stick to what you observed.</p>
${errorFor(errors, 'notes')}
<textarea id="${fieldId('notes')}" name="notes" rows="4" aria-describedby="notes-hint">${values.notes}</textarea>
</div>
<p class="autosave" data-autosave-status aria-live="polite"></p>
<button type="submit" name="intent" value="draft" class="secondary">Save draft</button>
<button type="submit" name="intent" value="review">Review and submit</button>
</form>`;
}

function submittedScorecard(props: KitPageProps) {
  const { kit, viewer, values } = props;
  const card = kit.scorecard!;
  const errors = props.errors ?? {};
  const levelLabel = (criterionId: string, rating: number | null) =>
    rating === null ? 'Not assessed' : `${rating} · ${kit.criteria.find((c) => c.id === criterionId)?.anchors[rating - 1]?.label ?? ''}`;
  const nameOf = (criterionId: string) => kit.criteria.find((c) => c.id === criterionId)?.name ?? 'A criterion not assigned to you';
  return html`<h2>Your scorecard</h2>
<p>Submitted ${formatTime(card.submittedAt!)}. <a href="/app/applications/${kit.applicationId}">Read your colleagues’ scorecards</a></p>
<div class="table-wrap"><table class="stack">
<caption class="visually-hidden">Your ratings as they stand now</caption>
<thead><tr><th scope="col">Criterion</th><th scope="col">Rating</th><th scope="col">Evidence</th></tr></thead>
<tbody>${card.ratings.map((r) => html`<tr><th scope="row">${nameOf(r.criterionId)}</th><td data-label="Rating">${levelLabel(r.criterionId, r.rating)}</td><td data-label="Evidence">${r.evidence ?? '—'}</td></tr>`)}</tbody>
</table></div>
<p>Overall recommendation: ${card.recommendation ? recommendationLabels[card.recommendation] : 'none'}</p>
${card.notes ? html`<p>Notes: ${card.notes}</p>` : ''}
${card.amendments.length
  ? html`<h3>Amendments</h3><ul>${card.amendments.map((a) => html`<li>${formatTime(a.createdAt)}: ${a.reason} (${a.ratings.map((r) => `${nameOf(r.criterionId)} → ${levelLabel(r.criterionId, r.rating)}`).join('; ')})</li>`)}</ul>`
  : ''}
${kit.applicationStatus === 'active'
  ? html`<h2 id="amend">Amend your scorecard</h2>
<p>A submitted scorecard cannot be edited. If you need to correct it, change the ratings or evidence below and say why: the original stays visible beside the amendment.</p>
${errorSummary(errors)}
<form method="post" action="/app/interviews/${kit.interviewId}" novalidate>
${csrfField(viewer)}
<input type="hidden" name="intent" value="amend">
${errorFor(errors, 'ratings')}
${kit.criteria.map((c) => ratingFieldset(c, values, errors))}
<div class="${errors.reason ? 'has-error' : ''}">
<label for="${fieldId('reason')}">Why are you amending it?</label>
${errorFor(errors, 'reason')}
<textarea id="${fieldId('reason')}" name="reason" rows="3">${values.reason}</textarea>
</div>
<button type="submit">Amend scorecard</button>
</form>`
  : ''}`;
}

export function kitPage(props: KitPageProps): SafeHtml {
  const submitted = props.kit.scorecard?.status === 'submitted';
  return layout({
    title: `${props.kit.step.name}: interview kit`,
    viewer: props.viewer,
    body: html`${header(props.kit, props.lateFeedbackHours)}
${props.notice ? html`<p class="notice" role="status">${notices[props.notice]}</p>` : ''}
${submitted ? submittedScorecard(props) : scorecardForm(props)}`,
  });
}

/** "Check your answers" before the final step (GOV.UK): submitting cannot be undone. */
export function reviewPage(props: { viewer: Viewer; kit: InterviewKit; values: KitValues }): SafeHtml {
  const { kit, values, viewer } = props;
  return layout({
    title: 'Check your scorecard',
    viewer,
    body: html`<p class="muted"><a href="/app/interviews/${kit.interviewId}">Back to the interview kit</a></p>
<h1>Check your scorecard before you submit it</h1>
<p>${kit.candidateName ?? 'Candidate (erased)'} · ${kit.role.title} · ${kit.step.name}</p>
<dl class="facts">
${kit.criteria.map((c) => {
  const v = values.ratings[c.id]!;
  const level = c.anchors.find((a) => String(a.level) === v.rating);
  return html`<dt>${c.name}</dt><dd>${level ? `${level.level} · ${level.label}` : 'Not assessed'}${v.evidence ? html`<br><span class="muted">${v.evidence}</span>` : ''}</dd>`;
})}
<dt>Overall recommendation</dt><dd>${values.recommendation ? recommendationLabels[values.recommendation as Recommendation] : 'None'}</dd>
<dt>Notes</dt><dd>${values.notes || 'None'}</dd>
</dl>
<div class="notice warning"><p><strong>Submitting is final.</strong> After you submit, you can only correct your scorecard with an amendment and a reason, and the original stays visible.</p></div>
<form method="post" action="/app/interviews/${kit.interviewId}">
${csrfField(viewer)}
<button type="submit" name="intent" value="submit">Submit scorecard</button>
<a class="button secondary" href="/app/interviews/${kit.interviewId}">Change your answers</a>
</form>`,
  });
}
