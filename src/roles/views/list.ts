import type { z } from 'zod';
import { html } from '../../pages/html.js';
import { layout, type Viewer } from '../../pages/layout.js';
import type { roleSchema } from '../schemas.js';

type Role = z.infer<typeof roleSchema>;
const statusTag = { draft: 'warn', open: 'good', closed: '' } as const;

export function rolesPage(props: { viewer: Viewer; roles: Role[]; canCreate: boolean; nextCursor: string | null }) {
  return layout({
    title: 'Roles',
    viewer: props.viewer,
    body: html`<h1>Roles</h1>
${props.canCreate ? html`<p><a class="button" href="/app/roles/new">Create a role</a></p>` : ''}
${props.roles.length === 0
  ? html`<p class="notice">No roles yet.</p>`
  : html`<ul class="plain">${props.roles.map(
      (r) => html`<li class="card"><h2 class="card-title"><a href="/app/roles/${r.id}">${r.title}</a></h2>
<p>${[r.level, r.team].filter(Boolean).join(' · ')} <span class="tag ${statusTag[r.status]}">${r.status}</span></p></li>`,
    )}</ul>`}
${props.nextCursor ? html`<p><a href="/app/roles?cursor=${props.nextCursor}">More roles</a></p>` : ''}`,
  });
}
