// The compliance permission: accepted wherever permissions are (staff JWT claims, POST /users,
// the CLI), reads roles' design and the fairness report, and nothing about candidates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, TEST_SECRET, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';
import { runScript } from '../helpers/run.js';

describe('the compliance permission', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('is minted by the CLI and provisioned from a staff token', async () => {
    const cast = await openRoleCast(ctx);
    const env = { DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused', JWT_SECRET: TEST_SECRET, CANDIDATE_LINK_SECRET: ctx.config.candidateLinkSecret };
    const minted = await runScript('src/cli.ts', ['token', '--org', cast.org.orgId, '--sub', 'cora@acme.test', '--permissions', 'compliance', '--json'], env);
    expect(minted.code, minted.stderr).toBe(0);
    const auth = { authorization: `Bearer ${JSON.parse(minted.stdout).token}` };
    const me = await ctx.app.inject({ url: '/me', headers: auth });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ sub: 'cora@acme.test', permissions: ['compliance'] });

    // Roles' design: yes. Candidates, applications, pipelines, calibration, exports: no.
    const roles = await ctx.app.inject({ url: '/roles', headers: auth });
    expect(roles.json().items.map((r: { id: string }) => r.id)).toEqual([cast.role.roleId]);
    expect((await ctx.app.inject({ url: `/roles/${cast.role.roleId}/steps`, headers: auth })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: `/analytics/adverse-impact?roleId=${cast.role.roleId}`, headers: auth })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/applications', headers: auth })).json().items).toEqual([]);
    for (const url of ['/candidates', '/analytics/funnel', '/exports/funnel', '/users', '/audit', '/erasure-requests', '/interviews/mine']) {
      expectProblem(await ctx.app.inject({ url, headers: auth }), 403);
    }
    // Compliance may see the role, so the calibration is refused with a reason (403), not hidden.
    expectProblem(await ctx.app.inject({ url: `/roles/${cast.role.roleId}/calibration`, headers: auth }), 403);
    expectProblem(await ctx.app.inject({ method: 'PATCH', url: `/roles/${cast.role.roleId}`, headers: auth, payload: { team: 'x' } }), 403);
  });

  it('is granted by an admin through POST /users', async () => {
    const cast = await openRoleCast(ctx);
    const created = await ctx.app.inject({ method: 'POST', url: '/users', headers: cast.org.admin.auth, payload: { email: 'cora@fair.test', name: 'Cora', permissions: ['compliance'] } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().permissions).toEqual(['compliance']);
    expectProblem(await ctx.app.inject({ method: 'POST', url: '/users', headers: cast.org.admin.auth, payload: { email: 'x@fair.test', name: 'X', permissions: ['auditor'] } }), 400);
  });
});
