import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { sessionFor } from '../helpers/browser-session.js';

describe('the API keys page', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('creates a key shown once, lists it without the key, and revokes it; bad input is explained beside the field', async () => {
    const org = await createOrg(ctx);
    const user = await org.addUser(['recruiter'], 'Kay Keys');
    const session = await sessionFor(ctx, org.orgId, user.userId);
    const post = (url: string, fields: Record<string, string>) =>
      ctx.app.inject({ method: 'POST', url, headers: { ...session.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: session.csrfToken, ...fields }) });

    const invalid = await post('/app/settings/api-keys', { name: ' ', expiresOn: '2001-01-01' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Enter a name for the key');
    expect(invalid.body).toContain('Enter a date in the future');
    expect(invalid.body).toContain('value="2001-01-01"');

    const created = await post('/app/settings/api-keys', { name: 'Nightly <export>', expiresOn: '2999-12-31' });
    expect(created.statusCode).toBe(201);
    const key = /<code class="secret" id="new-key">(hsk_[^<]+)<\/code>/.exec(created.body)![1]!;
    expect(created.body).toContain('Nightly &lt;export&gt;');
    expect((await ctx.app.inject({ url: '/me', headers: { authorization: `Bearer ${key}` } })).json().id).toBe(user.userId);

    const listed = await ctx.app.inject({ url: '/app/settings/api-keys', headers: session.headers });
    expect(listed.body).not.toContain(key);
    expect(listed.body).toContain(key.slice(0, 12));
    const keyId = /action="\/app\/settings\/api-keys\/([0-9a-f-]+)\/revoke"/.exec(listed.body)![1]!;

    // Without the CSRF token the revoke is refused.
    const forged = await ctx.app.inject({ method: 'POST', url: `/app/settings/api-keys/${keyId}/revoke`, headers: session.headers });
    expect(forged.statusCode).toBe(403);
    const revoked = await post(`/app/settings/api-keys/${keyId}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await ctx.app.inject({ url: '/me', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
  });
});
