import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { repoRoot, startScript } from '../helpers/run.js';

// A space and a quote in the folder name: the printed hint must survive being pasted into a shell.
const dir = mkdtempSync(join(tmpdir(), "hiring server's data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Starting tsx and PGlite on a busy two-core machine can take a minute: wait on readiness, generously.
const READY_TIMEOUT_MS = 180_000;

describe('npm start', () => {
  it('starts on embedded PGlite, prints where the API and docs are, serves /health, exits 0 on SIGTERM, and its bootstrap hint works as printed', async () => {
    const child = startScript('src/server.ts', { DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' });
    let stdout = '';
    child.stderr!.on('data', () => {});
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${stdout}`)), READY_TIMEOUT_MS);
      child.stdout!.on('data', (d) => {
        stdout += d;
        const match = /API:\s+(http:\/\/\S+)/.exec(stdout);
        if (match && stdout.includes('/docs') && stdout.includes('More tokens')) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/docs/`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // The hint, pasted as printed, from another working directory and with no DATA_DIR of its own.
    const hint = stdout.split('\n').map((l) => l.trim()).find((l) => l.includes('cli -- bootstrap'));
    expect(hint).toMatch(/^DATA_DIR=.* npm run -s cli -- bootstrap .*--json$/);
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const shell = spawn('sh', ['-c', `cd ${JSON.stringify(repoRoot)} && ${hint}`], { cwd: tmpdir(), env: { PATH: process.env.PATH, HOME: process.env.HOME } });
      let out = '';
      let err = '';
      shell.stdout.on('data', (d) => (out += d));
      shell.stderr.on('data', (d) => (err += d));
      shell.on('close', (code) => resolve({ code, stdout: out, stderr: err }));
    });
    expect(result.code, result.stderr).toBe(0);
    const { orgId, token } = JSON.parse(result.stdout);
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dir }), logger: false });
    try {
      const me = await app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.json()).toMatchObject({ orgId, permissions: ['admin'] });
    } finally {
      await app.close();
    }
  }, READY_TIMEOUT_MS * 2);
});
