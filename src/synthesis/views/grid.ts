import { formatNumber } from '../../pages/format.js';
import { html } from '../../pages/html.js';
import type { CriterionSynthesis } from '../output.js';

/** The criteria × interviewers grid: each rating against the bar, then mean, adjusted mean, spread, coverage. */
export function evidenceGrid(criteria: CriterionSynthesis[], interviewers: { id: string; name: string }[], scaleLabels: string[]) {
  const cell = (c: CriterionSynthesis, interviewerId: string) => {
    const ratings = c.ratings.filter((r) => r.interviewerId === interviewerId);
    if (ratings.length === 0) return html`<td data-label="${nameOf(interviewers, interviewerId)}"><span class="muted">—</span></td>`;
    return html`<td data-label="${nameOf(interviewers, interviewerId)}">${ratings.map((r) =>
      r.rating === null
        ? html`<span class="tag">Not assessed</span> `
        : html`<span class="tag ${r.rating >= c.bar ? 'good' : 'bad'}">${r.rating} ${r.rating >= c.bar ? 'meets bar' : 'below bar'}</span>${r.offAssignment ? html` <span class="tag warn">off assignment</span>` : ''}${!r.framed ? html` <span class="tag warn">unframed</span>` : ''} `,
    )}</td>`;
  };
  return html`<div class="table-wrap"><table class="grid stack">
<caption>Ratings per criterion and interviewer. The bar is the lowest level that meets it; the scale is ${scaleLabels.map((l, i) => `${i + 1} ${l}`).join(', ')}.</caption>
<thead><tr><th scope="col">Criterion</th>${interviewers.map((i) => html`<th scope="col">${i.name}</th>`)}<th scope="col">Mean</th><th scope="col">Leniency-adjusted</th><th scope="col">Spread</th><th scope="col">Coverage</th></tr></thead>
<tbody>${criteria.map(
    (c) => html`<tr><th scope="row"><a href="#criterion-${c.criterionId}">${c.name}</a>${c.mustHave ? html` <span class="tag warn">Must have</span>` : ''}<br><span class="muted">bar ${c.bar}</span></th>
${interviewers.map((i) => cell(c, i.id))}
<td data-label="Mean">${formatNumber(c.mean)}${c.meetsBar === null ? '' : c.meetsBar ? html` <span class="tag good">meets bar</span>` : html` <span class="tag bad">below bar</span>`}</td>
<td data-label="Leniency-adjusted">${formatNumber(c.adjustedMean)}${c.adjustment === 'raw' ? html` <span class="muted">(no adjustment)</span>` : ''}</td>
<td data-label="Spread">${c.range === null ? '–' : `${c.range} level${c.range === 1 ? '' : 's'}`}</td>
<td data-label="Coverage">${c.coverage.count} interviewer${c.coverage.count === 1 ? '' : 's'}${c.coverage.mustHaveCovered === false ? html` <span class="tag bad">needs two</span>` : ''}</td></tr>`,
  )}</tbody>
</table></div>`;
}

const nameOf = (interviewers: { id: string; name: string }[], id: string) => interviewers.find((i) => i.id === id)?.name ?? 'Interviewer';
