// Synthesis GET p99 for an application with 8 interviewers × 6 criteria ÷ a bare route doing one
// SELECT by primary key through the same pool, at one connection with microsecond timing. Goal: ratio ≤ 3.
// Beside it, the debrief page (the same synthesis as HTML) ÷ the JSON route. Goal: ratio ≤ 1.5.
// And the synthesis's own read (its one snapshot statement, parsed) behind a bare route ÷ the bare
// SELECT: the part of the ratio the database and the answer's size set before any service code.
import Fastify from 'fastify';
import { rebuildRoleCalibrationRatings } from '../../src/calibration/store.js';
import { loadSynthesis } from '../../src/synthesis/load.js';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import { cannon, type BenchEnv, type Figure } from './harness.js';
import { measureLatencies } from './latency.js';
import { seedBenchRole } from './seed.js';

export async function benchSynthesis(env: BenchEnv, seconds: number): Promise<Figure[]> {
  const { db, pool } = env.database;
  const role = await seedBenchRole(db, { name: 'Bench synthesis', interviewers: 8, criteria: 6 });
  const owner = role.interviewers[0]!;
  const one = async (sql: string, params: unknown[]) => (await pool!.query(sql, params)).rows[0];
  const candidate = await one("insert into candidates (id, org_id, name, email) values (gen_random_uuid(), $1, 'Synth', 's@bench.test') returning id", [role.orgId]);
  const application = await one('insert into applications (id, org_id, candidate_id, role_id, current_step_id) values (gen_random_uuid(), $1, $2, $3, $4) returning id', [role.orgId, candidate.id, role.roleId, role.stepId]);
  // Two interviews of four interviewers each, every one rating all six criteria with evidence.
  for (const panel of [role.interviewers.slice(0, 4), role.interviewers.slice(4)]) {
    const interview = await one("insert into interviews (id, org_id, application_id, role_id, step_id, starts_at, ends_at) values (gen_random_uuid(), $1, $2, $3, $4, now() - interval '3 hours', now() - interval '2 hours') returning id", [role.orgId, application.id, role.roleId, role.stepId]);
    for (const [i, person] of panel.entries()) {
      await pool!.query('insert into interview_interviewers (org_id, interview_id, interviewer_id, assigned_criterion_ids) values ($1, $2, $3, $4)', [role.orgId, interview.id, person.id, role.criterionIds]);
      const card = await one("insert into scorecards (id, org_id, interview_id, application_id, role_id, author_id, status, recommendation, notes, submitted_at) values (gen_random_uuid(), $1, $2, $3, $4, $5, 'submitted', 'yes', 'Solid, specific examples.', now() - interval '1 hour') returning id", [role.orgId, interview.id, application.id, role.roleId, person.id]);
      for (const criterionId of role.criterionIds) {
        await pool!.query('insert into scorecard_ratings (id, org_id, scorecard_id, criterion_id, rating, evidence) values (gen_random_uuid(), $1, $2, $3, $4, $5)', [role.orgId, card.id, criterionId, 2 + ((i + criterionId.charCodeAt(35)) % 3), 'Described a concrete example with customers and numbers.']);
      }
    }
  }
  await rebuildRoleCalibrationRatings(db, role.roleId);
  const token = mintStaffToken(env.config, { org: role.orgId, sub: owner.sub, permissions: ['interviewer'] });
  const headers = { authorization: `Bearer ${token}` };
  const check = await env.app.inject({ url: `/applications/${application.id}/synthesis`, headers });
  if (check.statusCode !== 200) throw new Error(`synthesis failed: ${check.body}`);

  const bare = Fastify({ logger: false });
  bare.get('/bare/:id', async (request) => (await pool!.query('select * from applications where id = $1', [(request.params as { id: string }).id])).rows[0]);
  const settings = { lexicon: [], lateFeedbackHours: env.config.lateFeedbackHours };
  bare.get('/snapshot/:id', async (request) => {
    const loaded = await loadSynthesis(env.database, role.orgId, (request.params as { id: string }).id, settings);
    return loaded!.input;
  });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  // Latency at one connection, timed per request in microseconds, so p99 is the read itself
  // rather than queueing for the machine's cores; ten connections give the throughput beside it.
  const serviceTarget = { url: `${env.baseUrl}/applications/${application.id}/synthesis`, headers };
  const bareTarget = { url: `${bareUrl}/bare/${application.id}` };
  // The debrief page renders the same synthesis as HTML for the decision owner (a bearer token
  // opens pages too), measured in the same alternating rounds as the JSON route it mirrors.
  const debriefTarget = { url: `${env.baseUrl}/app/applications/${application.id}/debrief`, headers };
  const snapshotTarget = { url: `${bareUrl}/snapshot/${application.id}` };
  const page = await env.app.inject({ url: `/app/applications/${application.id}/debrief`, headers });
  if (page.statusCode !== 200) throw new Error(`debrief failed: ${page.statusCode}`);
  const [service, baseline, debrief, snapshot] = await measureLatencies([serviceTarget, bareTarget, debriefTarget, snapshotTarget], seconds);
  const loaded = (target: { url: string; headers?: Record<string, string> }) => cannon({ ...target, connections: 10, duration: seconds });
  const baselineLoaded = await loaded(bareTarget);
  const serviceLoaded = await loaded(serviceTarget);
  await bare.close();
  const ratio = service!.p99 / baseline!.p99;
  const ms = (micros: number) => (micros / 1000).toFixed(2);
  const pageRatio = debrief!.p99 / service!.p99;
  const debriefFigure: Figure = {
    name: 'debrief page p99 ÷ synthesis JSON p99, 1 connection',
    value: debrief!.p99 / 1000,
    baseline: service!.p99 / 1000,
    ratio: pageRatio,
    unit: 'ms',
    goal: 'ratio ≤ 1.5',
    met: pageRatio <= 1.5 && debrief!.non2xx === 0,
    notes: `p50 ${ms(debrief!.p50)} vs ${ms(service!.p50)} ms, p90 ${ms(debrief!.p90)} vs ${ms(service!.p90)} ms, p99 ${ms(debrief!.p99)} vs ${ms(service!.p99)} ms over ${debrief!.count} vs ${service!.count} requests; non-2xx ${debrief!.non2xx}`,
  };
  const snapshotFigure: Figure = {
    name: 'synthesis read alone (bare route) p99 ÷ bare SELECT p99',
    value: snapshot!.p99 / 1000,
    baseline: baseline!.p99 / 1000,
    ratio: snapshot!.p99 / baseline!.p99,
    unit: 'ms',
    goal: 'measured',
    met: snapshot!.non2xx === 0,
    notes: `the synthesis's one snapshot statement through the same pool, its JSON parsed and answered by a bare route: p50 ${ms(snapshot!.p50)} vs ${ms(baseline!.p50)} ms (ratio ${(snapshot!.p50 / baseline!.p50).toFixed(2)}), p99 ${ms(snapshot!.p99)} vs ${ms(baseline!.p99)} ms; the synthesis route's p50 is ${(service!.p50 / snapshot!.p50).toFixed(2)}× this read's`,
  };
  const synthesisFigure: Figure = {
    name: 'synthesis GET p99 (8×6), 1 connection',
    value: service!.p99 / 1000,
    baseline: baseline!.p99 / 1000,
    ratio,
    unit: 'ms',
    goal: 'ratio ≤ 3',
    met: ratio <= 3 && service!.non2xx + baseline!.non2xx + serviceLoaded.non2xx === 0,
    notes:
      `one connection, per-request µs timing over ${service!.count} vs ${baseline!.count} requests: p50 ${ms(service!.p50)} vs ${ms(baseline!.p50)} ms, p90 ${ms(service!.p90)} vs ${ms(baseline!.p90)} ms, p99 ${ms(service!.p99)} vs ${ms(baseline!.p99)} ms, ` +
      `${Math.round(service!.rate)} vs ${Math.round(baseline!.rate)} req/s; ten connections (autocannon): ${Math.round(serviceLoaded.requests.average)} vs ${Math.round(baselineLoaded.requests.average)} req/s; non-2xx ${service!.non2xx + serviceLoaded.non2xx}`,
  };
  return [synthesisFigure, snapshotFigure, debriefFigure];
}
