// Notes from other tools arrive as HTML. Evidence is plain text: tags go, entities are decoded,
// block elements become line breaks, and runs of whitespace collapse.

const BLOCK = /<\s*\/?\s*(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|pre|section|article|header|footer|hr)\b[^>]*>/gi;
const TAG = /<[^>]*>/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™', euro: '€', pound: '£' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      // Out-of-range or surrogate code points would make the text malformed: drop them.
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** The text of an HTML fragment; null when nothing but whitespace is left (no evidence). */
export function htmlToText(html: string | null | undefined): string | null {
  if (typeof html !== 'string') return null;
  const text = decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(BLOCK, '\n')
      .replace(TAG, ''),
  )
    // NUL and lone surrogates never reach the database.
    .replace(/\u0000/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line.length > 0);
  return lines.length ? lines.join('\n') : null;
}
