// Bulk inserts as one statement over arrays (insert … select from unnest): one parameter per
// column instead of one per value, and no per-row query building. The import's hot path.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';

/** Column name, array element type, values, and a cast applied after unnest when the element type is not the column's. */
type Column = [name: string, type: string, values: unknown[], cast?: string];

const element = (value: unknown) => {
  if (value === null || value === undefined) return 'NULL';
  const text = String(value);
  return `"${/[\\"]/.test(text) ? text.replace(/[\\"]/g, '\\$&') : text}"`;
};

/**
 * A PostgreSQL array literal built in one join. The drivers would serialize a JS array element by
 * element with string concatenation: most of the import's allocations, and its memory growth.
 * The server reads it as the array parameter it is cast to (`$1::uuid[]`), so the planner still
 * sees the array's values (PGlite passes a string parameter through unchanged, as pg does).
 */
export const arrayLiteral = (values: unknown[]) => `{${values.map(element).join(',')}}`;

/** Values that never need quoting in an array literal: ids, numbers, ISO times (null as NULL). */
const bareLiteral = (values: unknown[]) => `{${values.map((v) => v ?? 'NULL').join(',')}}`;
const BARE = new Set(['uuid', 'int', 'integer', 'timestamptz']);

/** An array parameter of the given element type. */
export const arrayParam = (values: unknown[], type: string) => sql`${sql.param(BARE.has(type) ? bareLiteral(values) : arrayLiteral(values))}::${sql.raw(type)}[]`;

/** `insert into <table> (<columns>) select * from unnest(<arrays>)`, plus an optional tail (on conflict …). */
export async function insertUnnest(db: Queryable, table: string, columns: Column[], tail: SQL = sql``) {
  if (columns[0]![2].length === 0) return;
  const names = sql.raw(columns.map(([name]) => `"${name}"`).join(', '));
  const arrays = sql.join(
    columns.map(([, type, values]) => arrayParam(values, type)),
    sql`, `,
  );
  const aliases = columns.map((_, i) => `c${i}`);
  const select = sql.raw(columns.map(([, , , cast], i) => (cast ? `u.c${i}::${cast}` : `u.c${i}`)).join(', '));
  await db.execute(sql`insert into ${sql.raw(`"${table}"`)} (${names}) select ${select} from unnest(${arrays}) as u(${sql.raw(aliases.join(', '))}) ${tail}`);
}

/** unnest flattens a uuid[][]: array-valued columns travel as text literals and are cast back (type 'text', cast 'uuid[]'). */
export const uuidListsAsText = (lists: string[][]) => lists.map((l) => `{${l.join(',')}}`);

/** `column = any($1::type[])`: one array parameter where inArray binds one parameter per value. */
export const anyOf = (column: AnyColumn | SQL, values: string[], type: 'uuid' | 'text') => sql`${column} = any(${arrayParam(values, type)})`;
