// Starts a throwaway PostgreSQL server in a temp folder on a free loopback port. PostgreSQL
// refuses to run as root, so as root the server runs as the unprivileged `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  url: string;
  dataDir: string;
  binDir: string;
  stop(): void;
  /** Runs pg_ctl with arguments (for fault tests: stop -m immediate, start). */
  pgCtl(...args: string[]): void;
}

export function findPostgresBinDir(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return join(onPath, '..');
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** A loopback port nobody listens on right now (for servers the tests start). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `durable`: keep fsync and synchronous commit, for tests that crash the server on purpose. */
export async function startThrowawayPostgres(binDir: string, { durable = false } = {}): Promise<ThrowawayPostgres> {
  const isRoot = process.getuid?.() === 0;
  const base = mkdtempSync(join(tmpdir(), 'hiring-pg-'));
  const dataDir = join(base, 'data');
  if (isRoot) {
    const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(base, Number(ids), Number(gid));
  }
  const run = (bin: string, args: string[]) => {
    const command = join(binDir, bin);
    const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const speed = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const options = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c max_connections=200${speed}`;
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(base, 'server.log'), '-w', ...args]);
  pgCtl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    binDir,
    pgCtl,
    stop() {
      try {
        pgCtl('stop', '-m', 'fast');
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  };
}
