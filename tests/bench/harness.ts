// Shared plumbing for the benchmarks: a throwaway PostgreSQL (or BENCH_DATABASE_URL), the
// service listening on loopback, autocannon runs, and the results table.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { buildApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import type { App } from '../../src/http/types.js';
import type { Config } from '../../src/config.js';
import { testConfig } from '../helpers/config.js';
import { repoRoot } from '../helpers/run.js';
import { findPostgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres-server.js';

export interface Figure {
  name: string;
  value: number;
  baseline: number;
  ratio: number;
  unit: string;
  goal: string;
  met: boolean;
  notes?: string;
}

export interface BenchEnv {
  url: string;
  config: Config;
  database: Database;
  app: App;
  baseUrl: string;
  server?: ThrowawayPostgres;
  close(): Promise<void>;
}

/** PostgreSQL like the test suite starts it, migrated, with the service listening on loopback. */
export async function startBenchEnv(poolSize = 20): Promise<BenchEnv> {
  let url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let server: ThrowawayPostgres | undefined;
  if (!url) {
    const binDir = findPostgresBinDir();
    if (!binDir) throw new Error('Benchmarks need PostgreSQL: install it (apt-get install postgresql) or set BENCH_DATABASE_URL.');
    server = await startThrowawayPostgres(binDir);
    url = server.url;
  }
  const database = await openDatabase({ kind: 'postgres', url, poolSize, statementTimeoutMs: 120_000 });
  await migrate(database);
  const config = testConfig({ database: { kind: 'postgres', url, poolSize, statementTimeoutMs: 120_000 } });
  const app = await buildApp({ config, database, migrate: false, logger: false });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    config,
    database,
    app,
    baseUrl,
    server,
    async close() {
      await app.close();
      await database.close();
      server?.stop();
    },
  };
}

export interface ServerProcess {
  baseUrl: string;
  /** The process's resident set size now, in bytes (from /proc). */
  rss(): number;
  stop(): Promise<void>;
}

/**
 * `npm start`'s server as a separate process on the bench database, with the bench's secrets so
 * tokens minted here are valid there: for figures that must not include the client's memory.
 */
export async function startServerProcess(env: BenchEnv): Promise<ServerProcess> {
  const jwt = env.config.jwt as { secret: string; issuer: string; audience: string };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: env.url,
      JWT_SECRET: jwt.secret,
      JWT_ISSUER: jwt.issuer,
      JWT_AUDIENCE: jwt.audience,
      CANDIDATE_LINK_SECRET: env.config.candidateLinkSecret,
      PORT: '0',
      LOG_LEVEL: 'silent',
      DB_STATEMENT_TIMEOUT_MS: '120000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /API:\s+(http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  return {
    baseUrl,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export function printTable(figures: Figure[]) {
  const rows = figures.map((f) => [f.name, `${round(f.value)} ${f.unit}`, `${round(f.baseline)} ${f.unit}`, round(f.ratio, 3).toString(), f.goal, f.met ? 'met' : 'NOT MET']);
  const header = ['benchmark', 'service', 'baseline', 'ratio', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  for (const f of figures) if (f.notes) console.log(`  ${f.name}: ${f.notes}`);
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
