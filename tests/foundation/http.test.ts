import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, expectProblem, type TestContext, type TestOrg } from '../helpers/app.js';

describe('HTTP conventions', () => {
  let ctx: TestContext;
  let org: TestOrg;
  beforeAll(async () => {
    ctx = await createTestApp({ bodyLimitBytes: 4096 });
    org = await createOrg(ctx);
  });
  afterAll(() => ctx.close());

  const createUser = (body: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: '/users', headers: { ...org.admin.auth, ...headers }, payload: body as object });

  it('serves liveness and readiness', async () => {
    expect((await ctx.app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await ctx.app.inject('/ready')).json()).toEqual({ status: 'ready' });
  });

  it('answers an unknown route with problem+json 404', async () => {
    expectProblem(await ctx.app.inject('/nope'), 404);
  });

  it('rejects unknown body fields with 400 and a path, storing nothing', async () => {
    const response = await createUser({ email: 'x@example.test', name: 'X', permissions: ['interviewer'], orgId: org.orgId });
    const problem = expectProblem(response, 400);
    expect(problem.errors?.length).toBeGreaterThan(0);
    const list = await ctx.app.inject({ method: 'GET', url: '/users?limit=200', headers: org.admin.auth });
    expect(list.json().items.map((u: { email: string }) => u.email)).not.toContain('x@example.test');
  });

  it('names each invalid field in errors[]', async () => {
    const problem = expectProblem(await createUser({ email: 'not-an-email', name: '', permissions: ['root'] }), 400);
    const paths = problem.errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.name']));
  });

  it('answers malformed JSON and oversized bodies with problem+json', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: '/users', headers: { ...org.admin.auth, 'content-type': 'application/json' }, payload: '{"email":' });
    expectProblem(bad, 400);
    const big = await createUser({ email: 'big@example.test', name: 'x'.repeat(10_000), permissions: ['interviewer'] });
    expectProblem(big, 413);
  });

  it('answers a wrong content type with 415 and an over-long Idempotency-Key with 400, storing nothing', async () => {
    const wrongType = await ctx.app.inject({ method: 'POST', url: '/users', headers: { ...org.admin.auth, 'content-type': 'application/xml' }, payload: '<user/>' });
    expectProblem(wrongType, 415);
    const longKey = await createUser({ email: 'long-key@example.test', name: 'L', permissions: ['interviewer'] }, { 'idempotency-key': 'k'.repeat(201) });
    expectProblem(longKey, 400);
    const list = await ctx.app.inject({ method: 'GET', url: '/users?limit=200', headers: org.admin.auth });
    expect(list.json().items.map((u: { email: string }) => u.email)).not.toContain('long-key@example.test');
  });

  it('creates users (admin only), lists them with a cursor, and audits the creation', async () => {
    const created = await createUser({ email: 'dana@example.test', name: 'Dana', permissions: ['interviewer'] });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({ email: 'dana@example.test', sub: 'dana@example.test', permissions: ['interviewer'] });

    const duplicate = await createUser({ email: 'dana@example.test', name: 'Dana again', permissions: ['interviewer'] });
    expectProblem(duplicate, 409);

    const recruiter = await org.addUser(['recruiter']);
    expectProblem(
      await ctx.app.inject({ method: 'POST', url: '/users', headers: recruiter.auth, payload: { email: 'r@example.test', name: 'R', permissions: ['admin'] } }),
      403,
    );

    const first = await ctx.app.inject({ method: 'GET', url: '/users?limit=1', headers: recruiter.auth });
    expect(first.json().items).toHaveLength(1);
    expect(first.json().nextCursor).toBeTruthy();
    const second = await ctx.app.inject({ method: 'GET', url: `/users?limit=1&cursor=${first.json().nextCursor}`, headers: recruiter.auth });
    expect(second.json().items[0].id).not.toBe(first.json().items[0].id);
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/users?limit=500', headers: recruiter.auth }), 400);

    const audit = await ctx.app.inject({ method: 'GET', url: `/audit?entity=user&entityId=${user.id}`, headers: org.admin.auth });
    expect(audit.json().items).toHaveLength(1);
    expect(audit.json().items[0]).toMatchObject({ action: 'user.create', actorId: org.admin.userId, after: { email: 'dana@example.test' } });
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/audit', headers: recruiter.auth }), 403);
  });

  it('keeps organizations apart', async () => {
    const other = await createOrg(ctx, 'Other org');
    await ctx.app.inject({ method: 'POST', url: '/users', headers: other.admin.auth, payload: { email: 'secret@other.test', name: 'S', permissions: ['interviewer'] } });
    const mine = await ctx.app.inject({ method: 'GET', url: '/users?limit=200', headers: org.admin.auth });
    expect(mine.json().items.map((u: { email: string }) => u.email)).not.toContain('secret@other.test');
    const theirAudit = await ctx.app.inject({ method: 'GET', url: '/audit?entity=user', headers: other.admin.auth });
    expect(theirAudit.json().items.every((e: { after: { email: string } }) => e.after.email === 'secret@other.test')).toBe(true);
  });

  it('replays a creating POST with the same Idempotency-Key and refuses the key with another body', async () => {
    const body = { email: 'idem@example.test', name: 'Idem', permissions: ['interviewer'] };
    const first = await createUser(body, { 'idempotency-key': 'k-1' });
    const again = await createUser(body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expectProblem(await createUser({ ...body, name: 'Other' }, { 'idempotency-key': 'k-1' }), 422);
    const audit = await ctx.app.inject({ method: 'GET', url: `/audit?entity=user&entityId=${first.json().id}`, headers: org.admin.auth });
    expect(audit.json().items).toHaveLength(1);
  });

  it('stores one user for concurrent retries with one key', async () => {
    const body = { email: 'race@example.test', name: 'Race', permissions: ['interviewer'] };
    const responses = await Promise.all(Array.from({ length: 10 }, () => createUser(body, { 'idempotency-key': 'race-key' })));
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
  });

  it('sets security headers and a request id', async () => {
    const response = await ctx.app.inject('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await ctx.app.inject({ url: '/health', headers: { 'x-request-id': 'caller-supplied-id' } });
    expect(echoed.headers['x-request-id']).toBe('caller-supplied-id');
  });

  it('forbids caching of every API answer (personal data, errors, lists), but not of the docs UI assets', async () => {
    const answers = [
      await ctx.app.inject({ url: '/me', headers: org.admin.auth }),
      await ctx.app.inject({ url: '/users', headers: org.admin.auth }),
      await ctx.app.inject({ url: '/audit', headers: org.admin.auth }),
      await ctx.app.inject({ url: '/candidates/00000000-0000-7000-8000-000000000000', headers: org.admin.auth }),
      await ctx.app.inject('/nope'),
      await ctx.app.inject('/openapi.json'),
    ];
    for (const answer of answers) expect(answer.headers['cache-control'], answer.raw.req.url).toBe('no-store');
    const asset = await ctx.app.inject('/docs/static/swagger-ui.css');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).not.toBe('no-store');
  });
});
