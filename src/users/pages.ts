// /app/admin/users: the organization's staff, invite (same use case as POST /users, which mails
// the invitation) and deactivate (same use case as POST /users/:userId/deactivate). Admins only.
import { z } from 'zod';
import { notFound, Problem } from '../errors.js';
import { text } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { permissions } from '../plugins/auth.js';
import { formatTime } from '../pages/format.js';
import { describedBy, errorFor, errorSummary, fieldErrors, fieldId, type FieldErrors } from '../pages/forms.js';
import { html, type SafeHtml } from '../pages/html.js';
import { csrfField, layout, type Viewer } from '../pages/layout.js';
import { pageFor, sendPage, viewerOf } from '../pages/plugin.js';
import { findUser, listUsers, type UserRow } from './queries.js';
import { createUserBody, setPermissionsBody } from './schemas.js';
import { deactivateUser, inviteUser, setUserPermissions } from './usecases.js';

const PAGE = 100;
const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

interface InviteValues {
  email?: string;
  name?: string;
  permissions?: string[];
}

export function usersPage(props: { viewer: Viewer; users: UserRow[]; nextCursor: string | null; values?: InviteValues; errors?: FieldErrors; notice?: string }): SafeHtml {
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const body = html`<h1>People</h1>
${props.notice ? html`<div class="notice" role="status">${props.notice}</div>` : ''}
<h2>Invite someone</h2>
<form method="post" action="/app/admin/users" novalidate>${csrfField(props.viewer)}
${errorSummary(errors)}
<div class="${errors.email ? 'has-error' : ''}"><label for="${fieldId('email')}">Email</label>${errorFor(errors, 'email')}<input type="email" id="${fieldId('email')}" name="email" autocomplete="off" value="${values.email ?? ''}"${describedBy(errors, 'email')}></div>
<div class="${errors.name ? 'has-error' : ''}"><label for="${fieldId('name')}">Name</label>${errorFor(errors, 'name')}<input type="text" id="${fieldId('name')}" name="name" autocomplete="off" value="${values.name ?? ''}"${describedBy(errors, 'name')}></div>
<fieldset id="${fieldId('permissions')}" class="${errors.permissions ? 'has-error' : ''}"${describedBy(errors, 'permissions')}><legend>Permissions</legend>${errorFor(errors, 'permissions')}
${permissions.map((p) => html`<div class="choice"><input type="checkbox" id="perm-${p}" name="permissions" value="${p}"${values.permissions?.includes(p) ? html` checked` : ''}><label for="perm-${p}">${p}</label></div>`)}
</fieldset>
<button type="submit">Send invitation</button></form>
<h2>Staff</h2>
<div class="table-wrap"><table><caption>Staff of this organization</caption><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Permissions</th><th scope="col">Added</th><th scope="col">Status</th></tr></thead>
<tbody>${props.users.map((u) => html`<tr><th scope="row"><a href="/app/admin/users/${u.id}">${u.name ?? u.email ?? u.sub}</a></th><td>${u.email ?? u.sub}</td><td>${u.permissions.join(', ')}</td><td>${formatTime(u.createdAt)}</td><td>${u.deactivatedAt
  ? html`Deactivated ${formatTime(u.deactivatedAt)}`
  : u.id === props.viewer.userId
    ? 'Active (you)'
    : html`Active <form method="post" action="/app/admin/users/${u.id}/deactivate" class="inline">${csrfField(props.viewer)}<button type="submit" class="danger">Deactivate<span class="visually-hidden"> ${u.name ?? u.email ?? ''}</span></button></form>`}</td></tr>`)}</tbody></table></div>
${props.nextCursor ? html`<p><a href="/app/admin/users?after=${props.nextCursor}">More people</a></p>` : ''}`;
  return layout({ title: 'People', viewer: props.viewer, body });
}

export function userPage(props: { viewer: Viewer; user: UserRow; chosen?: string[]; errors?: FieldErrors; saved?: boolean }): SafeHtml {
  const { user } = props;
  const errors = props.errors ?? {};
  const chosen = props.chosen ?? user.permissions;
  const title = user.name ?? user.email ?? user.sub;
  const body = html`<p><a href="/app/admin/users">All people</a></p><h1>${title}</h1>
${props.saved ? html`<div class="notice" role="status">Permissions saved. They apply from the next request of each session and API key.</div>` : ''}
<dl class="facts"><dt>Email</dt><dd>${user.email ?? '–'}</dd><dt>Added</dt><dd>${formatTime(user.createdAt)}</dd><dt>Status</dt><dd>${user.deactivatedAt ? `Deactivated ${formatTime(user.deactivatedAt)}` : 'Active'}</dd></dl>
<form method="post" action="/app/admin/users/${user.id}/permissions">${csrfField(props.viewer)}
${errorSummary(errors)}
<fieldset id="${fieldId('permissions')}" class="${errors.permissions ? 'has-error' : ''}"${describedBy(errors, 'permissions')}><legend>Permissions</legend>${errorFor(errors, 'permissions')}
${permissions.map((p) => html`<div class="choice"><input type="checkbox" id="perm-${p}" name="permissions" value="${p}"${chosen.includes(p) ? html` checked` : ''}><label for="perm-${p}">${p}</label></div>`)}
</fieldset>
<button type="submit">Save permissions</button></form>`;
  return layout({ title, viewer: props.viewer, body });
}

export async function userPages(app: App, deps: Deps) {
  const { db } = deps;
  const admin = pageFor(app, 'admin');
  const page = { page: true } as const;

  async function render(request: Parameters<typeof viewerOf>[1], after: string | undefined, extra: { values?: InviteValues; errors?: FieldErrors; notice?: string }) {
    const [viewer, rows] = await Promise.all([viewerOf(deps, request), listUsers(db, request.staff.orgId, { limit: PAGE, after })]);
    return usersPage({ viewer, users: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? rows[PAGE - 1]!.id : null, ...extra });
  }

  app.get('/app/admin/users', { preHandler: admin, config: page, schema: { hide: true, querystring: z.object({ after: z.uuid().optional(), invited: text({ max: 320, min: 0 }).optional(), deactivated: z.literal('1').optional() }) } }, async (request, reply) => {
    const { invited, deactivated } = request.query;
    const notice = invited ? `Invitation sent to ${invited}.` : deactivated ? 'The user is deactivated: their sessions and API keys no longer work.' : undefined;
    return sendPage(reply, await render(request, request.query.after, { notice }));
  });

  app.post('/app/admin/users', { preHandler: admin, config: page, schema: { hide: true, body: formBody } }, async (request, reply) => {
    const raw = request.body;
    const one = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const perms = raw.permissions === undefined ? [] : Array.isArray(raw.permissions) ? raw.permissions : [raw.permissions];
    const values: InviteValues = { email: one(raw.email)?.trim(), name: one(raw.name), permissions: perms };
    const parsed = createUserBody.safeParse({ email: values.email, name: values.name, permissions: perms });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      // Checkboxes offer only known permissions, so any permissions error means none was chosen.
      for (const key of Object.keys(errors)) if (key.startsWith('permissions')) delete errors[key];
      if (!parsed.error.issues.every((i) => i.path[0] !== 'permissions')) errors.permissions = 'Choose at least one permission';
      if (errors.email) errors.email = 'Enter an email address, like name@example.com';
      if (errors.name) errors.name = 'Enter their name';
      return sendPage(reply, await render(request, undefined, { values, errors }), 400);
    }
    try {
      await inviteUser(deps, request, parsed.data);
    } catch (error) {
      if (error instanceof Problem && error.status === 409) return sendPage(reply, await render(request, undefined, { values, errors: { email: error.detail } }), 409);
      throw error;
    }
    return reply.redirect(`/app/admin/users?invited=${encodeURIComponent(parsed.data.email)}`, 303);
  });

  const params = z.object({ userId: z.uuid() });
  const person = async (request: Parameters<typeof viewerOf>[1], userId: string) => {
    const user = await findUser(db, request.staff.orgId, userId);
    if (!user) throw notFound('user');
    return user;
  };

  app.get('/app/admin/users/:userId', { preHandler: admin, config: page, schema: { hide: true, params, querystring: z.object({ saved: z.literal('1').optional() }) } }, async (request, reply) => {
    const [viewer, user] = await Promise.all([viewerOf(deps, request), person(request, request.params.userId)]);
    return sendPage(reply, userPage({ viewer, user, saved: request.query.saved === '1' }));
  });

  app.post('/app/admin/users/:userId/permissions', { preHandler: admin, config: page, schema: { hide: true, params, body: formBody } }, async (request, reply) => {
    const raw = request.body.permissions;
    const chosen = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const parsed = setPermissionsBody.safeParse({ permissions: chosen });
    const rerender = async (errors: FieldErrors, status: number) => {
      const [viewer, user] = await Promise.all([viewerOf(deps, request), person(request, request.params.userId)]);
      return sendPage(reply, userPage({ viewer, user, chosen, errors }), status);
    };
    if (!parsed.success) return rerender({ permissions: 'Choose at least one permission' }, 400);
    try {
      await setUserPermissions(deps, request, request.params.userId, parsed.data.permissions);
    } catch (error) {
      if (error instanceof Problem && error.status === 422) return rerender({ permissions: error.detail }, 422);
      throw error;
    }
    return reply.redirect(`/app/admin/users/${request.params.userId}?saved=1`, 303);
  });

  app.post('/app/admin/users/:userId/deactivate', { preHandler: admin, config: page, schema: { hide: true, params: z.object({ userId: z.uuid() }) } }, async (request, reply) => {
    await deactivateUser(deps, request, request.params.userId);
    return reply.redirect('/app/admin/users?deactivated=1', 303);
  });
}
