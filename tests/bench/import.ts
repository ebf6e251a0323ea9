// Import of N Greenhouse-shaped scorecards (5 attribute ratings each) through POST /imports, in
// the service's own process, against PostgreSQL's COPY FROM of the same rating rows in the same
// run. Goals: rows/s ratio ≥ 0.3, server RSS growth < 100 MB, role calibration right after < 2 s.
import { createWriteStream, mkdirSync, mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
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

    // Baseline: the same number of rating rows, as PostgreSQL loads them from CSV itself.
    await q('create temp table if not exists bench_copy_ratings (like scorecard_ratings including defaults)');
    const client = await pool.connect();
    const copyStart = performance.now();
    try {
      const sink = client.query(copyFrom('COPY bench_copy_ratings (id, org_id, scorecard_id, criterion_id, rating, evidence, created_at) FROM STDIN WITH CSV'));
      const rows = (function* () {
        for (let i = 0; i < ratingRows; i++) yield `${crypto.randomUUID()},${org},${crypto.randomUUID()},${crypto.randomUUID()},${(i % 5) + 1},Observed ${i % 5} in answer ${i % 97},2024-01-01T12:00:00Z\n`;
      })();
      await new Promise<void>((resolve, reject) => {
        Readable.from(rows).pipe(sink).on('finish', resolve).on('error', reject);
      });
    } finally {
      await client.query('drop table bench_copy_ratings');
      client.release();
    }
    const copySeconds = (performance.now() - copyStart) / 1000;

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

      const serviceRate = ratingRows / seconds;
      const copyRate = ratingRows / copySeconds;
      const ratio = serviceRate / copyRate;
      const growthMb = (peak - rssBefore) / 1_048_576;
      return {
        name: `import, ${SCORECARDS.toLocaleString('en')} Greenhouse scorecards`,
        value: serviceRate,
        baseline: copyRate,
        ratio,
        unit: 'ratings/s',
        goal: 'ratio ≥ 0.3, RSS < 100 MB, calibration < 2 s',
        met: ratio >= 0.3 && growthMb < 100 && calibrationSeconds < 2,
        notes: `import ${round(seconds, 2)} s (upload included) vs COPY ${round(copySeconds, 2)} s for ${ratingRows.toLocaleString('en')} rating rows; server RSS ${round(rssBefore / 1_048_576)} MB before, peak growth ${round(growthMb)} MB (${round((uploadPeak - rssBefore) / 1_048_576)} MB by the end of the upload); role calibration right after ${round(calibrationSeconds, 3)} s`,
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
