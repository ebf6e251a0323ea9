import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/app.js';
import { freePort, repoRoot } from '../helpers/run.js';
import { startImport } from '../../src/imports/run.js';
import { createOrganization } from '../../src/users/queries.js';
import { largeHistory } from '../imports/large.js';

// Its own output folder, so a developer's dist/ is left alone while the suite runs.
const outName = `dist-test-${process.pid}`;
const out = join(repoRoot, outName);
const dataDir = mkdtempSync(join(tmpdir(), 'hiring-build-'));
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

// tsc over the whole service and a PGlite start, on a busy two-core machine: wait generously.
const TIMEOUT_MS = 300_000;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(command, args, { cwd: repoRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
}

describe('npm run build', () => {
  it('compiles a service that plain node starts: migrations, rubrics and page assets found from the compiled layout', async () => {
    const build = run(process.execPath, ['scripts/build.mjs', outName]);
    let buildOutput = '';
    build.stdout.on('data', (d) => (buildOutput += d));
    build.stderr.on('data', (d) => (buildOutput += d));
    expect(await new Promise((resolve) => build.on('close', resolve)), buildOutput).toBe(0);
    expect(existsSync(join(out, 'server.js'))).toBe(true);
    expect(existsSync(join(out, 'pages/assets/app.css'))).toBe(true);

    const port = await freePort();
    // No tsx anywhere: the compiled entry point under plain node.
    const child = run(process.execPath, [join(out, 'server.js')], { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    try {
      // The banner comes after listening, migrating, and loading the lexicon and rubric templates.
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), TIMEOUT_MS);
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
        child.stdout.on('data', (d) => {
          output += d;
          const match = /API:\s+(http:\/\/\S+)/.exec(output);
          if (match && output.includes('More tokens')) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      const css = await fetch(`${base}/assets/app.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/text\/css/);
      expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
      expect((await fetch(`${base}/docs/`)).status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, TIMEOUT_MS * 2);

  it('runs an import in the compiled import thread (plain JavaScript, no tsx) on PostgreSQL', async () => {
    expect(existsSync(join(out, 'imports/import-thread.js'))).toBe(true);
    const database = await openTestDatabase();
    try {
      if (database.driver !== 'postgres') return;
      const { ImportThread } = (await import(join(out, 'imports/threaded.js'))) as typeof import('../../src/imports/threaded.js');
      const thread = new ImportThread(database);
      try {
        const org = await createOrganization(database.db, 'Compiled import');
        const record = await startImport(database.db, { orgId: org.id, source: 'greenhouse-harvest-v1', actorId: null });
        const outcome = await thread.run(record.id, { orgId: org.id, source: 'greenhouse-harvest-v1', dir: largeHistory(3), actorId: null });
        expect(outcome).toMatchObject({ status: 'completed', error: null, created: { scorecards: 12 } });
      } finally {
        await thread.close();
      }
    } finally {
      await database.close();
    }
  }, TIMEOUT_MS);
});
