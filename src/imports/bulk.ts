// Bulk inserts as one statement over arrays (insert … select from unnest): one parameter per
// column instead of one per value, and no per-row query building. The import's hot path.
import { sql, type SQL } from 'drizzle-orm';
import { arrayParam, bareLiteral } from '../db/arrays.js';
import type { Queryable } from '../db/client.js';

/** Column name, array element type, values, and a cast applied after unnest when the element type is not the column's. */
type Column = [name: string, type: string, values: unknown[], cast?: string];

/**
 * `insert into <table> (<columns>) select * from unnest(<arrays>)`, plus an optional tail
 * (on conflict …, returning …); answers the rows a `returning` tail asks for.
 */
export async function insertUnnest<Row = never>(db: Queryable, table: string, columns: Column[], tail: SQL = sql``): Promise<Row[]> {
  if (columns[0]![2].length === 0) return [];
  const names = sql.raw(columns.map(([name]) => `"${name}"`).join(', '));
  const arrays = sql.join(
    columns.map(([, type, values]) => arrayParam(values, type)),
    sql`, `,
  );
  const aliases = columns.map((_, i) => `c${i}`);
  const select = sql.raw(columns.map(([, , , cast], i) => (cast ? `u.c${i}::${cast}` : `u.c${i}`)).join(', '));
  const result = await db.execute(sql`insert into ${sql.raw(`"${table}"`)} (${names}) select ${select} from unnest(${arrays}) as u(${sql.raw(aliases.join(', '))}) ${tail}`);
  return (result as unknown as { rows: Row[] }).rows;
}

/** unnest flattens a uuid[][]: array-valued columns travel as text literals and are cast back (type 'text', cast 'uuid[]'). */
export const uuidListsAsText = (lists: string[][]) => lists.map(bareLiteral);
