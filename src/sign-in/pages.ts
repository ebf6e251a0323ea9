import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { text } from '../http/schemas.js';
import type { App, Deps } from '../http/types.js';
import { fieldErrors } from '../pages/forms.js';
import { sendPage } from '../pages/plugin.js';
import { endSession, findSession, SESSION_COOKIE } from './sessions.js';
import { completeSetup, setupIsOpen } from './setup.js';
import { createSso, SSO_COOKIE } from './sso.js';
import {
  CHOOSE_COOKIE,
  chooseOrganization,
  clearSessionCookie,
  followEmailLink,
  pendingEmailLink,
  pendingChoice,
  requestEmailLink,
  setSessionCookie,
  signInByEmail,
  type SignInOutcome,
} from './usecases.js';
import { checkEmailPage, chooseOrganizationPage, continueSignInPage, refusedPage, setupPage, signInPage } from './views.js';

const email = z.email('Enter an email address in the right format, like name@example.com').max(320, 'Enter an email address of at most 320 characters');
const emailForm = z.object({ email });
const chooseForm = z.object({ userId: z.uuid('Choose an organization') });
const setupForm = z.object({
  token: z.string(),
  orgName: text({ max: 200, messages: { required: 'Enter the name of your organization', tooLong: 'Enter a name of at most 200 characters' } }),
  name: text({ max: 200, messages: { required: 'Enter your name', tooLong: 'Enter a name of at most 200 characters' } }),
  email,
});

const page = { page: true } as const;
const hidden = { hide: true } as const;
/** At least 20 link requests per client in 15 minutes are served (SPEC); beyond, 429. */
const signInRateLimit = { max: 20, timeWindow: '15 minutes' };
const shortCookie = (path: string) => ({ path, httpOnly: true, sameSite: 'lax' as const, maxAge: 600 });

/** The sign-in pages: HTML forms, not part of the JSON contract (hidden from the OpenAPI document). */
export async function signInPages(app: App, deps: Deps) {
  const { db, config } = deps;
  const sso = createSso(config, db);
  const secure = config.publicUrl.startsWith('https:');

  const finish = (reply: FastifyReply, outcome: SignInOutcome) => {
    if (outcome.kind === 'signed_in') {
      setSessionCookie(reply, config, outcome.cookie);
      return reply.header('cache-control', 'no-store').redirect('/app', 303);
    }
    if (outcome.kind === 'choose') {
      reply.setCookie(CHOOSE_COOKIE, outcome.choiceToken, { ...shortCookie('/sign-in'), secure });
      return reply.header('cache-control', 'no-store').redirect('/sign-in/choose', 303);
    }
    return sendPage(reply, refusedPage(outcome.reason), outcome.reason === 'no_account' ? 403 : 400);
  };

  const signedIn = async (request: FastifyRequest) => {
    const cookie = request.cookies[SESSION_COOKIE];
    return cookie ? Boolean(await findSession(db, cookie, config.session)) : false;
  };

  app.get('/', { config: page, schema: hidden }, async (request, reply) => {
    if (await signedIn(request)) return reply.header('cache-control', 'no-store').redirect('/app', 303);
    return sendPage(reply, signInPage({ sso: Boolean(sso) }));
  });

  app.post('/sign-in/email', { config: { ...page, rateLimit: signInRateLimit }, schema: hidden }, async (request, reply) => {
    const form = emailForm.safeParse(request.body ?? {});
    if (!form.success) {
      const typed = (request.body as { email?: unknown } | undefined)?.email;
      return sendPage(reply, signInPage({ email: typeof typed === 'string' ? typed : '', errors: fieldErrors(form.error), sso: Boolean(sso) }), 400);
    }
    // Not awaited: the answer must not take longer for an address that has an account.
    requestEmailLink(deps, form.data.email).catch((error: unknown) => request.log.error({ err: { message: (error as Error).message } }, 'could not send a sign-in link'));
    return sendPage(reply, checkEmailPage());
  });

  // Opening a mailed link only shows a button: mail scanners that fetch every link must not use it up.
  const linkParams = z.object({ token: text({ max: 200, trim: false }) });
  app.get('/sign-in/email/:token', { config: { ...page, rateLimit: signInRateLimit }, schema: { ...hidden, params: linkParams } }, async (request, reply) => {
    const pending = await pendingEmailLink(db, request.params.token);
    if (!pending) return sendPage(reply, refusedPage('expired'), 400);
    return sendPage(reply, continueSignInPage(request.params.token, pending.purpose === 'invitation'));
  });

  app.post('/sign-in/email/:token', { config: { ...page, rateLimit: signInRateLimit }, schema: { ...hidden, params: linkParams } }, async (request, reply) =>
    finish(reply, await followEmailLink(db, config, request.params.token)),
  );

  app.get('/sign-in/choose', { config: page, schema: hidden }, async (request, reply) => {
    const accounts = await pendingChoice(db, request.cookies[CHOOSE_COOKIE] ?? '');
    if (!accounts?.length) return sendPage(reply, refusedPage('expired'), 400);
    return sendPage(reply, chooseOrganizationPage(accounts));
  });

  app.post('/sign-in/choose', { config: page, schema: hidden }, async (request, reply) => {
    const token = request.cookies[CHOOSE_COOKIE] ?? '';
    const form = chooseForm.safeParse(request.body ?? {});
    if (!form.success) {
      const accounts = await pendingChoice(db, token);
      if (!accounts?.length) return sendPage(reply, refusedPage('expired'), 400);
      return sendPage(reply, chooseOrganizationPage(accounts, fieldErrors(form.error)), 400);
    }
    reply.clearCookie(CHOOSE_COOKIE, { path: '/sign-in' });
    return finish(reply, await chooseOrganization(db, config, token, form.data.userId));
  });

  app.get('/sign-in/sso', { config: page, schema: hidden }, async (_request, reply) => {
    if (!sso) return sendPage(reply, refusedPage('failed'), 404);
    const { url, cookie } = await sso.start();
    reply.setCookie(SSO_COOKIE, cookie, { ...shortCookie('/sign-in/sso'), secure });
    return reply.header('cache-control', 'no-store').redirect(url, 303);
  });

  app.get('/sign-in/sso/callback', { config: page, schema: hidden }, async (request, reply) => {
    if (!sso) return sendPage(reply, refusedPage('failed'), 404);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const result = await sso.finish(request.cookies[SSO_COOKIE], query);
    reply.clearCookie(SSO_COOKIE, { path: '/sign-in/sso' });
    if (result.kind === 'refused') return sendPage(reply, refusedPage(result.reason), 403);
    return finish(reply, await signInByEmail(db, config, result.email, 'sso'));
  });

  app.post('/sign-out', { config: page, schema: hidden }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      // The same CSRF rule as every other cookie-authenticated write: a foreign page cannot sign you out.
      await app.authenticateStaff(request).catch((error: { statusCode?: number; status?: number }) => {
        if ((error.status ?? error.statusCode) !== 401) throw error;
      });
      await endSession(db, cookie);
    }
    clearSessionCookie(reply, config);
    return reply.header('cache-control', 'no-store').redirect('/', 303);
  });

  app.get('/setup', { config: page, schema: { ...hidden, querystring: z.object({ token: text({ max: 200, min: 0, trim: false }).default('') }) } }, async (request, reply) => {
    if (!(await setupIsOpen(db, request.query.token))) return setupClosed(reply);
    return sendPage(reply, setupPage(request.query.token));
  });

  app.post('/setup', { config: page, schema: hidden }, async (request, reply) => {
    const form = setupForm.safeParse(request.body ?? {});
    const typed = (request.body ?? {}) as Record<string, unknown>;
    const token = typeof typed.token === 'string' ? typed.token : '';
    if (!(await setupIsOpen(db, token))) return setupClosed(reply);
    if (!form.success) {
      const values = { orgName: String(typed.orgName ?? ''), name: String(typed.name ?? ''), email: String(typed.email ?? '') };
      return sendPage(reply, setupPage(token, values, fieldErrors(form.error)), 400);
    }
    const cookie = await completeSetup(db, config, token, form.data);
    if (!cookie) return setupClosed(reply);
    return finish(reply, { kind: 'signed_in', cookie });
  });
}

function setupClosed(reply: FastifyReply) {
  return sendPage(reply, refusedPage('expired'), 404);
}
