import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { apiKeys, sessions } from '../../src/db/schema.js';
import { hashSecret } from '../../src/sign-in/secrets.js';
import { SESSION_COOKIE } from '../../src/sign-in/sessions.js';
import { createOrg, createTestApp, expectProblem, openTestDatabase, type TestContext } from '../helpers/app.js';
import { sessionFor, setCookie } from '../helpers/browser-session.js';

describe('sessions, CSRF, API keys and deactivation', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('sends a signed-out visit to an /app page to the sign-in page', async () => {
    const response = await ctx.app.inject({ url: '/app' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
  });

  it('takes cookie-authenticated writes only with the CSRF token; bearer requests need none', async () => {
    const org = await createOrg(ctx);
    const recruiter = await org.addUser(['recruiter']);
    const session = await sessionFor(ctx, org.orgId, recruiter.userId);
    const create = (headers: Record<string, string>) => ctx.app.inject({ method: 'POST', url: '/roles', headers, payload: { title: 'Designer' } });

    expectProblem(await create(session.headers), 403);
    expectProblem(await create({ ...session.headers, 'x-csrf-token': 'wrong' }), 403);
    expect((await create(session.writeHeaders)).statusCode).toBe(201);
    expect((await create(recruiter.auth)).statusCode).toBe(201);
    // Reads need no token.
    expect((await ctx.app.inject({ url: '/roles', headers: session.headers })).statusCode).toBe(200);
  });

  it('starts a new session id at every sign-in, and ends it at sign-out', async () => {
    const org = await createOrg(ctx);
    const user = await org.addUser(['interviewer']);
    const first = await sessionFor(ctx, org.orgId, user.userId);
    const second = await sessionFor(ctx, org.orgId, user.userId);
    expect(first.cookie).not.toBe(second.cookie);

    // A forged sign-out from another site carries the cookie but not the token: refused.
    expect((await ctx.app.inject({ method: 'POST', url: '/sign-out', headers: first.headers })).statusCode).toBe(403);
    const out = await ctx.app.inject({ method: 'POST', url: '/sign-out', headers: first.headers, payload: { _csrf: first.csrfToken } });
    expect(out.statusCode).toBe(303);
    expect(setCookie(out, SESSION_COOKIE)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expectProblem(await ctx.app.inject({ url: '/me', headers: first.headers }), 401);
    expect((await ctx.app.inject({ url: '/me', headers: second.headers })).statusCode).toBe(200);
  });

  it('ends a session idle for 12 hours or older than 7 days', async () => {
    const org = await createOrg(ctx);
    const user = await org.addUser(['interviewer']);
    const idle = await sessionFor(ctx, org.orgId, user.userId);
    const old = await sessionFor(ctx, org.orgId, user.userId);
    const { db } = ctx.database;
    await db.update(sessions).set({ lastSeenAt: sql`now() - interval '12 hours 1 minute'` }).where(eq(sessions.tokenHash, hashSecret(idle.cookie)));
    await db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.tokenHash, hashSecret(old.cookie)));
    expectProblem(await ctx.app.inject({ url: '/me', headers: idle.headers }), 401);
    expectProblem(await ctx.app.inject({ url: '/me', headers: old.headers }), 401);
    const fresh = await sessionFor(ctx, org.orgId, user.userId);
    // The next sign-in swept both expired rows away.
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.userId))).toHaveLength(1);
    const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, hashSecret(fresh.cookie)));
    expect((row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000).toBeCloseTo(7, 2);
  });

  it('makes the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await createTestApp({ publicUrl: 'https://hiring.example.test' });
    try {
      const org = await createOrg(secure);
      await secure.app.inject({ method: 'POST', url: '/users', headers: org.admin.auth, payload: { email: `s-${Date.now()}@example.test`, name: 'S', permissions: ['interviewer'] } });
      const outbox = (await import('node:fs')).readdirSync(`${secure.config.dataDir}/outbox`);
      const { readFileSync } = await import('node:fs');
      const mail = outbox.map((f) => readFileSync(`${secure.config.dataDir}/outbox/${f}`, 'utf8')).find((m) => m.includes('https://hiring.example.test/sign-in/email/'))!;
      const token = /https:\/\/hiring\.example\.test\/sign-in\/email\/([A-Za-z0-9_-]+)/.exec(mail.replace(/=\n/g, ''))![1]!;
      const response = await secure.app.inject({ method: 'POST', url: `/sign-in/email/${token}` });
      expect(setCookie(response, SESSION_COOKIE)).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('issues API keys shown once and stored hashed, usable like a token until revoked or expired', async () => {
    const org = await createOrg(ctx);
    const recruiter = await org.addUser(['recruiter']);
    const created = await ctx.app.inject({ method: 'POST', url: '/me/api-keys', headers: recruiter.auth, payload: { name: 'Nightly export' } });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^hsk_/);
    expect(apiKey).toMatchObject({ name: 'Nightly export', lastUsedAt: null, revokedAt: null });

    const rows = await ctx.database.db.execute(sql`select row_to_json(k)::text as row from api_keys k where k.user_id = ${recruiter.userId}`);
    for (const row of (rows as unknown as { rows: { row: string }[] }).rows) expect(row.row).not.toContain(key.slice(4));

    const withKey = { authorization: `Bearer ${key}` };
    const me = await ctx.app.inject({ url: '/me', headers: withKey });
    expect(me.json()).toMatchObject({ id: recruiter.userId, permissions: ['recruiter'] });
    expect((await ctx.app.inject({ method: 'POST', url: '/roles', headers: withKey, payload: { title: 'By key' } })).statusCode).toBe(201);
    expectProblem(await ctx.app.inject({ method: 'POST', url: '/users', headers: withKey, payload: { email: 'x@example.test', name: 'X', permissions: ['interviewer'] } }), 403);

    const listed = (await ctx.app.inject({ url: '/me/api-keys', headers: recruiter.auth })).json();
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(key);

    expect((await ctx.app.inject({ method: 'DELETE', url: `/me/api-keys/${apiKey.id}`, headers: recruiter.auth })).statusCode).toBe(204);
    expectProblem(await ctx.app.inject({ url: '/me', headers: withKey }), 401);

    const expiring = (await ctx.app.inject({ method: 'POST', url: '/me/api-keys', headers: recruiter.auth, payload: { name: 'Short', expiresAt: new Date(Date.now() + 3_600_000).toISOString() } })).json();
    await ctx.database.db.update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, expiring.apiKey.id));
    expectProblem(await ctx.app.inject({ url: '/me', headers: { authorization: `Bearer ${expiring.key}` } }), 401);
    expectProblem(await ctx.app.inject({ url: '/me', headers: { authorization: 'Bearer hsk_made-up' } }), 401);
    expectProblem(await ctx.app.inject({ method: 'POST', url: '/me/api-keys', headers: recruiter.auth, payload: { name: 'Past', expiresAt: '2001-01-01T00:00:00Z' } }), 400);

    const other = await createOrg(ctx);
    expectProblem(await ctx.app.inject({ method: 'DELETE', url: `/me/api-keys/${expiring.apiKey.id}`, headers: other.admin.auth }), 404);
  });

  it('a key acts with its owner’s current permissions', async () => {
    const org = await createOrg(ctx);
    const user = await org.addUser(['interviewer']);
    const { key } = (await ctx.app.inject({ method: 'POST', url: '/me/api-keys', headers: user.auth, payload: { name: 'k' } })).json();
    expectProblem(await ctx.app.inject({ method: 'POST', url: '/roles', headers: { authorization: `Bearer ${key}` }, payload: { title: 'No' } }), 403);
    await ctx.database.db.execute(sql`update users set permissions = '{recruiter}' where id = ${user.userId}`);
    expect((await ctx.app.inject({ method: 'POST', url: '/roles', headers: { authorization: `Bearer ${key}` }, payload: { title: 'Yes' } })).statusCode).toBe(201);
  });

  it('deactivation ends the user’s session, API key and staff token at once', async () => {
    const org = await createOrg(ctx);
    const user = await org.addUser(['recruiter']);
    const session = await sessionFor(ctx, org.orgId, user.userId);
    const { key } = (await ctx.app.inject({ method: 'POST', url: '/me/api-keys', headers: user.auth, payload: { name: 'k' } })).json();
    for (const headers of [session.headers, { authorization: `Bearer ${key}` }, user.auth]) {
      expect((await ctx.app.inject({ url: '/me', headers })).statusCode).toBe(200);
    }
    const deactivated = await ctx.app.inject({ method: 'POST', url: `/users/${user.userId}/deactivate`, headers: org.admin.auth });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json().deactivatedAt).not.toBeNull();
    for (const headers of [session.headers, { authorization: `Bearer ${key}` }, user.auth]) {
      expectProblem(await ctx.app.inject({ url: '/me', headers }), 401);
    }
    expectProblem(await ctx.app.inject({ method: 'POST', url: `/users/${org.admin.userId}/deactivate`, headers: org.admin.auth }), 422);
    expectProblem(await ctx.app.inject({ method: 'POST', url: `/users/${user.userId}/deactivate`, headers: user.auth }), 401);
  });

  it('shares sessions between two service instances on one database', async () => {
    const database = await openTestDatabase();
    const second = await buildApp({ config: ctx.config, database, migrate: false, logger: false });
    try {
      const org = await createOrg(ctx);
      const user = await org.addUser(['interviewer']);
      const session = await sessionFor(ctx, org.orgId, user.userId);
      const there = await second.inject({ url: '/me', headers: session.headers });
      expect(there.statusCode).toBe(200);
      expect(there.json().id).toBe(user.userId);
      const out = await second.inject({ method: 'POST', url: '/sign-out', headers: session.headers, payload: { _csrf: session.csrfToken } });
      expect(out.statusCode).toBe(303);
      expectProblem(await ctx.app.inject({ url: '/me', headers: session.headers }), 401);
    } finally {
      await second.close();
      await database.close();
    }
  });
});
