// Graceful shutdown of the real server process (`npm start`'s entry point on PostgreSQL): a SIGTERM
// during a slow request stops new connections at once, lets that request finish with its answer,
// then exits 0. The request is slow because a separate connection holds a lock on the row it
// changes, so no test-only route is needed.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOrg, createTestApp, TEST_SECRET, testConfig, type TestContext } from '../helpers/app.js';
import { startScript } from '../helpers/run.js';

const url = inject('databaseUrl');

describe.skipIf(url === 'pglite')('SIGTERM with a request in flight', () => {
  let ctx: TestContext;
  let locker: pg.Client;

  beforeAll(async () => {
    ctx = await createTestApp();
    locker = new pg.Client({ connectionString: url });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await ctx?.close();
  });

  it('refuses new connections, finishes the slow request, and exits 0', async () => {
    const org = await createOrg(ctx);
    const recruiter = await org.addUser(['recruiter']);
    const roleId = (await ctx.app.inject({ method: 'POST', url: '/roles', headers: recruiter.auth, payload: { title: 'Before shutdown' } })).json().id as string;

    const child = startScript('src/server.ts', {
      DATABASE_URL: url,
      JWT_SECRET: TEST_SECRET,
      CANDIDATE_LINK_SECRET: testConfig().candidateLinkSecret,
      PORT: '0',
      LOG_LEVEL: 'warn',
      // The suite's database is shared: a worker here would deliver other test files' messages.
      WORKER: 'off',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      child.stderr!.on('data', () => {});
      const base = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        const timer = setTimeout(() => reject(new Error(`no banner: ${stdout}`)), 180_000);
        child.stdout!.on('data', (d) => {
          stdout += d;
          const match = /API:\s+(http:\/\/\S+)/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });

      await locker.query('begin');
      await locker.query('select 1 from roles where id = $1 for update', [roleId]);
      const lockerPid = (await locker.query('select pg_backend_pid() as pid')).rows[0].pid as number;
      const inFlight = fetch(`${base}/roles/${roleId}`, {
        method: 'PATCH',
        headers: { ...recruiter.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Renamed during shutdown' }),
      });
      // The request is inside the database, waiting for the lock.
      await expect
        .poll(async () => (await locker.query('select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [lockerPid])).rows[0].n, { timeout: 60_000 })
        .toBe(1);

      child.kill('SIGTERM');
      await expect.poll(() => fetch(`${base}/health`).then(() => 'accepted', () => 'refused'), { timeout: 60_000 }).toBe('refused');
      expect(await Promise.race([exited.then(() => 'exited'), new Promise((r) => setTimeout(() => r('still running'), 300))])).toBe('still running');

      await locker.query('commit');
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect((await response.json()).title).toBe('Renamed during shutdown');
      expect(await exited).toBe(0);
    } finally {
      await locker.query('rollback').catch(() => {});
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 360_000);
});
