// Embedded PGlite: process start to the first /health 200 with a warm data folder, against a bare
// node HTTP server started the same way (tsx) as the baseline. Goal: under 2 s.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/run.js';
import type { Figure } from './harness.js';

const tsx = join(repoRoot, 'node_modules/.bin/tsx');

async function timeToHealthy(script: string[], env: NodeJS.ProcessEnv, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(tsx, script, { cwd: repoRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port), LOG_LEVEL: 'silent' }, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 60_000) throw new Error(`${script.join(' ')} did not become healthy`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function benchStartup(runs: number): Promise<Figure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hiring-bench-start-'));
  const port = 39_000 + Math.floor(Math.random() * 1000);
  try {
    await timeToHealthy(['src/server.ts'], { DATA_DIR: dataDir }, port); // warms the data folder: first migration
    const service: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      service.push(await timeToHealthy(['src/server.ts'], { DATA_DIR: dataDir }, port));
      bare.push(await timeToHealthy(['-e', "require('node:http').createServer((q,s)=>s.end('ok')).listen(+process.env.PORT,'127.0.0.1')"], {}, port));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const value = median(service);
    const baseline = median(bare);
    return {
      name: 'PGlite start → /health',
      value,
      baseline,
      ratio: value / baseline,
      unit: 'ms',
      goal: '< 2000 ms',
      met: value < 2000,
      notes: `median of ${runs} warm starts; baseline is a bare node HTTP server under tsx`,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
