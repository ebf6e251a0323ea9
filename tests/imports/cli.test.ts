import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/run.js';
import { greenhouseV1, lever, writeFolder } from './fixtures.js';
import { fakeApiKey, startFakeApi } from './fake-apis.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hiring-import-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { DATA_DIR: dataDir };

describe('npm run cli -- import', () => {
  it('imports a folder and prints only the JSON summary with --json; pulls with --api-key and keeps the files with --save', async () => {
    const boot = await runScript('src/cli.ts', ['bootstrap', '--org', 'Importers', '--admin-email', 'a@imp.test', '--json'], env);
    expect(boot.code, boot.stderr).toBe(0);
    const { orgId } = JSON.parse(boot.stdout);

    const dir = writeFolder(greenhouseV1('a@imp.test'), ['scorecards']);
    const run = await runScript('src/cli.ts', ['import', '--org', orgId, '--source', 'greenhouse-harvest-v1', '--dir', dir, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    // Not a terminal: no progress on stderr, and stdout is the JSON document alone.
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout);
    expect(Object.keys(summary)).toEqual(['importId', 'status', 'created', 'updated', 'ignored', 'skipped']);
    expect(summary).toMatchObject({ status: 'completed', created: { scorecards: 3, users: 2 }, ignored: { drafts: 1 } });
    expect(summary.skipped).toHaveLength(3);

    const api = await startFakeApi('lever', lever(), 'opportunities');
    try {
      const save = join(dataDir, 'pulled');
      const pulled = await runScript('src/cli.ts', ['import', '--org', orgId, '--source', 'lever', '--api-key', fakeApiKey, '--api-url', `${api.url}/v1`, '--save', save], env);
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(pulled.stdout).toMatch(/^Import [0-9a-f-]{36}: completed\n {2}created: roles 1, steps 1, criteria 3, users 2, candidates 1, applications 1, interviews 2, scorecards 2\n/);
      expect(pulled.stdout).toMatch(/feedback\.ndjson #3: deletedAt: the feedback was deleted in Lever/);
      expect(readdirSync(save).sort()).toEqual(['feedback.ndjson', 'opportunities.ndjson', 'postings.ndjson', 'users.ndjson']);
      expect(pulled.stdout + pulled.stderr).not.toContain(fakeApiKey);
    } finally {
      await api.close();
    }
  }, 120_000);

  it('explains its usage and exits 1 on bad flags', async () => {
    const result = await runScript('src/cli.ts', ['import', '--org', crypto.randomUUID(), '--source', 'workday', '--dir', '.'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--source <greenhouse-harvest-v1\|greenhouse-harvest-v3\|lever\|ashby>/);
  });
});
