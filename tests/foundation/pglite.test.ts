import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
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
