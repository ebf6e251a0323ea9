import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { runScript } from '../helpers/run.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hiring-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Each command starts a process (tsx, PGlite): minutes, not seconds, on a busy two-core machine.
const PROCESS_TEST_TIMEOUT = 240_000;

describe('CLI on the embedded database', () => {
  it('bootstraps an organization and its admin, then mints tokens the service accepts', async () => {
    const env = { DATA_DIR: dataDir };
    const boot = await runScript('src/cli.ts', ['bootstrap', '--org', 'Acme', '--admin-email', 'a@acme.test', '--json'], env);
    expect(boot.code, boot.stderr).toBe(0);
    const { orgId, adminUserId, token } = JSON.parse(boot.stdout);
    expect(orgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(adminUserId).toMatch(/^[0-9a-f-]{36}$/);
    // Bootstrap creates the signing key it needs and nothing else: the link secret is the service's.
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);
    expect(existsSync(join(dataDir, 'candidate-link-secret'))).toBe(false);

    const minted = await runScript('src/cli.ts', ['token', '--org', orgId, '--sub', 'rita', '--permissions', 'recruiter,interviewer', '--json'], env);
    expect(minted.code, minted.stderr).toBe(0);
    const recruiterToken = JSON.parse(minted.stdout).token;

    const app = await buildApp({ config: loadConfig(env), logger: false });
    try {
      const me = await app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.json()).toMatchObject({ id: adminUserId, orgId, permissions: ['admin'] });
      const rita = await app.inject({ url: '/me', headers: { authorization: `Bearer ${recruiterToken}` } });
      expect(rita.json()).toMatchObject({ sub: 'rita', permissions: ['recruiter', 'interviewer'] });

      // The embedded database has one writer: a second process is refused with a clear message.
      const blocked = await runScript('src/cli.ts', ['bootstrap', '--org', 'Other', '--admin-email', 'b@acme.test', '--json'], env);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toMatch(/in use by process/);
    } finally {
      await app.close();
    }

    // The same organization name again needs an explicit flag.
    const twice = await runScript('src/cli.ts', ['bootstrap', '--org', 'Acme', '--admin-email', 'a2@acme.test', '--json'], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already exists.*--allow-duplicate-name/s);
    expect(twice.stdout).toBe('');
    const allowed = await runScript('src/cli.ts', ['bootstrap', '--org', 'Acme', '--admin-email', 'a2@acme.test', '--allow-duplicate-name', '--json'], env);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout).orgId).not.toBe(orgId);
  }, PROCESS_TEST_TIMEOUT);

  it('signs without writing a file, and puts name and email claims in the token for provisioning', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'hiring-cli-token-'));
    try {
      const args = ['token', '--org', '00000000-0000-7000-8000-000000000000', '--sub', 'sam', '--permissions', 'interviewer', '--json'];
      const refused = await runScript('src/cli.ts', args, { DATA_DIR: fresh });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/No JWT_SECRET yet/);
      expect(readdirSync(fresh)).toEqual([]);
      // With the key in the environment, nothing in the data folder is needed or created.
      const signed = await runScript('src/cli.ts', [...args, '--name', 'Sam Rivera', '--email', 'sam@acme.test'], { DATA_DIR: fresh, JWT_SECRET: 'z'.repeat(40) });
      expect(signed.code, signed.stderr).toBe(0);
      expect(readdirSync(fresh)).toEqual([]);
      const payload = JSON.parse(Buffer.from(JSON.parse(signed.stdout).token.split('.')[1], 'base64url').toString());
      expect(payload).toMatchObject({ sub: 'sam', name: 'Sam Rivera', email: 'sam@acme.test', permissions: ['interviewer'] });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
    // Signing against a data folder in use adds nothing to it.
    const before = readdirSync(dataDir).sort();
    const minted = await runScript('src/cli.ts', ['token', '--org', '00000000-0000-7000-8000-000000000000', '--sub', 'x', '--permissions', 'recruiter', '--json'], { DATA_DIR: dataDir });
    expect(minted.code, minted.stderr).toBe(0);
    expect(readdirSync(dataDir).sort()).toEqual(before);
  }, PROCESS_TEST_TIMEOUT);

  it('explains its usage and exits 1 on bad flags', async () => {
    const result = await runScript('src/cli.ts', ['token', '--org', 'x', '--sub', 'y', '--permissions', 'root', '--json'], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--permissions must list/);
  }, PROCESS_TEST_TIMEOUT);
});

describe('CLI against DATABASE_URL', () => {
  const url = inject('databaseUrl');
  it.runIf(url !== 'pglite')('bootstraps on PostgreSQL', async () => {
    const env = { DATABASE_URL: url, JWT_SECRET: 'x'.repeat(40), CANDIDATE_LINK_SECRET: 'y'.repeat(40) };
    const boot = await runScript('src/cli.ts', ['bootstrap', '--org', 'Pg Org', '--admin-email', `admin-${Date.now()}@pg.test`, '--json'], env);
    expect(boot.code, boot.stderr).toBe(0);
    expect(Object.keys(JSON.parse(boot.stdout)).sort()).toEqual(['adminUserId', 'orgId', 'token']);
  }, PROCESS_TEST_TIMEOUT);
});
