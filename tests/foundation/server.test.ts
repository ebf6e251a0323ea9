import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startScript } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'hiring-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start', () => {
  it('starts on embedded PGlite, prints where the API and docs are, serves /health, and exits 0 on SIGTERM', async () => {
    const child = startScript('src/server.ts', { DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' });
    let stdout = '';
    child.stderr!.on('data', () => {});
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${stdout}`)), 30_000);
      child.stdout!.on('data', (d) => {
        stdout += d;
        const match = /API:\s+(http:\/\/\S+)/.exec(stdout);
        if (match && stdout.includes('/docs')) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect(stdout).toMatch(/cli -- bootstrap/);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/docs/`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
