// A report's reads in one read-only snapshot, so they agree with each other even while scorecards
// are being submitted; on PostgreSQL they run at once on several pooled connections.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db, Queryable } from '../db/client.js';

type Reads = readonly ((tx: Queryable) => Promise<unknown>)[];
type Results<T extends Reads> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/** JIT is off: its start-up cost exceeds its gain at these sizes. */
const settings = [sql`set local jit = off`, sql`set local work_mem = '64MB'`];

/** The reads one after another in one repeatable-read, read-only transaction. */
export async function inSnapshot<T>(db: Db, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      for (const setting of settings) await tx.execute(setting);
      return work(tx);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * The reads at once, in one snapshot. On PostgreSQL the first connection opens the transaction and
 * exports its snapshot (pg_export_snapshot); connections the pool has free right now import it
 * (SET TRANSACTION SNAPSHOT) and take reads from the same queue, so the reads see exactly what
 * one transaction would. The first connection never waits for another: it runs whatever reads
 * are left, so a busy pool degrades to one connection and cannot deadlock. PGlite has a single
 * connection: the reads run one after another there.
 */
export async function readsInSnapshot<T extends Reads>(db: Db, reads: readonly [...T]): Promise<Results<T>> {
  const pool = (db as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool) || reads.length < 2) {
    return inSnapshot(db, async (tx) => {
      const results: unknown[] = [];
      for (const read of reads) results.push(await read(tx));
      return results as Results<T>;
    });
  }
  const queue = { next: 0, results: new Array<unknown>(reads.length) };
  const drain = async (tx: Queryable) => {
    try {
      while (queue.next < reads.length) {
        const i = queue.next++;
        queue.results[i] = await reads[i]!(tx);
      }
    } catch (error) {
      queue.next = reads.length; // nothing more starts once one read has failed
      throw error;
    }
  };

  const leader = await pool.connect();
  let broken: Error | undefined;
  try {
    await leader.query('begin isolation level repeatable read read only');
    const snapshot = (await leader.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const tx = drizzle(leader) as unknown as Queryable;
    for (const setting of settings) await tx.execute(setting);
    // Followers that joined (took reads) before the queue ran dry; none joins after.
    const joined: Promise<void>[] = [];
    const spare = Math.min(reads.length - 1, pool.idleCount + Math.max(0, (pool.options.max ?? 10) - pool.totalCount));
    for (let i = 0; i < spare; i++) void follow(pool, snapshot, queue, reads.length, drain, joined);
    const mine = await drain(tx).then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    const theirs = (await Promise.allSettled(joined)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (mine || theirs) throw mine ? mine.error : theirs!.reason;
    await leader.query('commit');
    return queue.results as Results<T>;
  } catch (error) {
    await leader.query('rollback').catch((e: Error) => (broken = e));
    throw error;
  } finally {
    // A connection that could not even roll back is discarded by the pool rather than reused.
    leader.release(broken);
  }
}

/**
 * One more connection in the leader's snapshot. It joins only if reads are still queued when it
 * arrives, which is before the leader's own share is done, so the snapshot is still exported.
 */
async function follow(pool: pg.Pool, snapshot: string, queue: { next: number }, total: number, drain: (tx: Queryable) => Promise<void>, joined: Promise<void>[]) {
  const client = await pool.connect().catch(() => undefined);
  if (!client) return;
  if (queue.next >= total) return client.release();
  let broken: Error | undefined;
  const work = (async () => {
    try {
      await client.query('begin isolation level repeatable read read only');
      await client.query(`set transaction snapshot '${snapshot.replace(/'/g, "''")}'`);
      const tx = drizzle(client) as unknown as Queryable;
      for (const setting of settings) await tx.execute(setting);
      await drain(tx);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
  })();
  // The leader collects the outcome; until it does, a failure here is not an unhandled rejection.
  work.catch(() => {});
  joined.push(work);
}
