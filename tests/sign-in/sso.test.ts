import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInTokens } from '../../src/db/schema.js';
import { hashSecret } from '../../src/sign-in/secrets.js';
import { SESSION_COOKIE } from '../../src/sign-in/sessions.js';
import { SSO_COOKIE } from '../../src/sign-in/sso.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { cookieValue, setCookie } from '../helpers/browser-session.js';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/oidc-provider.js';

const publicUrl = 'http://127.0.0.1:3000';

describe('SSO with a real OpenID Connect provider', () => {
  let idp: TestIdentityProvider;
  let ctx: TestContext;
  beforeAll(async () => {
    idp = await startIdentityProvider(`${publicUrl}/sign-in/sso/callback`);
    ctx = await createTestApp({ publicUrl, oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret } });
  });
  afterAll(async () => {
    await ctx.close();
    await idp.close();
  });

  /** Starts SSO at our service; returns the provider URL and the flow cookie the browser holds. */
  async function start() {
    const response = await ctx.app.inject({ url: '/sign-in/sso' });
    expect(response.statusCode).toBe(303);
    const location = new URL(response.headers.location as string);
    expect(location.origin).toBe(idp.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    return { url: location.href, cookie: `${SSO_COOKIE}=${cookieValue(setCookie(response, SSO_COOKIE)!)}` };
  }
  const callback = (url: URL, cookie: string) => ctx.app.inject({ url: `${url.pathname}${url.search}`, headers: { cookie } });

  it('offers SSO on the sign-in page when configured', async () => {
    expect((await ctx.app.inject({ url: '/' })).body).toContain('href="/sign-in/sso"');
  });

  it('signs in the active user whose verified email the provider vouches for, once', async () => {
    const org = await createOrg(ctx);
    const email = `sso-${Date.now()}@example.test`;
    const created = await ctx.app.inject({ method: 'POST', url: '/users', headers: org.admin.auth, payload: { email, name: 'Sam SSO', permissions: ['interviewer'] } });
    idp.accounts.set('sam', { email: email.toUpperCase(), verified: true });

    const flow = await start();
    const back = await idp.signInAs(flow.url, 'sam');
    const response = await callback(back, flow.cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/app');
    const session = `${SESSION_COOKIE}=${cookieValue(setCookie(response, SESSION_COOKIE)!)}`;
    expect((await ctx.app.inject({ url: '/me', headers: { cookie: session } })).json().id).toBe(created.json().id);

    // The same answer again (a replayed callback) is refused: the flow was used up.
    const replay = await callback(back, flow.cookie);
    expect(replay.statusCode).toBe(403);
    expect(setCookie(replay, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses an unverified email and an unknown email with a clear page, creating no account', async () => {
    idp.accounts.set('unverified', { email: `unverified-${Date.now()}@example.test`, verified: false });
    idp.accounts.set('stranger', { email: `stranger-${Date.now()}@example.test`, verified: true });
    const usersBefore = await ctx.database.db.execute(sql`select count(*)::int as n from users`);

    const a = await start();
    const unverified = await callback(await idp.signInAs(a.url, 'unverified'), a.cookie);
    expect(unverified.statusCode).toBe(403);
    expect(unverified.body).toContain('not verified');

    const b = await start();
    const stranger = await callback(await idp.signInAs(b.url, 'stranger'), b.cookie);
    expect(stranger.statusCode).toBe(403);
    expect(stranger.body).toContain('No active account');
    expect(setCookie(stranger, SESSION_COOKIE)).toBeUndefined();

    const usersAfter = await ctx.database.db.execute(sql`select count(*)::int as n from users`);
    expect((usersAfter as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe((usersBefore as unknown as { rows: { n: number }[] }).rows[0]!.n);
  });

  it('refuses a callback whose state or nonce does not match this browser’s flow', async () => {
    const org = await createOrg(ctx);
    const email = `mismatch-${Date.now()}@example.test`;
    await ctx.app.inject({ method: 'POST', url: '/users', headers: org.admin.auth, payload: { email, name: 'M', permissions: ['interviewer'] } });
    idp.accounts.set('mismatch', { email, verified: true });

    // State: another flow's answer, brought to this browser.
    const mine = await start();
    const theirs = await start();
    const theirAnswer = await idp.signInAs(theirs.url, 'mismatch');
    const wrongState = await callback(theirAnswer, mine.cookie);
    expect(wrongState.statusCode).toBe(403);
    expect(wrongState.body).toContain('did not match');

    // Nonce: the ID token's nonce differs from the one this flow stored.
    const flow = await start();
    const answer = await idp.signInAs(flow.url, 'mismatch');
    await ctx.database.db
      .update(signInTokens)
      .set({ data: sql`jsonb_set(${signInTokens.data}, '{nonce}', '"another-nonce"')` })
      .where(eq(signInTokens.tokenHash, hashSecret(cookieValue(flow.cookie))));
    const wrongNonce = await callback(answer, flow.cookie);
    expect(wrongNonce.statusCode).toBe(403);
    expect(setCookie(wrongNonce, SESSION_COOKIE)).toBeUndefined();

    // No flow cookie at all.
    expect((await ctx.app.inject({ url: `${answer.pathname}${answer.search}` })).statusCode).toBe(403);
  });
});
