import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { freePort, repoRoot, startScript } from '../helpers/run.js';

// A space and a quote in the folder name: the printed hint must survive being pasted into a shell.
const dir = mkdtempSync(join(tmpdir(), "hiring server's data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Starting tsx and PGlite on a busy two-core machine can take a minute: wait on readiness, generously.
const READY_TIMEOUT_MS = 180_000;

describe('npm start', () => {
  it('starts on embedded PGlite, prints where to sign in and a first-run setup link that works once, exits 0 on SIGTERM, and its bootstrap hint works as printed', async () => {
    const port = await freePort();
    const child = startScript('src/server.ts', { DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' });
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

    // First run: the printed setup link creates the organization and its admin, and signs them in.
    const setupUrl = /First run:[^\n]*\n\s+(http:\/\/\S+\/setup\?token=\S+)/.exec(stdout)![1]!;
    const form = await fetch(setupUrl);
    expect(form.status).toBe(200);
    const token = new URL(setupUrl).searchParams.get('token')!;
    const created = await fetch(`${base}/setup`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, orgName: 'Setup Co', name: 'Ada Admin', email: 'ada@acme.test' }),
    });
    expect(created.status).toBe(303);
    const cookie = created.headers.getSetCookie()[0]!.split(';')[0]!;
    const me = await (await fetch(`${base}/me`, { headers: { cookie } })).json();
    expect(me).toMatchObject({ name: 'Ada Admin', email: 'ada@acme.test', permissions: ['admin'] });
    expect((await fetch(setupUrl)).status).toBe(404); // used once, and an organization now exists
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
    const bootstrapped = JSON.parse(result.stdout);
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dir }), logger: false });
    try {
      const byToken = await app.inject({ url: '/me', headers: { authorization: `Bearer ${bootstrapped.token}` } });
      expect(byToken.json()).toMatchObject({ orgId: bootstrapped.orgId, permissions: ['admin'] });
    } finally {
      await app.close();
    }
  }, READY_TIMEOUT_MS * 2);
});
