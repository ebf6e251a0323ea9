// Signed-in sessions for HTTP tests: the cookie and CSRF token a browser would hold.
import { findSession, SESSION_COOKIE } from '../../src/sign-in/sessions.js';
import { signIn } from '../../src/sign-in/usecases.js';
import type { TestContext } from './app.js';

export interface TestSession {
  cookie: string;
  csrfToken: string;
  /** Headers for app.inject: the session cookie (add `x-csrf-token` for writes). */
  headers: { cookie: string };
  writeHeaders: { cookie: string; 'x-csrf-token': string };
}

export async function sessionFor(ctx: TestContext, orgId: string, userId: string): Promise<TestSession> {
  const cookie = await signIn(ctx.database.db, ctx.config, { orgId, userId }, 'email_link');
  const session = (await findSession(ctx.database.db, cookie, ctx.config.session))!;
  const header = `${SESSION_COOKIE}=${cookie}`;
  return { cookie, csrfToken: session.csrfToken, headers: { cookie: header }, writeHeaders: { cookie: header, 'x-csrf-token': session.csrfToken } };
}

/** The value of a Set-Cookie header for `name`, if the response set one. */
export function setCookie(response: { headers: Record<string, unknown> }, name: string): string | undefined {
  const raw = response.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
  return all.find((c) => c.startsWith(`${name}=`));
}

export const cookieValue = (setCookieHeader: string) => setCookieHeader.split(';')[0]!.split('=').slice(1).join('=');
