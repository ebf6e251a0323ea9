// The plans PostgreSQL actually ran, as auto_explain reports them: on one connection of the pool,
// every statement's plan (nested ones too) comes back as a notice while `use` runs.
import type pg from 'pg';

/** Runs `use` on one pooled connection with auto_explain on; returns the plans whose text includes `marker`. */
export async function plansWhile(pool: pg.Pool, marker: string, use: (client: pg.PoolClient) => Promise<void>): Promise<string[]> {
  const client = await pool.connect();
  const plans: string[] = [];
  const onNotice = (notice: { message?: string }) => {
    if (notice.message?.includes(marker)) plans.push(notice.message);
  };
  client.on('notice', onNotice);
  try {
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_verbose = on; SET auto_explain.log_level = notice`);
    await use(client);
  } finally {
    client.off('notice', onNotice);
    // Its session settings go with it.
    client.release(true);
  }
  return plans;
}
