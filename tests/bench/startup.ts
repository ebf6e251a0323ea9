// Start-up and idle memory. Process start to the first /health 200 with a warm PGlite folder, for
// the compiled service under plain node (goal: ≤ 2× a bare node HTTP server started the same
// way) and for `npm start`'s tsx (against the bare server under tsx); beside it, process start to
// the first /ready 200, when the service itself answers; and the resident memory of the compiled
// service idle after start, on PGlite (goal < 300 MB) and on PostgreSQL.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/run.js';
import type { BenchEnv, Figure } from './harness.js';

const bare = 'tests/bench/bare-server.mjs';
const compiled = { label: 'node', args: (script: string) => [script] };
const tsx = { label: 'tsx', args: (script: string) => ['--import', 'tsx', script] };
type Runner = typeof compiled;

function start(runner: Runner, script: string, env: NodeJS.ProcessEnv, port: number): ChildProcess {
  // node itself, not a wrapper, so the pid read for memory is the server's.
  return spawn(process.execPath, runner.args(script), {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
}

async function untilOk(child: ChildProcess, port: number, started: number, path = '/health'): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode} before ${path}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 120_000) throw new Error(`no ${path} 200 within two minutes`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Milliseconds from spawn to the first /health 200, then to the first /ready 200 (the bare server answers both). */
async function timeToHealthy(runner: Runner, script: string, env: NodeJS.ProcessEnv, port: number): Promise<{ health: number; ready: number }> {
  const started = performance.now();
  const child = start(runner, script, env, port);
  try {
    const health = await untilOk(child, port, started);
    return { health, ready: await untilOk(child, port, started, '/ready') };
  } finally {
    await stop(child);
  }
}

/** Resident memory once started and left idle for a moment (timers settled, start-up garbage collectable). */
async function idleRss(env: NodeJS.ProcessEnv, port: number): Promise<number> {
  const child = start(compiled, 'dist/server.js', env, port);
  try {
    await untilOk(child, port, performance.now(), '/ready');
    await new Promise((r) => setTimeout(r, 3000));
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchStartup(env: BenchEnv, runs: number): Promise<Figure[]> {
  // Always from the current source, so the figures describe this checkout.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'hiring-bench-start-'));
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const pglite = { DATA_DIR: dataDir };
  const jwt = env.config.jwt as { secret: string; issuer: string; audience: string };
  const postgres = { DATABASE_URL: env.url, JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, CANDIDATE_LINK_SECRET: env.config.candidateLinkSecret };
  try {
    await timeToHealthy(compiled, 'dist/server.js', pglite, port); // warms the data folder: first migration
    const times = { node: [] as number[], nodeReady: [] as number[], bareNode: [] as number[], tsx: [] as number[], tsxReady: [] as number[], bareTsx: [] as number[] };
    // Interleaved, so a burst of load from elsewhere on the machine hits every series alike.
    for (let i = 0; i < runs; i++) {
      const node = await timeToHealthy(compiled, 'dist/server.js', pglite, port);
      times.node.push(node.health);
      times.nodeReady.push(node.ready);
      times.bareNode.push((await timeToHealthy(compiled, bare, {}, port)).health);
      const viaTsx = await timeToHealthy(tsx, 'src/server.ts', pglite, port);
      times.tsx.push(viaTsx.health);
      times.tsxReady.push(viaTsx.ready);
      times.bareTsx.push((await timeToHealthy(tsx, bare, {}, port)).health);
    }
    const rssPglite = await idleRss(pglite, port);
    const rssPostgres = await idleRss(postgres, port);
    const startFigure = (name: string, service: number[], baseline: number[], how: string): Figure => {
      const value = median(service);
      const base = median(baseline);
      return { name, value, baseline: base, ratio: value / base, unit: 'ms', goal: 'ratio ≤ 2', met: value / base <= 2, notes: `median of ${runs} warm starts; baseline is a bare node HTTP server ${how}` };
    };
    return [
      startFigure('PGlite start → /health, compiled', times.node, times.bareNode, 'under plain node'),
      { ...startFigure('PGlite start → /ready, compiled', times.nodeReady, times.bareNode, 'under plain node'), goal: 'measured', met: true },
      { ...startFigure('PGlite start → /health, tsx', times.tsx, times.bareTsx, 'under tsx'), goal: 'measured', met: true },
      { ...startFigure('PGlite start → /ready, tsx', times.tsxReady, times.bareTsx, 'under tsx'), goal: 'measured', met: true },
      {
        name: 'idle RSS, compiled, PGlite / PostgreSQL',
        value: rssPglite,
        baseline: rssPostgres,
        ratio: rssPglite / rssPostgres,
        unit: 'MB',
        goal: 'PGlite < 300 MB',
        met: rssPglite < 300,
        notes: `resident memory 3 s after the first /health 200: ${Math.round(rssPglite)} MB on PGlite, ${Math.round(rssPostgres)} MB on PostgreSQL`,
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
