import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect, PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { fillPlaceholders, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { Config } from '../config.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is underneath: queries are written once for both. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or a transaction: what query functions accept. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  driver: 'postgres' | 'pglite';
  /** The pg pool, for streaming with a cursor; absent on PGlite. */
  pool?: pg.Pool;
  /** How this pool reached PostgreSQL, for another pool on the same server (an import's worker thread); absent on PGlite. */
  connection?: Extract<Config['database'], { kind: 'postgres' }>;
  close(): Promise<void>;
}

// Return timestamps and bigints in stable forms regardless of the server's settings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function openDatabase(database: Config['database']): Promise<Database> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: database.poolSize,
      // Waiting longer than this for a connection (server down, pool exhausted) answers 503.
      connectionTimeoutMillis: database.connectTimeoutMs ?? 5000,
      statement_timeout: database.statementTimeoutMs,
      application_name: 'hiring-scorecards',
    });
    // A client losing its server (restart, failover) must not crash the process: idle clients
    // report through the pool, checked-out ones through their own 'error' event. Either way the
    // failure reaches callers as a rejected query, which the error handler answers with 503.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    return {
      db: drizzlePg(pool, { schema }) as unknown as Db,
      driver: 'postgres',
      pool,
      connection: database,
      // A client whose server died mid-query can make pool.end() wait forever: shutdown is bounded.
      close: () => Promise.race([pool.end(), new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())]),
    };
  }
  // memory:// databases (tests) have no folder to guard.
  const releaseLock = database.dataDir.startsWith('memory://') ? () => {} : acquireDataDirLock(database.dataDir);
  try {
    const client = await PGlite.create(database.dataDir, { startParams: pgliteStartParams });
    return {
      db: drizzlePglite(client, { schema }) as unknown as Db,
      driver: 'pglite',
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * PGlite's own start parameters plus a smaller buffer cache: PostgreSQL's default 128 MB of shared
 * buffers is allocated inside the WebAssembly memory and touched as pages are read, which made
 * the idle service ~400 MB resident; 16 MB keeps it under 300 MB. The embedded database serves
 * one organization's working set, which fits, and the operating system caches the files anyway.
 */
export const pgliteStartParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

type Thunks = readonly (() => PromiseLike<unknown>)[];

/**
 * Independent reads at once on the pool; one after another inside a transaction, whose single
 * connection runs one query at a time (pg deprecates queueing them on it, and pg@9 refuses).
 */
export async function concurrently<T extends Thunks>(db: Queryable, reads: readonly [...T]): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Results = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as Results;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Results;
}

const dialect = new PgDialect();

/**
 * A hot raw query whose text never changes, built once with placeholders: only the values travel
 * on each call. On PostgreSQL it is a named prepared statement (parsed and planned once per
 * connection); on PGlite the same text and values go to the embedded client.
 */
export function preparedStatement<T, V extends Record<string, unknown>>(name: string, query: SQL) {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return async (database: Database, values: V): Promise<T[]> => {
    const filled = fillPlaceholders(params, values);
    if (database.pool) return (await database.pool.query({ name, text, values: filled })).rows as T[];
    return (await (database.db as unknown as { $client: PGlite }).$client.query<T>(text, filled)).rows;
  };
}

export class DataDirInUseError extends Error {}

/**
 * PGlite has one writer per folder and does not guard it: a second process (say the CLI while the
 * server runs) would corrupt it. A pid file next to the folder keeps out a second live process.
 */
function acquireDataDirLock(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  const holder = Number.parseInt(readIfExists(lockFile) ?? '', 10);
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new DataDirInUseError(
      `The embedded database in ${dataDir} is in use by process ${holder} (the running service?). ` +
        'Stop it first, or set DATABASE_URL to use a PostgreSQL server that many processes can share.',
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
