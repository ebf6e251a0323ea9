import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import { createOrganization, insertUser } from '../../src/users/queries.js';
import { testConfig } from '../helpers/app.js';

const dir = mkdtempSync(join(tmpdir(), 'hiring-pglite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The same migrations and queries run on the embedded database as on PostgreSQL.
describe('smoke on embedded PGlite', () => {
  it('migrates a folder, serves the API, and keeps data across restarts', async () => {
    const config = testConfig({ database: { kind: 'pglite', dataDir: join(dir, 'pglite') } });
    let app = await buildApp({ config, logger: false });
    expect((await app.inject('/ready')).json()).toEqual({ status: 'ready' });
    expect((await app.inject('/openapi.json')).statusCode).toBe(200);
    await app.close();

    const database = await openDatabase(config.database);
    const org = await createOrganization(database.db, 'Embedded');
    await insertUser(database.db, { orgId: org.id, sub: 'admin', email: 'admin@e.test', name: 'A', permissions: ['admin'] });
    await database.close();

    app = await buildApp({ config, logger: false });
    const auth = { authorization: `Bearer ${mintStaffToken(config, { org: org.id, sub: 'admin', permissions: ['admin'] })}` };
    const created = await app.inject({ method: 'POST', url: '/users', headers: { ...auth, 'idempotency-key': 'one' }, payload: { email: 'i@e.test', name: 'I', permissions: ['interviewer'] } });
    expect(created.statusCode).toBe(201);
    const replay = await app.inject({ method: 'POST', url: '/users', headers: { ...auth, 'idempotency-key': 'one' }, payload: { email: 'i@e.test', name: 'I', permissions: ['interviewer'] } });
    expect(replay.json()).toEqual(created.json());
    const users = await app.inject({ url: '/users', headers: auth });
    expect(users.json().items).toHaveLength(2);
    const audit = await app.inject({ url: '/audit', headers: auth });
    expect(audit.json().items[0]).toMatchObject({ action: 'user.create' });
    await app.close();
  });
});

describe('the hiring flow on embedded PGlite', () => {
  it('designs a role from a template, moves candidates and streams the export in keyset pages', async () => {
    const config = testConfig({ database: { kind: 'pglite', dataDir: join(dir, 'pglite-flow') } });
    // One process holds the folder: seed through the same database the app is given.
    const database = await openDatabase(config.database);
    await migrate(database);
    const org = await createOrganization(database.db, 'Embedded flow');
    await insertUser(database.db, { orgId: org.id, sub: 'admin', email: 'admin@flow.test', name: 'A', permissions: ['admin'] });
    const app = await buildApp({ config, database, migrate: false, logger: false });
    try {
      const auth = { authorization: `Bearer ${mintStaffToken(config, { org: org.id, sub: 'admin', permissions: ['admin'] })}` };
      const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: auth, payload });
      const owner = (await post('/users', { email: 'owner@flow.test', name: 'Owner', permissions: ['interviewer'] })).json();
      const plan = ['Portfolio screen', 'Design exercise', 'Craft interview', 'Trio working session'];
      const role = (await post('/roles/from-rubric', { template: 'designer', decisionOwnerId: owner.id, interviewers: Object.fromEntries(plan.map((s) => [s, [owner.id]])) })).json();
      expect((await post(`/roles/${role.id}/open`, {})).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) {
        const candidate = (await post('/candidates', { name: `P${i}`, email: `p${i}@flow.test` })).json();
        const application = (await post('/applications', { candidateId: candidate.id, roleId: role.id })).json();
        await post(`/applications/${application.id}/advance`, { stepId: role.steps[1].id });
      }
      const exported = await app.inject({ url: `/exports/funnel?format=ndjson&roleId=${role.id}`, headers: auth });
      expect(exported.statusCode, exported.body).toBe(200);
      const rows = exported.body.trim().split('\n').map((l) => JSON.parse(l));
      expect(rows).toHaveLength(6);
      expect(rows.filter((r) => r.outcome === 'passed')).toHaveLength(3);
      const funnel = (await app.inject({ url: `/analytics/funnel?roleId=${role.id}`, headers: auth })).json();
      expect(funnel.roles[0].steps[0]).toMatchObject({ entered: 3, passed: 3 });
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('the embedded database with a small buffer cache', () => {
  it('runs with 16 MB of shared buffers and still reads back a table larger than its cache, across a restart', async () => {
    const config = testConfig({ database: { kind: 'pglite', dataDir: join(dir, 'pglite-buffers') } });
    let database = await openDatabase(config.database);
    const rows = async (query: string) => ((await database.db.execute(sql.raw(query))) as unknown as { rows: Record<string, unknown>[] }).rows;
    try {
      expect(await rows('show shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
      // ~30 MB of rows: reading them back evicts pages from the cache and reads them again.
      await rows("create table big as select i, repeat(md5(i::text), 4) as filler from generate_series(1, 200000) as i");
      expect(Number((await rows("select pg_total_relation_size('big') as size"))[0]!.size)).toBeGreaterThan(24 * 1024 * 1024);
    } finally {
      await database.close();
    }
    database = await openDatabase(config.database);
    try {
      expect(await rows('select count(*)::int as n, sum(i)::bigint as total, count(distinct filler)::int as fillers from big')).toEqual([{ n: 200000, total: 20000100000, fillers: 200000 }]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
