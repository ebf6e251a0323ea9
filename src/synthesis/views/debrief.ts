import { describedBy, errorFor, errorSummary, fieldId, type FieldErrors } from '../../pages/forms.js';
import { formatTime } from '../../pages/format.js';
import { html, when, type SafeHtml } from '../../pages/html.js';
import { csrfField, layout, type Viewer } from '../../pages/layout.js';
import { recommendationLabels } from '../../scorecards/views/kit.js';
import type { Flag, Synthesis } from '../output.js';
import { evidenceGrid } from './grid.js';

export interface DecisionValues {
  decision: string;
  rationale: string;
  criterionIds: string[];
  overrideReason: string;
}

export interface DebriefProps {
  viewer: Viewer;
  synthesis: Synthesis & { decisions: { id: string; decidedBy: string; decision: 'hire' | 'no_hire'; rationale: string | null; criterionIds: string[]; overrideReason: string | null; decidedAt: string }[] };
  candidateName: string | null;
  roleTitle: string;
  scaleLabels: string[];
  names: Map<string, string>;
  /** Only the role's decision owner gets the form; recruiters read. */
  canDecide: boolean;
  values?: DecisionValues;
  errors?: FieldErrors;
  decided?: boolean;
}

const severityTag = { critical: 'bad', warning: 'warn', info: '' } as const;

export function debriefPage(props: DebriefProps): SafeHtml {
  const { synthesis: s, names } = props;
  const name = (id: string) => names.get(id) ?? 'Someone no longer in the organization';
  const interviewerIds = [...new Set(s.criteria.flatMap((c) => c.ratings.map((r) => r.interviewerId)))];
  const criterionName = (id: string) => s.criteria.find((c) => c.criterionId === id)?.name ?? 'a criterion';
  return layout({
    title: `Debrief: ${props.candidateName ?? 'candidate'}`,
    viewer: props.viewer,
    body: html`<p class="muted"><a href="/app">Home</a></p>
<h1>Debrief: ${props.candidateName ?? 'Candidate (erased)'}</h1>
<p>${props.roleTitle}. The evidence and the flags below are for you to weigh; this page makes no recommendation of its own.</p>
${props.decided ? html`<p class="notice" role="status">Your decision is recorded.</p>` : ''}
<dl class="facts">
<dt>Scorecards</dt><dd>${s.summary.scorecardsSubmitted} submitted, ${s.summary.scorecardsMissing} missing</dd>
<dt>Criteria</dt><dd>${s.summary.criteriaMeetingBar} meet the bar, ${s.summary.criteriaMissingBar} below, ${s.summary.criteriaUnrated} unrated${s.summary.mustHavesMissingBar ? html` <span class="tag bad">${s.summary.mustHavesMissingBar} must-have below the bar</span>` : ''}</dd>
<dt>Flags</dt><dd>${s.summary.flagsBySeverity.critical} critical, ${s.summary.flagsBySeverity.warning} warnings, ${s.summary.flagsBySeverity.info} notes</dd>
</dl>

<h2 id="flags">Flags</h2>
${s.flags.length ? html`<ul class="plain">${s.flags.map((f) => flagItem(f, name, criterionName))}</ul>` : html`<p>No flags: the feedback is framed, independent and evidenced.</p>`}

<h2 id="grid">Evidence by criterion</h2>
${evidenceGrid(s.criteria, interviewerIds.map((id) => ({ id, name: name(id) })), props.scaleLabels)}
${s.criteria.map(
  (c) => html`<details id="criterion-${c.criterionId}"><summary>${c.name}: ${c.ratings.length} rating${c.ratings.length === 1 ? '' : 's'} with evidence</summary>
<ul>${c.ratings.map(
    (r) => html`<li><strong>${name(r.interviewerId)}</strong>, ${r.stepName ?? 'an interview outside the plan'}: ${r.rating === null ? 'not assessed' : `${r.rating} (${props.scaleLabels[r.rating - 1] ?? ''})`}${r.offAssignment ? ' · not assigned this criterion' : ''}${r.framed ? '' : ' · unframed'}<br>${r.evidence ? html`<span class="evidence">${r.evidence}</span>` : html`<span class="tag bad">No evidence</span>`}</li>`,
  )}</ul></details>`,
)}

<h2 id="influence">Influence</h2>
${s.influence.some((i) => i.pivotal)
  ? html`<ul>${s.influence.filter((i) => i.pivotal).map((i) => html`<li><strong>${name(i.interviewerId)}</strong> alone decides whether ${i.flips.map(criterionName).join(', ')} meet${i.flips.length === 1 ? 's' : ''} the bar: without their ratings the outcome on ${i.flips.length === 1 ? 'this must-have' : 'these must-haves'} would change.</li>`)}</ul>`
  : html`<p>No must-have criterion rests on a single interviewer’s ratings.</p>`}

<h2 id="missing">Missing scorecards</h2>
${s.missingScorecards.length
  ? html`<ul>${s.missingScorecards.map((m) => html`<li>${name(m.interviewerId)}${m.draftScorecardId ? ' (a draft is saved, not submitted)' : ''}</li>`)}</ul>`
  : html`<p>Every interviewer has submitted.</p>`}

<h2 id="scorecards">Scorecards</h2>
${s.scorecards.map(
  (card) => html`<div class="card" id="scorecard-${card.scorecardId}">
<h3>${name(card.interviewerId)}: ${card.stepName ?? 'an interview outside the plan'}${card.framed ? '' : html` <span class="tag warn">unframed</span>`}</h3>
<p>Submitted ${card.submittedAt ? formatTime(card.submittedAt) : '—'} · Recommendation: ${card.recommendation ? recommendationLabels[card.recommendation] : 'none'}</p>
${card.notes ? html`<p>${card.notes}</p>` : ''}
${card.amendments.length ? html`<p class="muted">Amended: ${card.amendments.map((a) => `${formatTime(a.createdAt)} (${a.reason})`).join('; ')}</p>` : ''}
</div>`,
)}

<h2 id="decision">Decision</h2>
${props.synthesis.decisions.length
  ? html`<ol>${props.synthesis.decisions.map((d) => html`<li><strong>${d.decision === 'hire' ? 'Hire' : 'No hire'}</strong> by ${name(d.decidedBy)}, ${formatTime(d.decidedAt)}. ${d.rationale ?? ''}${d.criterionIds.length ? html` <span class="muted">Cites: ${d.criterionIds.map(criterionName).join(', ')}.</span>` : ''}${d.overrideReason ? html` <span class="tag warn">Decided with scorecards missing: ${d.overrideReason}</span>` : ''}</li>`)}</ol>`
  : html`<p>No decision yet.</p>`}
${props.canDecide ? decisionForm(props) : html`<p class="muted">Only the role’s decision owner decides.</p>`}`,
  });
}

function flagItem(flag: Flag, name: (id: string) => string, criterionName: (id: string) => string) {
  const links = [
    ...(flag.refs.criterionIds ?? []).map((id) => html`<a href="#criterion-${id}">${criterionName(id)}</a>`),
    ...(flag.refs.scorecardIds ?? []).map((id) => html`<a href="#scorecard-${id}">scorecard</a>`),
    ...(flag.refs.interviewerIds ?? []).map((id) => html`<span>${name(id)}</span>`),
  ];
  return html`<li class="card flag" data-code="${flag.code}"><p><span class="tag ${severityTag[flag.severity]}">${flag.severity}</span> <strong>${flag.code}</strong></p>
<p>${flag.message}</p>
${flag.match ? html`<p class="muted">Matched “${flag.match.text}” in ${flag.match.field}: “${flag.match.excerpt}” (${flag.match.reason})</p>` : ''}
${links.length ? html`<p class="muted">Points at: ${links.map((l, i) => html`${i ? ', ' : ''}${l}`)}</p>` : ''}</li>`;
}

function decisionForm(props: DebriefProps) {
  const errors = props.errors ?? {};
  const values = props.values ?? { decision: '', rationale: '', criterionIds: [], overrideReason: '' };
  const missing = props.synthesis.missingScorecards.length;
  return html`${errorSummary(errors)}
<form method="post" action="/app/applications/${props.synthesis.applicationId}/debrief" novalidate>
${csrfField(props.viewer)}
<fieldset class="${errors.decision ? 'has-error' : ''}">
<legend>Your decision</legend>
${errorFor(errors, 'decision')}
<div class="choice"><input type="radio" name="decision" id="${fieldId('decision')}" value="hire"${when(values.decision === 'hire', ' checked')}><label for="${fieldId('decision')}">Hire</label></div>
<div class="choice"><input type="radio" name="decision" id="${fieldId('decision')}-no" value="no_hire"${when(values.decision === 'no_hire', ' checked')}><label for="${fieldId('decision')}-no">No hire</label></div>
</fieldset>
<div class="${errors.rationale ? 'has-error' : ''}">
<label for="${fieldId('rationale')}">Rationale</label>
<p class="hint" id="rationale-hint">Why, from the evidence: which criteria and what the candidate showed.</p>
${errorFor(errors, 'rationale')}
<textarea id="${fieldId('rationale')}" name="rationale" rows="5"${describedBy(errors, 'rationale', 'rationale-hint')}>${values.rationale}</textarea>
</div>
<fieldset class="${errors.criterionIds ? 'has-error' : ''}">
<legend>Criteria your decision rests on</legend>
${errorFor(errors, 'criterionIds')}
${props.synthesis.criteria.map(
  (c, i) => html`<div class="choice"><input type="checkbox" name="criterionIds" id="${i === 0 ? fieldId('criterionIds') : `cite-${c.criterionId}`}" value="${c.criterionId}"${when(values.criterionIds.includes(c.criterionId), ' checked')}><label for="${i === 0 ? fieldId('criterionIds') : `cite-${c.criterionId}`}">${c.name}</label></div>`,
)}
</fieldset>
${missing
  ? html`<div class="${errors.overrideReason ? 'has-error' : ''}">
<label for="${fieldId('overrideReason')}">Why decide with ${missing} scorecard${missing === 1 ? '' : 's'} missing?</label>
<p class="hint" id="override-hint">Required while scorecards are missing. Otherwise, wait for them.</p>
${errorFor(errors, 'overrideReason')}
<textarea id="${fieldId('overrideReason')}" name="overrideReason" rows="3"${describedBy(errors, 'overrideReason', 'override-hint')}>${values.overrideReason}</textarea>
</div>`
  : ''}
<button type="submit">Record the decision</button>
</form>`;
}
