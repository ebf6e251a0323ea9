// Import of N Greenhouse-shaped scorecards (5 attribute ratings each) through POST /imports, in
// the service's own process, against PostgreSQL's COPY FROM of the same rating rows in the same
// run. Goals: rows/s ratio ≥ 0.3, server RSS growth < 100 MB, role calibration right after < 2 s.
// The ratio's baseline is COPY into scorecard_ratings itself (the table the ratings land in, with
// its indexes and foreign keys, rolled back); COPY into a bare temporary table (no WAL, indexes or
// foreign keys, about six times faster than into the real table) is printed beside it.
import { createWriteStream, mkdirSync, mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import type { BenchEnv, Figure } from './harness.js';
import { round, startServerProcess } from './harness.js';

const SCORECARDS = Number(process.env.BENCH_IMPORT_SCORECARDS ?? 200_000);
const ATTRIBUTES = ['System design', 'Coding', 'Testing', 'Communication', 'Ownership'];
const LABELS = ['definitely_not', 'no', 'mixed', 'yes', 'strong_yes', 'no_decision'];
const PER_APPLICATION = 4;
const INTERVIEWERS = 1000;

async function writeLines(path: string, count: number, line: (i: number) => string) {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** The generated history: applications of one job, four scorecards each, in NDJSON. */
async function generate(dir: string) {
  const applications = Math.ceil(SCORECARDS / PER_APPLICATION);
  await writeLines(join(dir, 'applications.ndjson'), applications, (i) => JSON.stringify({ id: 1_000_000 + i, candidate_id: 2_000_000 + i, status: 'active', jobs: [{ id: 7, name: 'Bench job' }] }));
  await writeLines(join(dir, 'scorecards.ndjson'), SCORECARDS, (i) => {
    const interviewer = (i * 7919) % INTERVIEWERS;
    const person = { id: 5000 + interviewer, first_name: 'Rater', last_name: String(interviewer), name: `Rater ${interviewer}`, employee_id: null };
    return JSON.stringify({
      id: 10_000_000 + i,
      application_id: 1_000_000 + Math.floor(i / PER_APPLICATION),
      candidate_id: 2_000_000 + Math.floor(i / PER_APPLICATION),
      interview: `Step ${i % PER_APPLICATION}`,
      interview_step: { id: 90 + (i % PER_APPLICATION), name: `Step ${i % PER_APPLICATION}` },
      interviewed_at: '2024-01-01T10:00:00Z',
      submitted_at: '2024-01-01T12:00:00Z',
      submitted_by: person,
      interviewer: person,
      overall_recommendation: ['no', 'yes', 'strong_yes', 'definitely_not'][i % 4],
      attributes: ATTRIBUTES.map((name, a) => ({ name, type: 'Skills', note: `<p>Observed ${a} in answer ${i % 97}</p>`, rating: LABELS[(i + a * 3 + interviewer) % 6] })),
      questions: [{ id: null, question: 'Key Take-Aways', answer: '<p>Summary</p>' }],
    });
  });
}

interface Summary {
  status: string;
  created: Record<string, number>;
  skipped: unknown[];
}

/** POST /imports with the folder's two files, then polls until the import is done; `accepted` is called on the 202. */
async function runImport(baseUrl: string, auth: Record<string, string>, dir: string, onAccepted: () => void = () => {}): Promise<Summary> {
  const form = new FormData();
  form.set('source', 'greenhouse-harvest-v1');
  form.set('applications', await openAsBlob(join(dir, 'applications.ndjson')), 'applications.ndjson');
  form.set('scorecards', await openAsBlob(join(dir, 'scorecards.ndjson')), 'scorecards.ndjson');
  const accepted = await fetch(`${baseUrl}/imports`, { method: 'POST', headers: auth, body: form });
  if (accepted.status !== 202) throw new Error(`import refused: ${accepted.status} ${await accepted.text()}`);
  const { importId } = (await accepted.json()) as { importId: string };
  onAccepted();
  for (;;) {
    const summary = (await (await fetch(`${baseUrl}/imports/${importId}`, { headers: auth })).json()) as Summary;
    if (summary.status !== 'running') return summary;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One application and one scorecard of another job, in a folder beside the data set. */
function warmUp(dir: string): string {
  const small = join(dir, 'warm-up');
  mkdirSync(small);
  writeFileSync(join(small, 'applications.ndjson'), `${JSON.stringify({ id: 1, candidate_id: 1, status: 'active', jobs: [{ id: 1, name: 'Warm-up job' }] })}\n`);
  const person = { id: 1, name: 'Warm Up' };
  writeFileSync(join(small, 'scorecards.ndjson'), `${JSON.stringify({ id: 1, application_id: 1, interview_step: { id: 1, name: 'Step' }, submitted_at: '2024-01-01T12:00:00Z', interviewer: person, overall_recommendation: 'yes', attributes: [{ name: 'A', type: 'Skills', note: '<p>x</p>', rating: 'yes' }], questions: [] })}\n`);
  return small;
}

/**
 * COPY of `count` rating rows into `table` on one connection, in CSV chunks of 1,000 rows (so the
 * figure is PostgreSQL's, not the generator's); `refs(i)` gives row i's scorecard and criterion ids.
 */
async function copyRatings(pool: pg.Pool, table: string, count: number, refs: (i: number) => [string, string], org: string, end: { temporary?: boolean; rollback?: boolean }) {
  const client = await pool.connect();
  try {
    if (end.temporary) await client.query(`create temp table ${table} (like scorecard_ratings including defaults)`);
    if (end.rollback) await client.query('begin');
    const start = performance.now();
    const sink = client.query(copyFrom(`COPY ${table} (id, org_id, scorecard_id, criterion_id, rating, evidence, created_at) FROM STDIN WITH CSV`));
    const chunks = (function* () {
      for (let i = 0; i < count; i += 1000) {
        let chunk = '';
        for (let j = i; j < Math.min(count, i + 1000); j++) {
          const [scorecard, criterion] = refs(j);
          chunk += `${crypto.randomUUID()},${org},${scorecard},${criterion},${(j % 5) + 1},Observed ${j % 5} in answer ${j % 97},2024-01-01T12:00:00Z\n`;
        }
        yield chunk;
      }
    })();
    await pipeline(Readable.from(chunks), sink);
    const seconds = (performance.now() - start) / 1000;
    if (end.rollback) await client.query('rollback');
    if (end.temporary) await client.query(`drop table ${table}`);
    return seconds;
  } finally {
    client.release();
  }
}

export async function benchImport(env: BenchEnv): Promise<Figure> {
  const pool = env.database.pool!;
  const q = (text: string, params: unknown[] = []) => pool.query(text, params);
  const org = (await q("insert into organizations (id, name) values (gen_random_uuid(), 'Bench import') returning id")).rows[0].id;
  const admin = (await q("insert into users (id, org_id, sub, email, name, permissions) values (gen_random_uuid(), $1, 'import-admin', 'i@bench.test', 'I', array['admin']) returning sub", [org])).rows[0];
  const token = mintStaffToken(env.config, { org, sub: admin.sub, permissions: ['admin'] });
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  try {
    await generate(dir);
    const ratingRows = SCORECARDS * ATTRIBUTES.length;

    // Baseline: the same number of rating rows, as PostgreSQL loads them from CSV itself, into an
    // unlogged-like temporary copy of scorecard_ratings without its indexes and foreign keys.
    const copySeconds = await copyRatings(pool, 'bench_copy_ratings', ratingRows, () => [crypto.randomUUID(), crypto.randomUUID()], org, { temporary: true });
    const server = await startServerProcess(env);
    try {
      const auth = { authorization: `Bearer ${token}` };
      // A one-record import first, so loading the import code is not counted as growth.
      await runImport(server.baseUrl, auth, warmUp(dir));
      await new Promise((r) => setTimeout(r, 500));
      const rssBefore = server.rss();
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, server.rss())), 20);
      const start = performance.now();
      let uploadPeak = 0;
      const summary = await runImport(server.baseUrl, auth, dir, () => (uploadPeak = peak));
      const seconds = (performance.now() - start) / 1000;
      clearInterval(sampler);
      if (summary.status !== 'completed' || summary.created.scorecards !== SCORECARDS) throw new Error(`import ended ${summary.status}: ${JSON.stringify(summary).slice(0, 400)}`);

      const role = (await q("select id from roles where org_id = $1 and title = 'Bench job'", [org])).rows[0].id;
      const calibrationStart = performance.now();
      const calibration = await fetch(`${server.baseUrl}/roles/${role}/calibration`, { headers: auth });
      if (!calibration.ok) throw new Error(`calibration failed: ${calibration.status}`);
      await calibration.text();
      const calibrationSeconds = (performance.now() - calibrationStart) / 1000;

      // Second baseline: the same rating rows COPied into scorecard_ratings itself (its indexes and
      // foreign keys, pointing at the imported scorecards and criteria), rolled back.
      const cards = (await q('select id from scorecards where role_id = $1 order by id', [role])).rows.map((r) => r.id as string);
      const criteria = (await q('select id from criteria where role_id = $1 order by name', [role])).rows.map((r) => r.id as string);
      const tableSeconds = await copyRatings(pool, 'scorecard_ratings', ratingRows, (i) => [cards[Math.floor(i / ATTRIBUTES.length)]!, criteria[i % criteria.length]!], org, { rollback: true });

      const serviceRate = ratingRows / seconds;
      const tableRate = ratingRows / tableSeconds;
      const ratio = serviceRate / tableRate;
      const bareRatio = serviceRate / (ratingRows / copySeconds);
      const growthMb = (peak - rssBefore) / 1_048_576;
      return {
        name: `import, ${SCORECARDS.toLocaleString('en')} Greenhouse scorecards`,
        value: serviceRate,
        baseline: tableRate,
        ratio,
        unit: 'ratings/s',
        goal: 'ratio ≥ 0.3, RSS < 100 MB, calibration < 2 s',
        met: ratio >= 0.3 && growthMb < 100 && calibrationSeconds < 2,
        notes: `import ${round(seconds, 2)} s (upload included) vs COPY of the same ${ratingRows.toLocaleString('en')} rating rows into scorecard_ratings (its indexes and foreign keys, rolled back) ${round(tableSeconds, 2)} s; into a bare temporary table (no WAL, indexes or foreign keys) ${round(copySeconds, 2)} s, ratio ${round(bareRatio, 3)}; server RSS ${round(rssBefore / 1_048_576)} MB before, peak growth ${round(growthMb)} MB (${round((uploadPeak - rssBefore) / 1_048_576)} MB by the end of the upload); role calibration right after ${round(calibrationSeconds, 3)} s`,
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
