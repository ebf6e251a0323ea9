// A report's reads run at once on several PostgreSQL connections yet see one snapshot; a busy pool
// runs them on one connection instead of waiting; a failed read fails the lot and frees its
// connections. On PGlite (one connection) they run one after another in one transaction.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { readsInSnapshot } from '../../src/calibration/snapshot.js';
import { openDatabase, type Database, type Queryable } from '../../src/db/client.js';
import { openTestDatabase } from '../helpers/app.js';

const one = async <T>(tx: Queryable, query: ReturnType<typeof sql>) => ((await tx.execute(query)) as unknown as { rows: T[] }).rows[0]!;
const pid = async (tx: Queryable) => (await one<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`)).pid;

function signal() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits for a signal, failing (not hanging) if it never comes. */
const awaitOr = (s: { promise: Promise<void> }, what: string) =>
  Promise.race([s.promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} never happened`)), 10_000))]);

describe('reads in one snapshot', () => {
  let database: Database;
  const url = inject('databaseUrl');
  const onPostgres = url !== 'pglite';

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('answers each read’s result in order', async () => {
    const results = await readsInSnapshot(database.db, [async (tx) => (await one<{ n: number }>(tx, sql`select 1 as n`)).n, async () => 'two', async (tx) => (await one<{ n: number }>(tx, sql`select 3 as n`)).n]);
    expect(results).toEqual([1, 'two', 3]);
  });

  it.runIf(onPostgres)('runs reads on separate connections that all see the snapshot taken before a concurrent write', async () => {
    const marker = `snapshot-${crypto.randomUUID()}`;
    const count = async (tx: Queryable) => Number((await one<{ n: number }>(tx, sql`select count(*) as n from organizations where name = ${marker}`)).n);
    const bStarted = signal();
    const written = signal();
    const pids: number[] = [];
    const [a, b] = await readsInSnapshot(database.db, [
      async (tx) => {
        pids.push(await pid(tx));
        await awaitOr(bStarted, 'the second read starting beside the first');
        await database.pool!.query('insert into organizations (id, name) values (gen_random_uuid(), $1)', [marker]);
        written.resolve();
        return count(tx);
      },
      async (tx) => {
        pids.push(await pid(tx));
        bStarted.resolve();
        await written.promise;
        return count(tx);
      },
    ]);
    expect(new Set(pids).size).toBe(2);
    expect([a, b]).toEqual([0, 0]);
    expect(await count(database.db)).toBe(1);
    await database.pool!.query('delete from organizations where name = $1', [marker]);
  });

  it.runIf(onPostgres)('runs every read on one connection when the pool has none to spare, without waiting for one', async () => {
    const single = await openDatabase({ kind: 'postgres', url, poolSize: 1, statementTimeoutMs: 15_000, connectTimeoutMs: 60_000 });
    try {
      const pids = await readsInSnapshot(single.db, [pid, pid, pid]);
      expect(new Set(pids).size).toBe(1);
    } finally {
      await single.close();
    }
  });

  it.runIf(onPostgres)('fails with the failing read’s error, rolls back and frees every connection', async () => {
    const small = await openDatabase({ kind: 'postgres', url, poolSize: 3, statementTimeoutMs: 15_000 });
    try {
      const failing = readsInSnapshot(small.db, [
        async (tx) => {
          await tx.execute(sql`select pg_sleep(0.05)`);
          return pid(tx);
        },
        async (tx) => tx.execute(sql`select 1 / 0`),
        pid,
      ]);
      await expect(failing).rejects.toMatchObject({ cause: { message: expect.stringMatching(/division by zero/) } });
      // Every connection is back and usable: as many reads at once as the pool holds.
      const statuses = await Promise.all([0, 1, 2].map(() => small.pool!.connect().then(async (client) => {
        const { rows } = await client.query<{ status: string }>("select coalesce(current_setting('transaction_isolation'), '') as status");
        client.release();
        return rows[0]!.status;
      })));
      expect(statuses).toEqual(['read committed', 'read committed', 'read committed']);
    } finally {
      await small.close();
    }
  });
});
