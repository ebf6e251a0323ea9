import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startScript } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'hiring-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start', () => {
  it('starts on embedded PGlite, prints where to sign in and a first-run setup link that works once, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = startScript('src/server.ts', { DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' });
    let stdout = '';
    child.stderr!.on('data', () => {});
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${stdout}`)), 90_000);
      child.stdout!.on('data', (d) => {
        stdout += d;
        const match = /API:\s+(http:\/\/\S+)/.exec(stdout);
        if (match && stdout.includes('/docs')) {
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
      body: new URLSearchParams({ token, orgName: 'Acme', name: 'Ada Admin', email: 'ada@acme.test' }),
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
  }, 120_000);
});
