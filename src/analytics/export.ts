// The funnel export: one row per application per step visit, streamed so memory stays flat
// whatever the row count — a cursor on PostgreSQL, keyset batches on PGlite.
import { Readable, Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import QueryStream from 'pg-query-stream';
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

const BATCH = 5000;

/** The export rows, ordered by application and entry time. Without `pii`, no name, email or free text. */
export function exportSql(filter: FunnelFilter, pii: boolean) {
  const visits = visitsSql(filter);
  const text = `
    with visits as (${visits.text})
    select v.role_id, r.title as role_title, v.step_id, st.name as step_name, v.step_position, v.application_id,
      -- Formatted by the database: parsing to Date and back per row costs more than the query.
      to_char(v.entered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as entered_at,
      to_char(v.left_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as left_at,
      v.entered_at as entered_at_key, v.outcome,
      round((extract(epoch from coalesce(v.left_at, now()) - v.entered_at) / 86400)::numeric, 3)::float8 as days_in_step,
      coalesce(sc.scorecards, 0)::int as scorecards, sc.mean_rating,
      coalesce(f.codes, '{}'::text[]) as flag_codes
      ${pii ? ', c.name as candidate_name, c.email as candidate_email' : ''}
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

type Row = Record<string, unknown>;

/** Rows from the database as a stream: a server-side cursor, or keyset pages on PGlite. */
export async function exportRows(database: Database, filter: FunnelFilter, pii: boolean): Promise<Readable> {
  const { text, values } = exportSql(filter, pii);
  if (database.pool) {
    const client = await database.pool.connect();
    const rows = client.query(new QueryStream(`${text} order by v.application_id, v.entered_at`, values, { batchSize: 2000 }));
    // Whatever ends the stream (done, error, client gone) returns the connection once.
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.release(error);
    };
    rows.once('end', () => release());
    rows.once('error', (error) => release(error));
    rows.once('close', () => release());
    return rows;
  }
  async function* pages() {
    let after: { applicationId: string; enteredAt: Date } | undefined;
    for (;;) {
      const keyset = after ? `where (x.application_id, x.entered_at_key) > ($${values.length + 1}::uuid, $${values.length + 2}::timestamptz)` : '';
      const page = await runRawQuery(
        database,
        `select * from (${text}) x ${keyset} order by x.application_id, x.entered_at_key limit ${BATCH}`,
        after ? [...values, after.applicationId, after.enteredAt] : values,
      );
      yield* page;
      if (page.length < BATCH) return;
      const last = page[page.length - 1]!;
      after = { applicationId: String(last.application_id), enteredAt: last.entered_at_key as Date };
    }
  }
  return Readable.from(pages());
}

const iso = (v: unknown) => (v === null || v === undefined ? null : String(v));

function record(row: Row, pii: boolean) {
  const out: Record<string, unknown> = {
    role_id: row.role_id,
    role_title: row.role_title,
    step_id: row.step_id,
    step_name: row.step_name,
    step_position: Number(row.step_position),
    application_id: row.application_id,
    entered_at: iso(row.entered_at),
    left_at: iso(row.left_at),
    outcome: row.outcome,
    days_in_step: row.days_in_step === null ? null : Number(row.days_in_step),
    scorecards: Number(row.scorecards),
    mean_rating: row.mean_rating === null ? null : Number(row.mean_rating),
    flag_codes: row.flag_codes ?? [],
  };
  if (pii) Object.assign(out, { candidate_name: row.candidate_name ?? null, candidate_email: row.candidate_email ?? null });
  return out;
}

/** Database rows → CSV (header row, RFC 4180 quoting, UTF-8) or NDJSON, with backpressure. */
export function formatRows(format: 'csv' | 'ndjson', pii: boolean): [Transform, Transform] {
  const toRecord = new Transform({
    objectMode: true,
    transform(row: Row, _encoding, done) {
      const r = record(row, pii);
      done(null, format === 'csv' ? { ...r, flag_codes: (r.flag_codes as string[]).join(';') } : r);
    },
  });
  if (format === 'csv') {
    return [toRecord, stringify({ header: true, columns: [...exportColumns, ...(pii ? piiColumns : [])], cast: { boolean: (v) => String(v) } })];
  }
  return [
    toRecord,
    new Transform({
      writableObjectMode: true,
      transform(r, _encoding, done) {
        done(null, `${JSON.stringify(r)}\n`);
      },
    }),
  ];
}
