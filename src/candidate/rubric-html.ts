// The candidate's page: how they are evaluated, when their link expires, what happens next, their
// data, erasure and the voluntary self-identification form. Same stylesheet as the staff pages,
// no staff navigation; every dynamic string escaped by the html template.
import { fieldId, errorSummary, type FieldErrors } from '../pages/forms.js';
import { formatTime } from '../pages/format.js';
import { html, type SafeHtml } from '../pages/html.js';
import { layout } from '../pages/layout.js';
import type { LinkRefusal } from './links.js';
import type { CandidateRubric } from './rubric.js';

export interface SelfIdentification {
  questions: { id: string; label: string; categories: { id: string; label: string }[] }[];
  answers: { questionId: string; categoryId: string | null }[];
  note: string;
}

export interface CandidatePageExtras {
  token: string;
  expiresAt?: Date;
  erasureRequestedAt?: Date;
  selfIdentification: SelfIdentification;
  notice?: string;
  errors?: FieldErrors;
  /** Chosen values to keep after a refused submission: question id → category id, "prefer", or "". */
  chosen?: Record<string, string>;
}

export const PREFER_NOT = 'prefer-not-to-say';

const list = (items: string[]) => (items.length ? items.join(', ') : '—');

function selfIdentificationForm(x: CandidatePageExtras): SafeHtml {
  const { questions, answers, note } = x.selfIdentification;
  const current = (qid: string) => {
    if (x.chosen) return x.chosen[qid] ?? '';
    const a = answers.find((q) => q.questionId === qid);
    return a ? (a.categoryId ?? PREFER_NOT) : '';
  };
  return html`<section aria-labelledby="self-id"><h2 id="self-id">Voluntary self-identification</h2>
<p>${note}</p>
${questions.length === 0
  ? html`<p>There are no questions.</p>`
  : html`<form method="post" action="/candidate/self-identification/form?token=${encodeURIComponent(x.token)}">
${errorSummary(x.errors ?? {})}
${questions.map((q) => {
  const chosen = current(q.id);
  const option = (value: string, label: string, i: string) =>
    html`<div class="choice"><input type="radio" id="q-${q.id}-${i}" name="q-${q.id}" value="${value}"${chosen === value ? html` checked` : ''}><label for="q-${q.id}-${i}">${label}</label></div>`;
  return html`<fieldset id="${fieldId(`q-${q.id}`)}"><legend>${q.label} (optional)</legend>
${option('', 'Not answered', 'none')}
${q.categories.map((c, i) => option(c.id, c.label, String(i)))}
${option(PREFER_NOT, 'Prefer not to say', 'prefer')}
</fieldset>`;
})}
<button type="submit">Save my answers</button></form>`}
</section>`;
}

export function rubricHtml(r: CandidateRubric, x: CandidatePageExtras): string {
  const token = encodeURIComponent(x.token);
  const body = html`<h1>${r.role.title}</h1>
<p class="muted">${[r.role.level, r.role.team].filter(Boolean).join(' · ')}</p>
${x.notice ? html`<div class="notice" role="status">${x.notice}</div>` : ''}
<dl class="facts"><dt>Your stage</dt><dd><span class="tag">${r.yourStage}</span></dd>
${x.expiresAt ? html`<dt>This link works until</dt><dd>${formatTime(x.expiresAt)}</dd>` : ''}</dl>
<section aria-labelledby="next"><h2 id="next">What happens next</h2>
<p>Each step below is run by interviewers who rate only the criteria assigned to them, against the levels described on this page, and write down what they saw. ${r.decision.how}</p>
<p>You will hear from the recruiter after each step. If your link expires before then, ask the recruiter for a new one.</p></section>
<section aria-labelledby="who"><h2 id="who">Who we are hiring</h2><p>${r.role.whoWeAreHiring ?? ''}</p></section>
<section aria-labelledby="success"><h2 id="success">What success looks like</h2>
<table class="stack"><caption class="muted">Success metrics for this role</caption>
<thead><tr><th scope="col">Metric</th><th scope="col">How it is measured</th><th scope="col">Target</th><th scope="col">By</th></tr></thead>
<tbody>${r.successMetrics.map((m) => html`<tr><th scope="row">${m.name}${m.description ? html`<br><span class="muted">${m.description}</span>` : ''}</th><td data-label="How it is measured">${m.howMeasured}</td><td data-label="Target">${m.target}</td><td data-label="By">${m.horizonDays} days</td></tr>`)}</tbody>
</table></section>
<section aria-labelledby="criteria"><h2 id="criteria">What we evaluate</h2>
<p>Each criterion is rated on this scale: ${r.scale.map((s, i) => html`${i ? ', ' : ''}${s.level} = ${s.label}`)}.</p>
${r.criteria.map(
  (c) => html`<section class="criterion"><h3>${c.name}${c.mustHave ? html` <span class="tag warn">must-have</span>` : ''}</h3>
<p>${c.description}</p>
<p>Meets the bar at level ${c.bar.level} (${c.bar.label}). Serves: ${list(c.servesMetrics)}.</p>
<table class="stack"><caption class="muted">What each level looks like</caption><thead><tr><th scope="col">Level</th><th scope="col">What we see</th></tr></thead>
<tbody>${c.anchors.map((a) => html`<tr><th scope="row">${a.level} · ${a.label}</th><td>${a.text}</td></tr>`)}</tbody></table></section>`,
)}
</section>
<section aria-labelledby="steps"><h2 id="steps">The steps</h2>
<ol>${r.steps.map((s) => html`<li><strong>${s.name}</strong> (${s.kind.replace('_', ' ')}): evaluates ${list(s.evaluates)}</li>`)}</ol>
</section>
<section aria-labelledby="decision"><h2 id="decision">How the decision is made</h2><p>${r.decision.how}</p></section>
${selfIdentificationForm(x)}
<section aria-labelledby="your-data"><h2 id="your-data">Your data</h2>
<p><a href="/candidate/data?token=${token}" download="my-data.json">Download my data</a> (a JSON file with everything we hold about you).</p>
${x.erasureRequestedAt
  ? html`<p>You asked for your data to be erased on ${formatTime(x.erasureRequestedAt)}. An administrator will carry it out; this link then stops working.</p>`
  : html`<form method="post" action="/candidate/erasure?token=${token}"><p>You can ask for your personal data and everything written about you to be erased. Anonymous counts used for statistics remain. Once it is done, this link stops working.</p>
<button type="submit" class="danger">Ask for erasure</button></form>`}
</section>`;
  return layout({ title: `How we evaluate: ${r.role.title}`, body, candidate: true }).value;
}

const refusalText: Record<LinkRefusal | 'rate_limited', { title: string; detail: string }> = {
  expired: { title: 'This link has expired', detail: 'Links to this page work for a limited time. Ask the recruiter for a new one.' },
  revoked: { title: 'This link no longer works', detail: 'The recruiter has withdrawn this link, or your data has been erased. Ask the recruiter if you need a new one.' },
  invalid: { title: 'This link does not work', detail: 'Check that you copied the whole link from the message, or ask the recruiter for a new one.' },
  rate_limited: { title: 'Too many requests', detail: 'This page was opened too many times in a short while. Wait a minute and try again.' },
};

/** The candidate's error page, for a browser that asked for HTML. */
export function candidateErrorHtml(kind: LinkRefusal | 'rate_limited' | 'other', detail?: string): string {
  const text = kind === 'other' ? { title: 'Something went wrong', detail: detail ?? 'Please try again later.' } : refusalText[kind];
  return layout({ title: text.title, body: html`<h1>${text.title}</h1><p>${text.detail}</p>`, candidate: true }).value;
}
