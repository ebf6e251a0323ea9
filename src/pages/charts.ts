// Small SVG charts drawn on the server from numbers and escaped labels. Each chart has a title for
// screen readers and is always shown beside a text table holding the same figures. Hand-drawn
// rather than rendered by a chart library: see docs/insight-pages.md for why.
import { escapeHtml, trusted, type SafeHtml } from './html.js';

const W = 640;
const LABEL = 170;
const ROW = 26;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export interface BarSeries {
  label: string;
  /** One CSS class per series (colour comes from the stylesheet: no inline styles under the CSP). */
  className: string;
}

/**
 * Grouped horizontal bars: one group per row label, one bar per series. `max` fixes the scale
 * (e.g. 1 for rates); otherwise the largest value.
 */
export function barChart(props: { title: string; rows: { label: string; values: (number | null)[] }[]; series: BarSeries[]; max?: number; lines?: { at: number; label: string }[] }): SafeHtml {
  const { rows, series } = props;
  const max = props.max ?? Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const plot = W - LABEL - 50;
  const groupHeight = series.length * ROW + 10;
  const legendHeight = 24;
  const height = legendHeight + rows.length * groupHeight + 24;
  const x = (v: number) => LABEL + (Math.max(0, v) / max) * plot;
  const parts: string[] = [];
  series.forEach((s, i) => {
    const lx = 10 + i * 150;
    parts.push(`<rect class="${s.className}" x="${lx}" y="4" width="12" height="12"/><text x="${lx + 18}" y="15">${escapeHtml(s.label)}</text>`);
  });
  rows.forEach((row, r) => {
    const top = legendHeight + r * groupHeight;
    parts.push(`<text class="axis-label" x="${LABEL - 8}" y="${top + groupHeight / 2}" text-anchor="end">${escapeHtml(truncate(row.label))}</text>`);
    row.values.forEach((v, i) => {
      const y = top + i * ROW + 4;
      if (v === null) {
        parts.push(`<text x="${LABEL + 4}" y="${y + 16}">n/a</text>`);
        return;
      }
      parts.push(`<rect class="${series[i]!.className}" x="${LABEL}" y="${y}" width="${(x(v) - LABEL).toFixed(1)}" height="${ROW - 6}"/>`);
      parts.push(`<text x="${(x(v) + 4).toFixed(1)}" y="${y + 15}">${fmt(v)}</text>`);
    });
  });
  for (const line of props.lines ?? []) {
    const lx = x(line.at).toFixed(1);
    parts.push(`<line class="ref-line" x1="${lx}" x2="${lx}" y1="${legendHeight}" y2="${height - 16}"/><text class="ref-label" x="${lx}" y="${height - 4}" text-anchor="middle">${escapeHtml(line.label)}</text>`);
  }
  return svg(props.title, height, parts);
}

/**
 * Dots with intervals on a shared axis (leniency with its 95% interval), with a zero line.
 * Rows without a value are listed with "n/a".
 */
export function intervalChart(props: { title: string; rows: { label: string; value: number | null; low: number | null; high: number | null }[]; min?: number; max?: number }): SafeHtml {
  const known = props.rows.flatMap((r) => [r.low, r.high, r.value].filter((v): v is number => v !== null));
  const span = Math.max(1, ...known.map(Math.abs));
  const min = props.min ?? -span;
  const max = props.max ?? span;
  const plot = W - LABEL - 30;
  const x = (v: number) => LABEL + ((v - min) / (max - min)) * plot;
  const height = props.rows.length * ROW + 40;
  const parts: string[] = [];
  const zero = x(0).toFixed(1);
  parts.push(`<line class="ref-line" x1="${zero}" x2="${zero}" y1="4" y2="${height - 20}"/><text class="ref-label" x="${zero}" y="${height - 6}" text-anchor="middle">0</text>`);
  parts.push(`<text class="ref-label" x="${LABEL}" y="${height - 6}">${fmt(min)}</text><text class="ref-label" x="${LABEL + plot}" y="${height - 6}" text-anchor="end">${fmt(max)}</text>`);
  props.rows.forEach((row, r) => {
    const y = 8 + r * ROW + ROW / 2;
    parts.push(`<text class="axis-label" x="${LABEL - 8}" y="${y + 5}" text-anchor="end">${escapeHtml(truncate(row.label))}</text>`);
    if (row.value === null) {
      parts.push(`<text x="${LABEL + 4}" y="${y + 5}">n/a</text>`);
      return;
    }
    if (row.low !== null && row.high !== null) parts.push(`<line class="interval" x1="${x(row.low).toFixed(1)}" x2="${x(row.high).toFixed(1)}" y1="${y}" y2="${y}"/>`);
    parts.push(`<circle class="dot" cx="${x(row.value).toFixed(1)}" cy="${y}" r="5"/>`);
  });
  return svg(props.title, height, parts);
}

let counter = 0;
function svg(title: string, height: number, parts: string[]): SafeHtml {
  const id = `chart-${++counter % 1_000_000}`;
  // viewBox + width 100%: the chart scales down to 320 px instead of scrolling sideways.
  return trusted(`<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" role="img" aria-labelledby="${id}" focusable="false"><title id="${id}">${escapeHtml(title)}</title>${parts.join('')}</svg></figure>`);
}

const truncate = (label: string) => (label.length > 24 ? `${label.slice(0, 23)}…` : label);
