import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInTokens } from '../../src/db/schema.js';
import { hashSecret } from '../../src/sign-in/secrets.js';
import { SESSION_COOKIE } from '../../src/sign-in/sessions.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { cookieValue, setCookie } from '../helpers/browser-session.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

describe('signing in with an email link', () => {
  let ctx: TestContext;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    ctx = await createTestApp({ mail: { smtpUrl: smtp.url, from: 'Hiring <no-reply@example.test>' } });
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
  });

  const uniqueEmail = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 10)}@example.test`;
  const requestLink = (email: string, ip = '10.0.0.1') =>
    ctx.app.inject({ method: 'POST', url: '/sign-in/email', payload: new URLSearchParams({ email }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: ip });
  const pathOf = (link: string) => new URL(link).pathname;
  /** What the button on the link's page does (opening the link itself uses nothing up). */
  const follow = (path: string) => ctx.app.inject({ method: 'POST', url: path });

  async function invite(email: string, permissions = ['interviewer']) {
    const org = await createOrg(ctx);
    const created = await ctx.app.inject({ method: 'POST', url: '/users', headers: org.admin.auth, payload: { email, name: 'Rita Reviewer', permissions } });
    expect(created.statusCode).toBe(201);
    return { org, userId: created.json().id as string };
  }

  it('shows the sign-in page to a signed-out visitor, never cached', async () => {
    const response = await ctx.app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('action="/sign-in/email"');
  });

  it('answers the same for a known and an unknown address, and mails only the known one a link that works once', async () => {
    const known = uniqueEmail('known');
    await invite(known);
    await smtp.waitFor(known); // the invitation
    const unknown = uniqueEmail('unknown');

    const a = await requestLink(known.toUpperCase());
    const b = await requestLink(unknown);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(a.body).toBe(b.body);

    const [, signInMail] = await smtp.waitFor(known, 2);
    expect(signInMail!.subject).toMatch(/sign-in link/);
    const link = signInMail!.links[0]!;
    expect(link.startsWith(`${ctx.config.publicUrl}/sign-in/email/`)).toBe(true);

    // A mail scanner opening the link twice changes nothing: the page only offers a button.
    for (let i = 0; i < 2; i++) {
      const opened = await ctx.app.inject({ url: pathOf(link) });
      expect(opened.statusCode).toBe(200);
      expect(opened.body).toContain(`action="${pathOf(link)}"`);
      expect(setCookie(opened, SESSION_COOKIE)).toBeUndefined();
    }
    const first = await follow(pathOf(link));
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/app');
    const cookie = setCookie(first, SESSION_COOKIE)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // PUBLIC_URL is http in this test

    const me = await ctx.app.inject({ url: '/me', headers: { cookie: `${SESSION_COOKIE}=${cookieValue(cookie)}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: known, name: 'Rita Reviewer', permissions: ['interviewer'] });

    const again = await follow(pathOf(link));
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This link no longer works');
    expect((await ctx.app.inject({ url: pathOf(link) })).statusCode).toBe(400);
    expect(smtp.to(unknown)).toHaveLength(0);
  });

  it('refuses a link after its 15 minutes', async () => {
    const email = uniqueEmail('late');
    await invite(email);
    await smtp.waitFor(email);
    await requestLink(email);
    const [, mail] = await smtp.waitFor(email, 2);
    const token = pathOf(mail!.links[0]!).split('/').pop()!;
    await ctx.database.db.update(signInTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(signInTokens.tokenHash, hashSecret(token)));
    const response = await follow(pathOf(mail!.links[0]!));
    expect(response.statusCode).toBe(400);
    expect(setCookie(response, SESSION_COOKIE)).toBeUndefined();
  });

  it('keeps what was typed and explains a malformed address beside the field', async () => {
    const response = await requestLink('not an email <b>');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('class="field-error"');
    expect(response.body).toContain('Enter an email address in the right format');
    expect(response.body).toContain('value="not an email &lt;b&gt;"');
  });

  it('mails at most five links per address in 15 minutes, and answers 429 past 20 requests from one client', async () => {
    const email = uniqueEmail('flood');
    await invite(email);
    await smtp.waitFor(email);
    for (let i = 0; i < 7; i++) expect((await requestLink(email, '10.0.0.77')).statusCode).toBe(200);
    await smtp.waitFor(email, 6);
    // Every request's mail (if any) is sent before the next request's check; give stragglers a beat by asking again.
    expect((await requestLink(uniqueEmail('other'), '10.0.0.77')).statusCode).toBe(200);
    expect(smtp.to(email)).toHaveLength(6); // one invitation + five links

    for (let i = 0; i < 12; i++) await requestLink(uniqueEmail('burst'), '10.0.0.77');
    const limited = await requestLink(uniqueEmail('burst'), '10.0.0.77');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('text/html');
    expect((await requestLink(uniqueEmail('elsewhere'), '10.0.0.78')).statusCode).toBe(200);
  });

  it('lets a person whose address is in two organizations choose one', async () => {
    const email = uniqueEmail('both');
    const first = await invite(email);
    const second = await invite(email, ['recruiter']);
    await smtp.waitFor(email, 2);
    await requestLink(email);
    const mails = await smtp.waitFor(email, 3);
    const link = mails[2]!.links[0]!;

    const followed = await follow(pathOf(link));
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe('/sign-in/choose');
    const choice = `hs_choose_org=${cookieValue(setCookie(followed, 'hs_choose_org')!)}`;

    const chooser = await ctx.app.inject({ url: '/sign-in/choose', headers: { cookie: choice } });
    expect(chooser.statusCode).toBe(200);
    expect(chooser.body).toContain(`value="${first.userId}"`);
    expect(chooser.body).toContain(`value="${second.userId}"`);

    const unchosen = await ctx.app.inject({ method: 'POST', url: '/sign-in/choose', headers: { cookie: choice, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(unchosen.statusCode).toBe(400);
    expect(unchosen.body).toContain('Choose an organization');

    const chosen = await ctx.app.inject({ method: 'POST', url: '/sign-in/choose', headers: { cookie: choice }, payload: { userId: second.userId } });
    expect(chosen.statusCode).toBe(303);
    const session = `${SESSION_COOKIE}=${cookieValue(setCookie(chosen, SESSION_COOKIE)!)}`;
    const me = (await ctx.app.inject({ url: '/me', headers: { cookie: session } })).json();
    expect(me).toMatchObject({ id: second.userId, orgId: second.org.orgId, permissions: ['recruiter'] });

    const replay = await ctx.app.inject({ method: 'POST', url: '/sign-in/choose', headers: { cookie: choice }, payload: { userId: first.userId } });
    expect(replay.statusCode).toBe(400);
  });

  it('invites by mail with a link that signs the new colleague in once, within 7 days', async () => {
    const email = uniqueEmail('invitee');
    const { org, userId } = await invite(email);
    const [mail] = await smtp.waitFor(email);
    expect(mail!.subject).toContain('invited you');
    expect(mail!.text).toContain('7 days');
    const path = pathOf(mail!.links[0]!);
    const row = (await ctx.database.db.select().from(signInTokens).where(eq(signInTokens.tokenHash, hashSecret(path.split('/').pop()!))))[0]!;
    const days = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 2);

    expect((await ctx.app.inject({ url: path })).body).toContain('Accept and sign in');
    const followed = await follow(path);
    expect(followed.statusCode).toBe(303);
    const session = `${SESSION_COOKIE}=${cookieValue(setCookie(followed, SESSION_COOKIE)!)}`;
    expect((await ctx.app.inject({ url: '/me', headers: { cookie: session } })).json()).toMatchObject({ id: userId, orgId: org.orgId });
    expect((await follow(path)).statusCode).toBe(400);
  });

  it('never mails anything for a deactivated user', async () => {
    const email = uniqueEmail('gone');
    const { org, userId } = await invite(email);
    await smtp.waitFor(email);
    expect((await ctx.app.inject({ method: 'POST', url: `/users/${userId}/deactivate`, headers: org.admin.auth })).statusCode).toBe(200);
    await requestLink(email);
    await requestLink(uniqueEmail('sentinel-after')); // a later request: its handling finishes after ours
    expect(smtp.to(email)).toHaveLength(1);
  });
});
