import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { runScript } from '../helpers/run.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hiring-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('CLI on the embedded database', () => {
  it('bootstraps an organization and its admin, then mints tokens the service accepts', async () => {
    const env = { DATA_DIR: dataDir };
    const boot = await runScript('src/cli.ts', ['bootstrap', '--org', 'Acme', '--admin-email', 'a@acme.test', '--json'], env);
    expect(boot.code, boot.stderr).toBe(0);
    const { orgId, adminUserId, token } = JSON.parse(boot.stdout);
    expect(orgId).toMatch(/^[0-9a-f-]{36}$/);
    expect(adminUserId).toMatch(/^[0-9a-f-]{36}$/);

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
  });

  it('explains its usage and exits 1 on bad flags', async () => {
    const result = await runScript('src/cli.ts', ['token', '--org', 'x', '--sub', 'y', '--permissions', 'root', '--json'], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--permissions must list/);
  });
});

describe('CLI against DATABASE_URL', () => {
  const url = inject('databaseUrl');
  it.runIf(url !== 'pglite')('bootstraps on PostgreSQL', async () => {
    const env = { DATABASE_URL: url, JWT_SECRET: 'x'.repeat(40), CANDIDATE_LINK_SECRET: 'y'.repeat(40) };
    const boot = await runScript('src/cli.ts', ['bootstrap', '--org', 'Pg Org', '--admin-email', `admin-${Date.now()}@pg.test`, '--json'], env);
    expect(boot.code, boot.stderr).toBe(0);
    expect(Object.keys(JSON.parse(boot.stdout)).sort()).toEqual(['adminUserId', 'orgId', 'token']);
  });
});
