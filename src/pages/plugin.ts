import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { forbidden } from '../errors.js';
import type { App, Deps } from '../http/types.js';
import { hasPermission, type Permission } from '../plugins/auth.js';
import { findUser } from '../users/queries.js';
import { html, type SafeHtml } from './html.js';
import { layout, type Viewer } from './layout.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page: errors render as HTML, and a signed-out visit is sent to the sign-in page. */
    page?: boolean;
  }
}

const assets = fileURLToPath(new URL('./assets/', import.meta.url));

/** The page stack: self-hosted assets (CSP script-src 'self'). */
export async function registerPageAssets(app: App) {
  await app.register(fastifyStatic, { root: assets, prefix: '/assets/', maxAge: '1h', index: false });
}

/** Every page is personal: never cached, by the browser or anything in between. */
export function sendPage(reply: FastifyReply, body: SafeHtml, status = 200) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body.value);
}

/**
 * preHandler for /app pages: the same authentication and permission rule as `staffOnly` on the
 * API, so a page never lets in someone its API route would refuse.
 */
export function pageFor(app: App, ...allowed: Permission[]): preHandlerAsyncHookHandler {
  return async (request) => {
    await app.authenticateStaff(request);
    if (allowed.length && !allowed.some((p) => hasPermission(request.staff, p))) {
      throw forbidden(`This page needs the ${allowed.join(' or ')} permission.`);
    }
  };
}

/** The signed-in person as the layout shows them. Pages are only reached through a session or a key. */
export async function viewerOf({ db }: Deps, request: FastifyRequest): Promise<Viewer> {
  const user = await findUser(db, request.staff.orgId, request.staff.userId);
  return {
    userId: request.staff.userId,
    name: user?.name ?? user?.email ?? request.staff.sub,
    permissions: request.staff.permissions,
    csrfToken: request.staff.csrfToken ?? '',
  };
}

/** An error on a page is a page: a signed-out visitor goes to sign in, anything else is explained. */
export function sendErrorPage(reply: FastifyReply, status: number, title: string, detail: string) {
  if (status === 401) return reply.code(303).header('cache-control', 'no-store').redirect('/');
  const body = html`<h1>${title}</h1><p>${detail}</p><p><a href="/app">Back to your home page</a></p>`;
  return sendPage(reply, layout({ title, body }), status);
}
