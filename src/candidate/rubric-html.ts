// The rubric as a readable, accessible, self-contained page: no scripts, no external assets,
// every dynamic string escaped.
import type { CandidateRubric } from './rubric.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const style = `
  body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; margin: 0; background: #fafafa; }
  main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; background: #fff; }
  h1 { font-size: 1.9rem; margin-bottom: .25rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #e5e5ea; padding-bottom: .3rem; }
  .meta { color: #515154; margin-top: 0; } .stage { display: inline-block; background: #eef4ff; color: #0b3d91; padding: .2rem .6rem; border-radius: .4rem; }
  table { border-collapse: collapse; width: 100%; margin: .75rem 0 1.5rem; } th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border: 1px solid #d2d2d7; }
  th { background: #f5f5f7; } .must { font-weight: 600; color: #8a1c1c; } section.criterion { margin-bottom: 1.75rem; }
  a { color: #0b57d0; } :focus { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;

export function rubricHtml(r: CandidateRubric): string {
  const list = (items: string[]) => (items.length ? items.map(escape).join(', ') : '—');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How we evaluate: ${escape(r.role.title)}</title>
<style>${style}</style>
</head>
<body>
<main>
<header>
<h1>${escape(r.role.title)}</h1>
<p class="meta">${[r.role.level, r.role.team].filter(Boolean).map((s) => escape(s!)).join(' · ')}</p>
<p>Your stage: <span class="stage">${escape(r.yourStage)}</span></p>
</header>
<section aria-labelledby="who"><h2 id="who">Who we are hiring</h2><p>${escape(r.role.whoWeAreHiring ?? '')}</p></section>
<section aria-labelledby="success"><h2 id="success">What success looks like</h2>
<table><caption class="meta">Success metrics for this role</caption>
<thead><tr><th scope="col">Metric</th><th scope="col">How it is measured</th><th scope="col">Target</th><th scope="col">By</th></tr></thead>
<tbody>${r.successMetrics.map((m) => `<tr><th scope="row">${escape(m.name)}${m.description ? `<br><span class="meta">${escape(m.description)}</span>` : ''}</th><td>${escape(m.howMeasured)}</td><td>${escape(m.target)}</td><td>${m.horizonDays} days</td></tr>`).join('')}</tbody>
</table></section>
<section aria-labelledby="criteria"><h2 id="criteria">What we evaluate</h2>
<p>Each criterion is rated on this scale: ${r.scale.map((s) => `${s.level} = ${escape(s.label)}`).join(', ')}.</p>
${r.criteria
  .map(
    (c) => `<section class="criterion"><h3>${escape(c.name)}${c.mustHave ? ' <span class="must">(must-have)</span>' : ''}</h3>
<p>${escape(c.description)}</p>
<p>Meets the bar at level ${c.bar.level} (${escape(c.bar.label)}). Serves: ${list(c.servesMetrics)}.</p>
<table><caption class="meta">What each level looks like</caption><thead><tr><th scope="col">Level</th><th scope="col">What we see</th></tr></thead>
<tbody>${c.anchors.map((a) => `<tr><th scope="row">${a.level} · ${escape(a.label)}</th><td>${escape(a.text)}</td></tr>`).join('')}</tbody></table></section>`,
  )
  .join('\n')}
</section>
<section aria-labelledby="steps"><h2 id="steps">The steps</h2>
<ol>${r.steps.map((s) => `<li><strong>${escape(s.name)}</strong> (${escape(s.kind.replace('_', ' '))}) — evaluates: ${list(s.evaluates)}</li>`).join('')}</ol>
</section>
<section aria-labelledby="decision"><h2 id="decision">How the decision is made</h2><p>${escape(r.decision.how)}</p></section>
</main>
</body>
</html>`;
}
