// The funnel export: one row per application per step visit. Rows come from the database in
// batches (a server-side cursor on PostgreSQL, keyset pages on PGlite) and each batch is formatted
// in one go, so memory holds one batch whatever the row count and no per-row stream stage costs
// more than the query itself.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import Cursor from 'pg-cursor';
import type { Database } from '../db/client.js';
import { runRawQuery } from './funnel.js';
import { visitsSql, type FunnelFilter } from './visits.js';

export const exportColumns = [
  'role_id',
  'role_title',
  'step_id',
  'step_name',
  'step_position',
  'application_id',
  'entered_at',
  'left_at',
  'outcome',
  'days_in_step',
  'scorecards',
  'mean_rating',
  'flag_codes',
] as const;
export const piiColumns = ['candidate_name', 'candidate_email'] as const;

/**
 * Rows per database round trip, and per output chunk. Both small on purpose: what survives two
 * young-generation collections is promoted to the old generation, which only a full GC frees, so
 * big batches (or CSV strings past ~128 kB, allocated there directly) make the heap grow with the
 * row count although nothing is retained. Measured at 1M rows: 2,000-row batches grew RSS by
 * 134 MB, 500-row batches in 250-row chunks by 9 MB, at the same rows/s.
 */
const BATCH = 500;
const CHUNK_ROWS = 250;
const FLAG_CODES = exportColumns.indexOf('flag_codes');
const APPLICATION_ID = exportColumns.indexOf('application_id');
const STEP_ID = exportColumns.indexOf('step_id');

/**
 * The export rows, as arrays in column order, then the visit's raw entry time (the keyset's
 * middle term, dropped before output). Without `pii`, no name, email or free text.
 */
export function exportSql(filter: FunnelFilter, pii: boolean) {
  const visits = visitsSql(filter);
  const text = `
    with visits as (${visits.text})
    select v.role_id, r.title as role_title, v.step_id, st.name as step_name, v.step_position, v.application_id,
      -- Formatted by the database: parsing to Date and back per row costs more than the query.
      to_char(v.entered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as entered_at,
      to_char(v.left_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as left_at,
      v.outcome,
      round((extract(epoch from coalesce(v.left_at, now()) - v.entered_at) / 86400)::numeric, 3)::float8 as days_in_step,
      coalesce(sc.scorecards, 0)::int as scorecards, sc.mean_rating,
      coalesce(f.codes, '{}'::text[]) as flag_codes
      ${pii ? ', c.name as candidate_name, c.email as candidate_email' : ''},
      v.entered_at as entered_at_key
    from visits v
    join roles r on r.id = v.role_id
    join steps st on st.id = v.step_id
    left join lateral (
      select count(distinct s.id) as scorecards, round(avg(rt.rating)::numeric, 3)::float8 as mean_rating
      from interviews i
      join scorecards s on s.interview_id = i.id and s.status = 'submitted'
      left join scorecard_ratings rt on rt.scorecard_id = s.id and rt.is_current and rt.rating is not null
      where i.application_id = v.application_id and i.step_id = v.step_id
    ) sc on true
    left join application_flags f on f.application_id = v.application_id
    ${pii ? 'join applications a on a.id = v.application_id join candidates c on c.id = a.candidate_id' : ''}`;
  return { text, values: visits.values };
}

/** Unique and stable: two visits of one application may start in the same instant (a skip). */
const ORDER = 'order by application_id, entered_at_key, step_id';

type Row = unknown[];

/** Batches of rows, in export order, each row without its trailing key. */
async function* rowBatches(database: Database, filter: FunnelFilter, pii: boolean, batchRows: number): AsyncGenerator<Row[]> {
  const { text, values } = exportSql(filter, pii);
  const ordered = `select * from (${text}) x ${ORDER}`;
  if (database.pool) {
    const client = await database.pool.connect();
    let finished = false;
    try {
      // A stream lasts as long as its reader takes, so the statement timeout (meant for runaway
      // queries) is lifted for this transaction; a reader that stalls is cut off by the HTTP timeout.
      await client.query('begin read only');
      await client.query('set local statement_timeout = 0');
      const cursor = client.query(new Cursor<Row>(ordered, values, { rowMode: 'array' }));
      for (let rows = await cursor.read(batchRows); rows.length; rows = await cursor.read(batchRows)) yield dropKeys(rows);
      await client.query('commit');
      finished = true;
    } finally {
      // Ended early (the reader went away) or failed: discarding the connection ends its transaction.
      client.release(finished ? undefined : true);
    }
  } else {
    let keysetParams: unknown[] | undefined;
    for (;;) {
      const keyset = keysetParams ? `where (x.application_id, x.entered_at_key, x.step_id) > ($${values.length + 1}::uuid, $${values.length + 2}::timestamptz, $${values.length + 3}::uuid)` : '';
      const page = (await runRawQuery(database, `select * from (${text}) x ${keyset} ${ORDER} limit ${batchRows}`, keysetParams ?? values)).map(Object.values);
      const last = page[page.length - 1];
      const next = last && [...values, last[APPLICATION_ID], last[last.length - 1], last[STEP_ID]];
      if (page.length) yield dropKeys(page);
      if (page.length < batchRows) return;
      keysetParams = next;
    }
  }
}

/** Drops each row's trailing keyset column, in place. */
function dropKeys(rows: Row[]): Row[] {
  for (const row of rows) row.pop();
  return rows;
}

export interface ExportOptions {
  format: 'csv' | 'ndjson';
  pii: boolean;
  /** CSV only: start with a UTF-8 byte order mark, so Excel reads the file as UTF-8. */
  bom?: boolean;
  /** Rows per round trip; only tests change it, to cross page boundaries on small data. */
  batchRows?: number;
}

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet shows as text: a leading `'` before anything that would start a formula. */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const csvOptions = { cast: { string: neutralizeCell } };

/**
 * The export as a byte stream: CSV (header row, RFC 4180 quoting, UTF-8, every text cell
 * neutralized for spreadsheets) or NDJSON (values as stored: JSON readers run no formulas),
 * with backpressure.
 */
export function exportStream(database: Database, filter: FunnelFilter, { format, pii, bom = false, batchRows = BATCH }: ExportOptions): Readable {
  const columns: string[] = [...exportColumns, ...(pii ? piiColumns : [])];
  async function* chunks() {
    if (format === 'csv' && bom) yield '\uFEFF';
    if (format === 'csv') yield stringify([columns]);
    for await (const batch of rowBatches(database, filter, pii, batchRows)) {
      for (let at = 0; at < batch.length; at += CHUNK_ROWS) {
        const rows = batch.slice(at, at + CHUNK_ROWS);
        if (format === 'csv') {
          for (const row of rows) row[FLAG_CODES] = (row[FLAG_CODES] as string[]).join(';');
          yield stringify(rows, csvOptions);
        } else {
          yield rows.map((row) => `${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i]])))}\n`).join('');
        }
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
