// Scorecard submit (auth, validation, transaction, audit) ÷ a bare fastify route doing one INSERT
// through the same pool. Goal: requests/s ratio ≥ 0.6.
import Fastify from 'fastify';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import { cannon, type BenchEnv, type Figure } from './harness.js';
import { seedBenchRole, seedInterviews } from './seed.js';

export async function benchSubmit(env: BenchEnv, seconds: number): Promise<Figure> {
  const { db, pool } = env.database;
  const role = await seedBenchRole(db, { name: 'Bench submit', interviewers: 1, criteria: 3 });
  // Every request submits a fresh scorecard, so seed more interviews than a run can use.
  await seedInterviews(db, role, 300, 200);
  const interviewIds = (await pool!.query<{ id: string }>('select id from interviews where org_id = $1', [role.orgId])).rows.map((r) => r.id);
  const token = mintStaffToken(env.config, { org: role.orgId, sub: role.interviewers[0]!.sub, permissions: ['interviewer'] });
  const body = JSON.stringify({
    ratings: role.criterionIds.map((criterionId, i) => ({ criterionId, rating: 3 + (i % 2), evidence: 'Described a concrete discovery cycle with six customer interviews.' })),
    recommendation: 'yes',
    notes: 'Clear, specific examples.',
  });

  const bare = Fastify({ logger: false });
  await pool!.query('create table if not exists bench_baseline (id bigserial primary key, payload jsonb not null, at timestamptz not null default now())');
  bare.post('/bare', async (request) => {
    const { rows } = await pool!.query('insert into bench_baseline (payload) values ($1) returning id', [request.body]);
    return { id: rows[0].id };
  });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const baseline = await cannon({ url: `${bareUrl}/bare`, method: 'POST', headers, body, connections: 10, duration: seconds });
  let next = 0;
  const service = await cannon({
    url: env.baseUrl,
    connections: 10,
    duration: seconds,
    requests: [{ method: 'POST', headers, body, setupRequest: (req) => ({ ...req, path: `/interviews/${interviewIds[next++ % interviewIds.length]}/scorecard/submit` }) }],
  });
  await bare.close();
  const ceiling = await transactionCeiling(pool!, seconds);
  if (next > interviewIds.length) throw new Error('submit benchmark ran out of fresh interviews; seed more');
  const non2xx = service.non2xx + baseline.non2xx;
  const ratio = service.requests.average / baseline.requests.average;
  return {
    name: 'scorecard submit',
    value: service.requests.average,
    baseline: baseline.requests.average,
    ratio,
    unit: 'req/s',
    goal: 'ratio ≥ 0.6',
    met: ratio >= 0.6 && non2xx === 0,
    notes:
      `${service.requests.total} submissions, p99 ${service.latency.p99} ms (bare insert p99 ${baseline.latency.p99} ms), non-2xx ${non2xx}. ` +
      `Ceiling: the submit's ${ceiling.statements}-statement transaction sent raw through pg (no HTTP, no app code) reaches ` +
      `${Math.round(ceiling.transactionsPerSecond)}/s vs ${Math.round(ceiling.singleInsertsPerSecond)}/s single inserts (ratio ${(ceiling.transactionsPerSecond / ceiling.singleInsertsPerSecond).toFixed(2)}).`,
  };
}

/**
 * The best any submit could do on this machine: the same number of statements in one transaction
 * (BEGIN, context read, upsert, ratings insert, update, application lock, calibration refresh,
 * audit insert, COMMIT) sent raw through the pool from 10 concurrent clients, against single
 * inserts — measured here, in this run.
 */
async function transactionCeiling(pool: import('pg').Pool, seconds: number) {
  const statements = 9;
  const rate = async (unit: () => Promise<void>) => {
    const until = performance.now() + seconds * 1000;
    const counts = await Promise.all(
      Array.from({ length: 10 }, async () => {
        let n = 0;
        while (performance.now() < until) {
          await unit();
          n++;
        }
        return n;
      }),
    );
    return counts.reduce((a, b) => a + b, 0) / seconds;
  };
  const insert = () => pool.query("insert into bench_baseline (payload) values ('{}')").then(() => undefined);
  const singleInsertsPerSecond = await rate(insert);
  const transactionsPerSecond = await rate(async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (let i = 0; i < statements - 2; i++) await client.query("insert into bench_baseline (payload) values ('{}')");
      await client.query('commit');
    } finally {
      client.release();
    }
  });
  return { statements, singleInsertsPerSecond, transactionsPerSecond };
}
