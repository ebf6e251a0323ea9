// A staff token for a new sub provisions its user on first use, with the token's permissions and,
// when present, its name and email claims (so pages and the candidate rubric can name the person).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import { createOrg, createTestApp, type TestContext, type TestOrg } from '../helpers/app.js';

describe('provisioning from a staff token', () => {
  let ctx: TestContext;
  let org: TestOrg;
  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
  });
  afterAll(() => ctx.close());

  const me = (token: string) => ctx.app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });

  it('takes the name and email claims of the first token', async () => {
    const token = mintStaffToken(ctx.config, { org: org.orgId, sub: 'idp|dana', permissions: ['interviewer'], name: 'Dana Okafor', email: 'dana@acme.test' });
    const response = await me(token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ sub: 'idp|dana', name: 'Dana Okafor', email: 'dana@acme.test', permissions: ['interviewer'] });
    const listed = (await ctx.app.inject({ url: '/users?limit=200', headers: org.admin.auth })).json();
    expect(listed.items.find((u: { sub: string }) => u.sub === 'idp|dana')).toMatchObject({ name: 'Dana Okafor', email: 'dana@acme.test' });
  });

  it('provisions without them when absent or malformed, and still authenticates', async () => {
    const bare = await me(mintStaffToken(ctx.config, { org: org.orgId, sub: 'idp|bare', permissions: ['recruiter'] }));
    expect(bare.json()).toMatchObject({ sub: 'idp|bare', name: null, email: null });
    const malformed = await me(mintStaffToken(ctx.config, { org: org.orgId, sub: 'idp|odd', permissions: ['recruiter'], name: 'a\u0000b', email: 'not-an-email' }));
    expect(malformed.statusCode, malformed.body).toBe(200);
    expect(malformed.json()).toMatchObject({ sub: 'idp|odd', name: null, email: null });
  });
});
