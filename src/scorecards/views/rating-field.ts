import { describedBy, errorFor, fieldId, type FieldErrors } from '../../pages/forms.js';
import { html, when } from '../../pages/html.js';
import { evidenceField, ratingField, type KitValues } from '../form.js';
import type { KitCriterion } from '../kit.js';

/**
 * One assigned criterion: the levels as radios with their anchor as the hint (what that level
 * looks like for this criterion), "not assessed", and the evidence box.
 */
export function ratingFieldset(criterion: KitCriterion, values: KitValues, errors: FieldErrors) {
  const rating = ratingField(criterion.id);
  const evidence = evidenceField(criterion.id);
  const chosen = values.ratings[criterion.id]?.rating ?? '';
  const typed = values.ratings[criterion.id]?.evidence ?? '';
  const first = fieldId(rating);
  const barLabel = criterion.anchors.find((a) => a.level === criterion.bar)?.label ?? String(criterion.bar);
  return html`<fieldset class="criterion${errors[rating] || errors[evidence] ? ' has-error' : ''}" id="criterion-${criterion.id}" aria-describedby="${criterion.id}-about">
<legend>${criterion.name}${criterion.mustHave ? html` <span class="tag warn">Must have</span>` : ''}</legend>
<p class="hint" id="${criterion.id}-about">${criterion.description} Meets the bar at ${criterion.bar} (${barLabel}) or above.</p>
${errorFor(errors, rating)}
${criterion.anchors.map(
  (anchor, i) => html`<div class="choice">
<input type="radio" name="${rating}" id="${i === 0 ? first : `${first}-${anchor.level}`}" value="${anchor.level}"${when(chosen === String(anchor.level), ' checked')}>
<label for="${i === 0 ? first : `${first}-${anchor.level}`}">${anchor.level} · ${anchor.label}<span class="hint">${anchor.text}</span></label>
</div>`,
)}
<div class="choice">
<input type="radio" name="${rating}" id="${first}-none" value=""${when(chosen === '', ' checked')}>
<label for="${first}-none">Not assessed<span class="hint">This interview gave you no evidence on this criterion.</span></label>
</div>
<div class="${errors[evidence] ? 'has-error' : ''}">
<label for="${fieldId(evidence)}">Evidence for ${criterion.name}</label>
<p class="hint" id="${fieldId(evidence)}-hint">What the candidate said or did, as specifically as you can. Not an impression. Required for a rating.</p>
${errorFor(errors, evidence)}
<textarea id="${fieldId(evidence)}" name="${evidence}" rows="5"${describedBy(errors, evidence, `${fieldId(evidence)}-hint`)}>${typed}</textarea>
</div>
</fieldset>`;
}
