// Scorecard submit (HTTP, auth, validation, the one-statement write) against two baselines from
// the same run: a bare fastify route doing one INSERT through the same pool (goal: ratio ≥ 0.25),
// and the submit's own statement sent raw through pg from as many clients, no HTTP and no app
// code around it (goal: ratio ≥ 0.6).
import Fastify from 'fastify';
import { newId } from '../../src/db/ids.js';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import { submitInOneStatement } from '../../src/scorecards/queries.js';
import { cannon, type BenchEnv, type Figure } from './harness.js';
import { seedBenchRole, seedInterviews } from './seed.js';

const CONNECTIONS = 10;
/** A loop's interviews per application: each submission is a first one, about its own candidate. */
const INTERVIEWS_PER_APPLICATION = 4;
/** Submissions written before anything is measured (see below). */
const WARM_UP_SUBMISSIONS = 2000;

export async function benchSubmit(env: BenchEnv, seconds: number): Promise<Figure[]> {
  const { db, pool } = env.database;
  const role = await seedBenchRole(db, { name: 'Bench submit', interviewers: 1, criteria: 3 });
  // Every request submits a fresh scorecard: seed more interviews than both runs can use.
  const interviews = Math.max(20_000, seconds * 8000) + WARM_UP_SUBMISSIONS;
  await seedInterviews(db, role, Math.ceil(interviews / INTERVIEWS_PER_APPLICATION), INTERVIEWS_PER_APPLICATION);
  // One interview of every application, then the second of each, …: consecutive submissions are
  // about different candidates, as on a real day, rather than queueing on one application's lock.
  const interviewIds = (
    await pool!.query<{ id: string }>(
      `select id from (select id, application_id, row_number() over (partition by application_id order by id) as nth from interviews where org_id = $1) i order by nth, application_id`,
      [role.orgId],
    )
  ).rows.map((r) => r.id);
  const interviewer = role.interviewers[0]!;
  const token = mintStaffToken(env.config, { org: role.orgId, sub: interviewer.sub, permissions: ['interviewer'] });
  const ratings = role.criterionIds.map((criterionId, i) => ({ criterionId, rating: 3 + (i % 2), evidence: 'Described a concrete discovery cycle with six customer interviews.' }));
  const notes = 'Clear, specific examples.';
  const body = JSON.stringify({ ratings, recommendation: 'yes', notes });
  let next = 0;
  const freshInterview = () => {
    if (next >= interviewIds.length) throw new Error('submit benchmark ran out of fresh interviews; seed more');
    return interviewIds[next++]!;
  };
  /** The statement the service sends, with what it would send. */
  const rawSubmit = () =>
    submitInOneStatement(env.database, {
      orgId: role.orgId,
      interviewId: freshInterview(),
      authorId: interviewer.id,
      ratings: ratings.map((r) => ({ ...r, evidenceChars: r.evidence.length })),
      recommendation: 'yes',
      notes,
      notesChars: notes.length,
      ids: { scorecard: newId(), message: newId(), ratings: ratings.map(() => newId()) },
      at: new Date(),
    });

  // A team's database holds submitted scorecards, and its statistics say so. On tables still empty
  // each connection keeps the plans it first made, among them the foreign-key check of every rating
  // against its scorecard as a sequential scan: 0.6 ms per check and growing with every
  // submission until autovacuum analyzes the table, a minute or so later. The service's run paid
  // for that and the raw run after it did not.
  for (let i = 0; i < WARM_UP_SUBMISSIONS; i++) await rawSubmit();
  await pool!.query('analyze scorecards, scorecard_ratings, calibration_ratings, interviews, interview_interviewers, applications');

  const bare = Fastify({ logger: false });
  await pool!.query('create table if not exists bench_baseline (id bigserial primary key, payload jsonb not null, at timestamptz not null default now())');
  bare.post('/bare', async (request) => {
    const { rows } = await pool!.query('insert into bench_baseline (payload) values ($1) returning id', [request.body]);
    return { id: rows[0].id };
  });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const baseline = await cannon({ url: `${bareUrl}/bare`, method: 'POST', headers, body, connections: CONNECTIONS, duration: seconds });
  await bare.close();

  const service = await cannon({
    url: env.baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'POST', headers, body, setupRequest: (req) => ({ ...req, path: `/interviews/${freshInterview()}/scorecard/submit` }) }],
  });
  const served = next;

  // The same statement from as many clients.
  let refused = 0;
  const until = performance.now() + seconds * 1000;
  const raw = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      let n = 0;
      while (performance.now() < until) {
        if (!(await rawSubmit())) refused++;
        n++;
      }
      return n;
    }),
  );
  const rawPerSecond = raw.reduce((a, b) => a + b, 0) / seconds;

  const non2xx = service.non2xx + baseline.non2xx;
  const perSecond = service.requests.average;
  const vsBare = perSecond / baseline.requests.average;
  const vsRaw = perSecond / rawPerSecond;
  const summary = `${served} submissions over HTTP, p99 ${service.latency.p99} ms (bare insert p99 ${baseline.latency.p99} ms), non-2xx ${non2xx}; raw statement refused ${refused}`;
  return [
    { name: 'scorecard submit vs bare INSERT route', value: perSecond, baseline: baseline.requests.average, ratio: vsBare, unit: 'req/s', goal: 'ratio ≥ 0.25', met: vsBare >= 0.25 && non2xx === 0, notes: summary },
    {
      name: 'scorecard submit vs its statement sent raw',
      value: perSecond,
      baseline: rawPerSecond,
      ratio: vsRaw,
      unit: 'req/s',
      goal: 'ratio ≥ 0.6',
      met: vsRaw >= 0.6 && non2xx === 0 && refused === 0,
      notes: `the raw baseline calls scorecard_submit through the same pool from ${CONNECTIONS} clients, no HTTP, no auth`,
    },
  ];
}
