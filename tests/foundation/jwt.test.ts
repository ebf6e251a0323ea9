import { generateKeyPairSync } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, expectProblem, TEST_SECRET, type TestContext, type TestOrg } from '../helpers/app.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('staff JWT verification (HS256 pinned)', () => {
  let ctx: TestContext;
  let org: TestOrg;
  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
  });
  afterAll(() => ctx.close());

  const claims = () => ({ sub: 'new-person', org: org.orgId, permissions: ['recruiter'], iss: 'hiring-scorecards', aud: 'hiring-scorecards', exp: now() + 600 });
  const sign = (payload: object, algorithm: 'HS256' | 'HS384' | 'HS512' = 'HS256', key = TEST_SECRET) =>
    createSigner({ key, algorithm })(payload as Record<string, unknown>);
  const me = (authorization?: string) => ctx.app.inject({ method: 'GET', url: '/me', headers: authorization ? { authorization } : {} });

  it('accepts a valid token and provisions a new sub with the token permissions', async () => {
    const response = await me(`Bearer ${sign(claims())}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ sub: 'new-person', orgId: org.orgId, permissions: ['recruiter'] });
    const again = await me(`Bearer ${sign(claims())}`);
    expect(again.json().id).toBe(response.json().id);
  });


  const badTokens: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['not a bearer scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['garbage', () => 'Bearer not.a.jwt'],
    ['empty bearer', () => 'Bearer '],
    ['alg none', () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['HS384 with the right secret', () => `Bearer ${sign(claims(), 'HS384')}`],
    ['HS512 with the right secret', () => `Bearer ${sign(claims(), 'HS512')}`],
    ['wrong secret', () => `Bearer ${sign(claims(), 'HS256', 'another-secret-that-is-long-enough-0123456789')}`],
    [
      'tampered payload',
      () => {
        const [h, , s] = sign(claims()).split('.');
        return `Bearer ${h}.${b64({ ...claims(), permissions: ['admin'] })}.${s}`;
      },
    ],
    ['expired', () => `Bearer ${sign({ ...claims(), exp: now() - 120 })}`],
    [
      'no exp',
      () => {
        const { exp, ...rest } = claims();
        void exp;
        return `Bearer ${sign(rest)}`;
      },
    ],
    ['wrong iss', () => `Bearer ${sign({ ...claims(), iss: 'someone-else' })}`],
    ['wrong aud', () => `Bearer ${sign({ ...claims(), aud: 'someone-else' })}`],
    ['candidate audience', () => `Bearer ${sign({ ...claims(), aud: 'candidate' })}`],
    [
      'no iss',
      () => {
        const { iss, ...rest } = claims();
        void iss;
        return `Bearer ${sign(rest)}`;
      },
    ],
    [
      'no aud',
      () => {
        const { aud, ...rest } = claims();
        void aud;
        return `Bearer ${sign(rest)}`;
      },
    ],
    [
      'no sub',
      () => {
        const { sub, ...rest } = claims();
        void sub;
        return `Bearer ${sign(rest)}`;
      },
    ],
    [
      'no org',
      () => {
        const { org: o, ...rest } = claims();
        void o;
        return `Bearer ${sign(rest)}`;
      },
    ],
    ['org that is not a uuid', () => `Bearer ${sign({ ...claims(), org: 'acme' })}`],
    ['unknown organization', () => `Bearer ${sign({ ...claims(), org: '00000000-0000-4000-8000-000000000000' })}`],
    ['unknown permission', () => `Bearer ${sign({ ...claims(), permissions: ['root'] })}`],
    ['not yet valid (nbf in the future)', () => `Bearer ${sign({ ...claims(), nbf: now() + 3600 })}`],
  ];

  it.each(badTokens)('%s is a 401 problem+json', async (_name, token) => {
    const response = await me(token());
    const problem = expectProblem(response, 401);
    expect(problem.detail).not.toMatch(/stack|at .*\.js/);
  });
});

describe('staff JWT verification (RS256 pinned)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let ctx: TestContext;
  let org: TestOrg;
  beforeAll(async () => {
    ctx = await createTestApp({
      jwt: { algorithm: 'RS256', publicKey: publicPem, privateKey: privatePem, issuer: 'hiring-scorecards', audience: 'hiring-scorecards' },
    });
    org = await createOrg(ctx);
  });
  afterAll(() => ctx.close());

  const claims = () => ({ sub: 'rsa-person', org: org.orgId, permissions: ['interviewer'], iss: 'hiring-scorecards', aud: 'hiring-scorecards', exp: now() + 600 });

  it('accepts a token signed with the private key', async () => {
    const token = createSigner({ key: privatePem, algorithm: 'RS256' })(claims());
    const response = await ctx.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
  });

  it('refuses an HS256 token that uses the public key as its secret (algorithm confusion)', async () => {
    const token = createSigner({ key: publicPem, algorithm: 'HS256' })(claims());
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } }), 401);
  });

  it('refuses a token signed by another key pair', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const token = createSigner({ key: other, algorithm: 'RS256' })(claims());
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } }), 401);
  });
});
