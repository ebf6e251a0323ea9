import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { testConfig } from '../helpers/app.js';

interface Maintained {
  reltuples: number;
  vacuumed: boolean;
  analyzed: boolean;
}

async function maintained(database: Database, table: string): Promise<Maintained> {
  const result = (await database.db.execute(
    sql`select c.reltuples, s.last_vacuum is not null as vacuumed, s.last_analyze is not null as analyzed
          from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname = ${table}`,
  )) as unknown as { rows: Maintained[] };
  return result.rows[0]!;
}

// PGlite has no autovacuum: without the service's own maintenance the statistics never change.
describe('the embedded database', () => {
  it('is vacuumed and analyzed on its schedule', async () => {
    const config = testConfig({ database: { kind: 'pglite', dataDir: 'memory://' } });
    const database = await openDatabase(config.database);
    await migrate(database);
    expect(await maintained(database, 'scorecards')).toEqual({ reltuples: -1, vacuumed: false, analyzed: false });

    const app = await buildApp({ config, database, migrate: false, logger: false, maintenance: { firstAfterMs: 0, everyMs: 3_600_000 } });
    await app.ready();
    const deadline = Date.now() + 20_000;
    while (!(await maintained(database, 'scorecards')).analyzed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await maintained(database, 'scorecards')).toEqual({ reltuples: 0, vacuumed: true, analyzed: true });
    await app.close();
    await database.close();
  });
});
