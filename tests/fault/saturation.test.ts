// A database that stops answering in time: a statement past the statement timeout, and a pool
// whose every connection is busy, both answer 503 problem+json within their bounds instead of
// hanging, and the service recovers by itself once the database frees up. The slowness is a row
// lock held from a separate connection on a role of this test's own organization.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { createOrg, expectProblem, testConfig, type StaffMember, type TestContext } from '../helpers/app.js';

const url = inject('databaseUrl');

async function appWith(database: { poolSize: number; statementTimeoutMs: number; connectTimeoutMs: number }): Promise<TestContext> {
  const dbConfig = { kind: 'postgres' as const, url, ...database };
  const db = await openDatabase(dbConfig);
  const config = testConfig({ database: dbConfig });
  const app = await buildApp({ config, database: db, migrate: false, logger: false });
  return { app, database: db, config, close: async () => (await app.close(), await db.close()) };
}

describe.skipIf(url === 'pglite')('a database too slow or too busy to answer', () => {
  let locker: pg.Client;
  const contexts: TestContext[] = [];

  beforeAll(async () => {
    locker = new pg.Client({ connectionString: url });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    for (const ctx of contexts) await ctx.close();
  });

  /** A draft role of a fresh organization, and a recruiter who may change it. */
  async function roleOf(ctx: TestContext) {
    const org = await createOrg(ctx);
    const recruiter = await org.addUser(['recruiter']);
    const role = await ctx.app.inject({ method: 'POST', url: '/roles', headers: recruiter.auth, payload: { title: 'Saturation' } });
    expect(role.statusCode, role.body).toBe(201);
    return { roleId: role.json().id as string, recruiter };
  }
  const rename = (ctx: TestContext, who: StaffMember, roleId: string, title: string) =>
    ctx.app.inject({ method: 'PATCH', url: `/roles/${roleId}`, headers: who.auth, payload: { title } });
  const holdRole = async (roleId: string) => {
    await locker.query('begin');
    await locker.query('select 1 from roles where id = $1 for update', [roleId]);
  };

  it('a statement past the timeout is 503, and the same request succeeds once the lock is gone', async () => {
    const ctx = await appWith({ poolSize: 4, statementTimeoutMs: 500, connectTimeoutMs: 5000 });
    contexts.push(ctx);
    const { roleId, recruiter } = await roleOf(ctx);
    await holdRole(roleId);
    try {
      const started = performance.now();
      const blocked = await rename(ctx, recruiter, roleId, 'Blocked');
      expectProblem(blocked, 503);
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await locker.query('rollback');
    }
    const after = await rename(ctx, recruiter, roleId, 'Renamed');
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().title).toBe('Renamed');
  });

  it('with every pooled connection busy, a new request is 503 after the connect timeout; the busy ones finish', async () => {
    const ctx = await appWith({ poolSize: 2, statementTimeoutMs: 20_000, connectTimeoutMs: 300 });
    contexts.push(ctx);
    const { roleId, recruiter } = await roleOf(ctx);
    await holdRole(roleId);
    let busy: Promise<Awaited<ReturnType<typeof rename>>[]>;
    try {
      // Two renames wait on the lock, each holding one of the pool's two connections.
      busy = Promise.all([rename(ctx, recruiter, roleId, 'First'), rename(ctx, recruiter, roleId, 'Second')]);
      await expect.poll(() => ctx.database.pool!.idleCount === 0 && ctx.database.pool!.totalCount === 2, { timeout: 5000 }).toBe(true);
      const blockedByLock = async () => (await locker.query('select count(*)::int as n from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))')).rows[0].n;
      await expect.poll(blockedByLock, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
      const started = performance.now();
      const refused = await ctx.app.inject({ url: `/roles/${roleId}`, headers: recruiter.auth });
      expectProblem(refused, 503);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await locker.query('rollback');
    }
    const finished = await busy;
    expect(finished.map((r) => r.statusCode)).toEqual([200, 200]);
    expect((await ctx.app.inject({ url: `/roles/${roleId}`, headers: recruiter.auth })).statusCode).toBe(200);
  });
});
