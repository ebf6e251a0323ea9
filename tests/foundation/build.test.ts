import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../helpers/run.js';

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
});
