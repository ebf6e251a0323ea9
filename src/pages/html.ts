// Escape-by-default HTML templates: every interpolated value is escaped unless it is already
// SafeHtml (the result of another template). Components are plain functions returning SafeHtml.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c]!);

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup the code itself produced (an SVG chart, a constant): never pass user input here. */
export const trusted = (markup: string) => new SafeHtml(markup);

/** `attr` on when the condition holds: html`<input ${when(checked, 'checked')}>`. */
export const when = (condition: boolean, attribute: string) => (condition ? new SafeHtml(attribute) : '');
