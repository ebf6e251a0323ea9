// Role calibration over 1,000 interviewers and 200,000 scorecards (3 criteria each): time at 20k
// and 200k scorecards, the growth between them, and the ratio to a plain scan of the same ratings
// measured in the same run. Goal: under 2 s at 200k. BENCH_CALIBRATION_SCORECARDS and
// BENCH_CALIBRATION_CRITERIA change the larger size and the criteria per scorecard (the smaller
// size is a tenth), e.g. 200,000 × 5 for the size of the import benchmark's role.
import type pg from 'pg';
import { rebuildRoleCalibrationRatings } from '../../src/calibration/store.js';
import type { Db } from '../../src/db/client.js';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import type { BenchEnv, Figure } from './harness.js';
import { round } from './harness.js';

const SCALE = "array['strong no','no','yes','strong yes']";
const SCORECARDS = Number(process.env.BENCH_CALIBRATION_SCORECARDS ?? 200_000);
const CRITERIA = Number(process.env.BENCH_CALIBRATION_CRITERIA ?? 3);

/** Bulk-loaded around the write path, so the calibration table is rebuilt for the role at the end. */
export async function seedCalibrationRole(pool: pg.Pool, db: Db, scorecards: number, interviewers: number, criteria = 3) {
  const panel = 4;
  const applications = Math.ceil(scorecards / panel);
  const q = (text: string, params: unknown[] = []) => pool.query(text, params);
  const org = (await q("insert into organizations (id, name) values (gen_random_uuid(), 'Bench calibration') returning id")).rows[0].id;
  await q(`insert into users (id, org_id, sub, email, name, permissions)
           select gen_random_uuid(), $1, 'cal-' || g, 'cal-' || g || '@bench.test', 'Interviewer ' || g, array['interviewer']
           from generate_series(1, $2) g`, [org, interviewers]);
  const owner = (await q("select id, sub from users where org_id = $1 order by sub limit 1", [org])).rows[0];
  const role = (await q(`insert into roles (id, org_id, title, status, scale_labels, decision_owner_id) values (gen_random_uuid(), $1, 'Calibration role', 'open', ${SCALE}, $2) returning id`, [org, owner.id])).rows[0].id;
  await q(`insert into criteria (id, org_id, role_id, name, description, anchors, bar)
           select gen_random_uuid(), $1, $2, 'criterion ' || g, 'd', ${SCALE}, 3 from generate_series(1, $3) g`, [org, role, criteria]);
  const step = (await q("insert into steps (id, org_id, role_id, name, kind, briefing, position) values (gen_random_uuid(), $1, $2, 'Interview', 'interview', 'b', 1) returning id", [org, role])).rows[0].id;
  await q(`create temporary table if not exists bench_people as select 0 as idx, id from users limit 0`);
  await q('truncate bench_people');
  await q(`insert into bench_people select (row_number() over (order by sub)) - 1, id from users where org_id = $1`, [org]);
  await q(`insert into candidates (id, org_id, name, email) select gen_random_uuid(), $1, 'C' || g, 'c' || g || '@bench.test' from generate_series(1, $2) g`, [org, applications]);
  await q(`insert into applications (id, org_id, candidate_id, role_id, current_step_id, created_at)
           select gen_random_uuid(), $1, id, $2, $3, now() - interval '30 days' from candidates where org_id = $1`, [org, role, step]);
  await q(`insert into interviews (id, org_id, application_id, role_id, step_id, starts_at, ends_at)
           select gen_random_uuid(), $1, id, $2, $3, now() - interval '20 days', now() - interval '20 days' + interval '1 hour' from applications where org_id = $1`, [org, role, step]);
  // Each interview: four distinct interviewers, spread evenly over all of them.
  await q(`insert into interview_interviewers (org_id, interview_id, interviewer_id, assigned_criterion_ids)
           select $1, i.id, p.id, (select array_agg(id) from criteria where role_id = $2)
           from (select id, row_number() over (order by id) as n from interviews where org_id = $1) i
           cross join generate_series(0, ${panel - 1}) j
           join bench_people p on p.idx = (i.n * 7 + j * ${Math.floor(interviewers / panel)}) % $3`, [org, role, interviewers]);
  await q(`insert into scorecards (id, org_id, interview_id, application_id, role_id, author_id, status, recommendation, submitted_at, assigned_criteria, assessed_criteria)
           select gen_random_uuid(), $1, ii.interview_id, i.application_id, $2, ii.interviewer_id, 'submitted', 'yes', i.ends_at + interval '3 hours', $3, $3
           from interview_interviewers ii join interviews i on i.id = ii.interview_id where i.org_id = $1`, [org, role, criteria]);
  // Ratings around each application's level; a tenth of the interviewers rate one level higher.
  await q(`insert into scorecard_ratings (id, org_id, scorecard_id, criterion_id, rating, evidence)
           select gen_random_uuid(), $1, s.id, c.id,
             least(4, greatest(1, 1 + (abs(hashtext(s.application_id::text || c.id::text)) % 4)
               + case when abs(hashtext(s.author_id::text)) % 10 = 0 then 1 else 0 end
               - case when random() < 0.2 then 1 else 0 end)),
             'e'
           from scorecards s cross join criteria c where s.org_id = $1 and c.role_id = $2`, [org, role]);
  await rebuildRoleCalibrationRatings(db, role);
  await q('analyze');
  return { org, role, owner };
}

export async function benchCalibration(env: BenchEnv, runs = 3): Promise<Figure> {
  const pool = env.database.pool!;
  const timings: Record<number, { service: number; scan: number }> = {};
  const sizes = [Math.round(SCORECARDS / 10), SCORECARDS];
  for (const size of sizes) {
    const { org, role, owner } = await seedCalibrationRole(pool, env.database.db, size, 1000, CRITERIA);
    const headers = { authorization: `Bearer ${mintStaffToken(env.config, { org, sub: owner.sub, permissions: ['interviewer'] })}` };
    const service: number[] = [];
    const scan: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const response = await env.app.inject({ url: `/roles/${role}/calibration`, headers });
      service.push(performance.now() - t);
      if (response.statusCode !== 200) throw new Error(`calibration failed: ${response.body.slice(0, 300)}`);
      t = performance.now();
      await pool.query("select count(*), avg(r.rating) from scorecard_ratings r join scorecards s on s.id = r.scorecard_id where s.role_id = $1 and s.status = 'submitted' and r.is_current", [role]);
      scan.push(performance.now() - t);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    timings[size] = { service: median(service), scan: median(scan) };
  }
  const big = timings[sizes[1]!]!;
  const small = timings[sizes[0]!]!;
  const k = (n: number) => `${round(n / 1000)}k`;
  return {
    name: `role calibration, ${k(SCORECARDS)} scorecards${CRITERIA === 3 ? '' : ` × ${CRITERIA} criteria`}`,
    value: big.service,
    baseline: big.scan,
    ratio: big.service / big.scan,
    unit: 'ms',
    goal: '< 2000 ms',
    met: big.service < 2000,
    notes: `1,000 interviewers, ${CRITERIA} criteria; ${k(sizes[0]!)} scorecards: ${round(small.service)} ms → ${k(sizes[1]!)}: ${round(big.service)} ms (×${round(big.service / small.service, 2)} for ×10 data); baseline is one SQL scan averaging the same ratings (${round(big.scan)} ms)`,
  };
}
