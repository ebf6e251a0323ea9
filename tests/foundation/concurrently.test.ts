// Independent reads overlap on the pool but not inside a transaction, whose one connection runs
// one query at a time (pg deprecates queueing on it; pg@9 refuses).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concurrently, type Queryable } from '../../src/db/client.js';
import { createTestApp, type TestContext } from '../helpers/app.js';

describe('concurrently', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const traced = (db: Queryable, order: string[]) =>
    ['a', 'b'].map((name) => async () => {
      order.push(`start ${name}`);
      const result = await db.execute(sql`select ${name}::text as name, pg_sleep(0.02)`);
      order.push(`end ${name}`);
      return (result as unknown as { rows: { name: string }[] }).rows[0]!.name;
    });

  it('runs reads one after another inside a transaction, results in order', async () => {
    const order: string[] = [];
    const results = await ctx.database.db.transaction((tx) => concurrently(tx, traced(tx, order)));
    expect(results).toEqual(['a', 'b']);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('starts them together outside one', async () => {
    const order: string[] = [];
    expect(await concurrently(ctx.database.db, traced(ctx.database.db, order))).toEqual(['a', 'b']);
    expect(order.slice(0, 2)).toEqual(['start a', 'start b']);
  });
});
