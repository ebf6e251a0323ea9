// Form fields for pages: each labelled, with its error beside it and its value kept. Field ids
// are scoped by a form key, so one page can hold many forms (one per metric, criterion, step).
import type { FastifyReply } from 'fastify';
import { Problem } from '../errors.js';
import { describedBy, errorFor, errorSummary, fieldId, type FieldErrors } from './forms.js';
import { html, when, type SafeHtml } from './html.js';

export type FormValues = Record<string, string | string[] | undefined>;

/** The posted form without its CSRF token, every value a string or a list of strings. */
export function formOf(body: unknown): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    values[key] = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value : undefined;
  }
  return values;
}

export const one = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
export const many = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []);
/** An empty optional field is absent, as it would be in JSON. */
export const optional = (value: string | string[] | undefined) => (one(value).trim() === '' ? undefined : one(value));
/** An emptied field of an edit form clears its value (null), as a PATCH body would. */
export const cleared = (value: string | string[] | undefined) => (one(value).trim() === '' ? null : one(value));
/** A number field as the API's schema expects it; text that is not a number stays text, so zod reports it. */
export const numeric = (value: string | string[] | undefined): unknown => {
  const text = one(value).trim();
  return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text === '' ? undefined : text;
};

/** zod issues of one form, keyed "<formKey>.<path>". */
export function scoped(formKey: string, issues: { path: PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[`${formKey}.${issue.path.map(String).join('.') || 'form'}`] ??= issue.message;
  return errors;
}

/**
 * A refusal the use case explains (409 or 422) becomes a message on the form that asked, with
 * every reason it gives; anything else (403, 404) stays an error page, as on the API.
 */
export function refusalOf(error: unknown, formKey: string): { errors: FieldErrors; status: number } {
  if (!(error instanceof Problem) || (error.status !== 409 && error.status !== 422)) throw error;
  const reasons = (error.extra.reasons as { message: string }[] | undefined) ?? [];
  const fieldIssues = (error.extra.errors as { path: string; message: string }[] | undefined) ?? [];
  const errors: FieldErrors = { [`${formKey}.form`]: error.detail };
  for (const [i, reason] of reasons.entries()) errors[`${formKey}.reason${i}`] = reason.message;
  for (const issue of fieldIssues) errors[`${formKey}.${issue.path.replace(/^body\./, '')}`] ??= issue.message;
  return { errors, status: error.status };
}

export const seeOther = (reply: FastifyReply, url: string) => reply.header('cache-control', 'no-store').redirect(url, 303);

interface FieldProps {
  form: string;
  name: string;
  label: string;
  value?: string | null;
  errors: FieldErrors;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'number' | 'datetime-local';
  extra?: string;
  /** Error key when it differs from "<form>.<name>" (an anchor: "anchors.2"). */
  errorKey?: string;
}

const hintOf = (id: string, hint?: string) => (hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : '');

export function inputField(p: FieldProps): SafeHtml {
  const key = `${p.form}.${p.errorKey ?? p.name}`;
  const id = fieldId(key);
  return html`<div class="field${p.errors[key] ? ' has-error' : ''}">
<label for="${id}">${p.label}</label>${hintOf(id, p.hint)}${errorFor(p.errors, key)}
<input type="${p.type ?? 'text'}" id="${id}" name="${p.name}" value="${p.value ?? ''}"${describedBy(p.errors, key, p.hint ? `${id}-hint` : undefined)} ${when(!!p.required, 'required')} ${p.extra ? when(true, p.extra) : ''}>
</div>`;
}

export function textArea(p: FieldProps): SafeHtml {
  const key = `${p.form}.${p.errorKey ?? p.name}`;
  const id = fieldId(key);
  return html`<div class="field${p.errors[key] ? ' has-error' : ''}">
<label for="${id}">${p.label}</label>${hintOf(id, p.hint)}${errorFor(p.errors, key)}
<textarea id="${id}" name="${p.name}"${describedBy(p.errors, key, p.hint ? `${id}-hint` : undefined)} ${when(!!p.required, 'required')}>${p.value ?? ''}</textarea>
</div>`;
}

export function selectField(p: FieldProps & { options: { value: string; label: string }[]; blank?: string }): SafeHtml {
  const key = `${p.form}.${p.errorKey ?? p.name}`;
  const id = fieldId(key);
  return html`<div class="field${p.errors[key] ? ' has-error' : ''}">
<label for="${id}">${p.label}</label>${hintOf(id, p.hint)}${errorFor(p.errors, key)}
<select id="${id}" name="${p.name}"${describedBy(p.errors, key, p.hint ? `${id}-hint` : undefined)}>
${p.blank !== undefined ? html`<option value="">${p.blank}</option>` : ''}${p.options.map((o) => html`<option value="${o.value}" ${when(o.value === (p.value ?? ''), 'selected')}>${o.label}</option>`)}
</select>
</div>`;
}

/** The form-level message of a refusal (and its reasons), shown at the top of that form. */
export function formProblem(errors: FieldErrors, form: string): SafeHtml | '' {
  const messages = Object.entries(errors).filter(([key]) => key === `${form}.form` || key.startsWith(`${form}.reason`));
  if (!messages.length) return '';
  return html`<div class="field-error" id="${fieldId(`${form}.form`)}" tabindex="-1">${messages.map(([, m]) => html`<p>${m}</p>`)}</div>`;
}

/** The page's error summary: a refusal's reasons link to the form they belong to. */
export function summaryOf(errors: FieldErrors) {
  const ids: Record<string, string> = {};
  for (const key of Object.keys(errors)) {
    const match = /^(.*)\.(form|reason\d+)$/.exec(key);
    if (match) ids[key] = fieldId(`${match[1]}.form`);
  }
  return errorSummary(errors, ids);
}
