// Array parameters sent as one PostgreSQL array literal: `column = any($1::uuid[])` and unnest()
// over whole columns, for the import's bulk writes and the calibration refresh of many applications.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

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
const arrayLiteral = (values: unknown[]) => `{${values.map(element).join(',')}}`;

/** Values that never need quoting in an array literal: ids, numbers, ISO times (null as NULL). */
export const bareLiteral = (values: unknown[]) => `{${values.map((v) => v ?? 'NULL').join(',')}}`;
const BARE = new Set(['uuid', 'int', 'integer', 'timestamptz']);

/** An array parameter of the given element type. */
export const arrayParam = (values: unknown[], type: string) => sql`${sql.param(BARE.has(type) ? bareLiteral(values) : arrayLiteral(values))}::${sql.raw(type)}[]`;

/** `column = any($1::type[])`: one array parameter where inArray binds one parameter per value. */
export const anyOf = (column: AnyColumn | SQL, values: string[], type: 'uuid' | 'text') => sql`${column} = any(${arrayParam(values, type)})`;
