import type { z } from 'zod';
import { html, type SafeHtml } from './html.js';

/** Field name → message, for the error summary and the message beside each field. */
export type FieldErrors = Record<string, string>;

/** zod issues as page errors keyed by the field's path ("ratings.0.evidence"). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}

/** GOV.UK-style summary at the top of the form: each message links to its field. */
export function errorSummary(errors: FieldErrors, fieldIds: Record<string, string> = {}): SafeHtml | '' {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
<h2>There is a problem</h2>
<ul>${entries.map(([field, message]) => html`<li><a href="#${fieldIds[field] ?? fieldId(field)}">${message}</a></li>`)}</ul>
</div>`;
}

export const fieldId = (field: string) => `f-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export const errorFor = (errors: FieldErrors, field: string) =>
  errors[field] ? html`<p class="field-error" id="${fieldId(field)}-error"><span class="visually-hidden">Error:</span> ${errors[field]}</p>` : '';

/** aria-describedby for a field: its hint and its error, when present. */
export const describedBy = (errors: FieldErrors, field: string, hintId?: string) => {
  const ids = [hintId, errors[field] ? `${fieldId(field)}-error` : undefined].filter(Boolean);
  return ids.length ? html` aria-describedby="${ids.join(' ')}"` : '';
};
