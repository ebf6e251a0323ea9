// Array parameters travel as literals built in one join: every value must come back as it went,
// on PostgreSQL and on PGlite, whatever quotes, backslashes, braces, commas or NULLs it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client.js';
import { arrayParam } from '../../src/db/arrays.js';
import { openTestDatabase } from '../helpers/app.js';

const texts = ['plain', 'a "quoted" word', 'back\\slash', '{braces}, commas', 'NULL', '', ' padded ', 'line\nbreak', 'é ✓ 🙂', null];
const uuids = ['01a21336-1b92-7e3b-9edf-88a95dd2f2ea', null, '01a21336-1b92-7e3b-9edf-88a95dd2f2eb'];

describe.each([
  ['the suite database', openTestDatabase],
  ['embedded PGlite', () => openDatabase({ kind: 'pglite', dataDir: 'memory://' })],
])('array parameters on %s', (_name, open) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  }, 60_000);
  afterAll(() => database.close());

  it('come back unchanged', async () => {
    const result = (await database.db.execute(sql`select ${arrayParam(texts, 'text')} as texts, ${arrayParam(uuids, 'uuid')}::text[] as uuids, ${arrayParam([1, null, 7], 'int')} as ints`)) as unknown as { rows: { texts: unknown; uuids: unknown; ints: unknown }[] };
    expect(result.rows[0]).toEqual({ texts, uuids, ints: [1, null, 7] });
  });
});
