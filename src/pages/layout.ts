import type { Permission } from '../plugins/auth.js';
import { html, type SafeHtml } from './html.js';

/** Who is looking at a page: enough for the navigation and the forms' CSRF token. */
export interface Viewer {
  userId: string;
  name: string;
  permissions: Permission[];
  csrfToken: string;
}

interface NavItem {
  href: string;
  label: string;
  /** Shown when the viewer has any of these (admin sees everything); empty = every staff member. */
  for: Permission[];
}

const navigation: NavItem[] = [
  { href: '/app', label: 'Home', for: [] },
  { href: '/app/roles', label: 'Roles', for: [] },
  { href: '/app/me/calibration', label: 'My calibration', for: ['interviewer'] },
  { href: '/app/fairness', label: 'Fairness', for: ['compliance'] },
  { href: '/app/admin/users', label: 'People', for: ['admin'] },
  { href: '/app/admin/erasure', label: 'Erasure', for: ['admin'] },
  { href: '/app/admin/audit', label: 'Audit log', for: ['admin'] },
  { href: '/app/admin/imports', label: 'Imports', for: ['admin'] },
  { href: '/app/admin/webhooks', label: 'Webhooks', for: ['admin'] },
  { href: '/app/settings/api-keys', label: 'API keys', for: [] },
];

const can = (viewer: Viewer, item: NavItem) =>
  item.for.length === 0 || viewer.permissions.includes('admin') || item.for.some((p) => viewer.permissions.includes(p));

/** `candidate`: the candidate's pages, with no link into the staff side and no script (they need none). */
export function layout(page: { title: string; viewer?: Viewer; body: SafeHtml; candidate?: boolean }): SafeHtml {
  const { viewer } = page;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Hiring scorecards</title>
${viewer ? html`<meta name="csrf-token" content="${viewer.csrfToken}">` : ''}
<link rel="stylesheet" href="/assets/app.css">
${page.candidate ? '' : html`<script src="/assets/app.js" defer></script>`}
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="site">
${page.candidate ? html`<span class="brand">How we hire</span>` : html`<a class="brand" href="${viewer ? '/app' : '/'}">Hiring scorecards</a>`}
${viewer
  ? html`<nav aria-label="Main"><ul>${navigation.filter((item) => can(viewer, item)).map((item) => html`<li><a href="${item.href}">${item.label}</a></li>`)}</ul></nav>
<form method="post" action="/sign-out">${csrfField(viewer)}<button type="submit">Sign out ${viewer.name}</button></form>`
  : ''}
</header>
<main id="main">
${page.body}
</main>
</body>
</html>`;
}

export const csrfField = (viewer: Viewer) => html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">`;
