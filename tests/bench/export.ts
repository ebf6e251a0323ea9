// Funnel export of 1,000,000 rows over HTTP against PostgreSQL's own COPY (…) TO STDOUT WITH CSV
// of the same rows, measured in the same run. Goals: rows/s ratio ≥ 0.5, peak RSS growth < 50 MB.
import { to as copyTo } from 'pg-copy-streams';
import { exportSql } from '../../src/analytics/export.js';
import { mintStaffToken } from '../../src/plugins/staff-token.js';
import type { BenchEnv, Figure } from './harness.js';
import { round, startServerProcess } from './harness.js';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);

export async function benchExport(env: BenchEnv): Promise<Figure> {
  const pool = env.database.pool!;
  const q = (text: string, params: unknown[] = []) => pool.query(text, params);
  const org = (await q("insert into organizations (id, name) values (gen_random_uuid(), 'Bench export') returning id")).rows[0].id;
  const admin = (await q("insert into users (id, org_id, sub, email, name, permissions) values (gen_random_uuid(), $1, 'export-admin', 'e@bench.test', 'E', array['admin']) returning sub", [org])).rows[0];
  const role = (await q("insert into roles (id, org_id, title, status, scale_labels) values (gen_random_uuid(), $1, 'Export role', 'open', array['strong no','no','yes','strong yes']) returning id", [org])).rows[0].id;
  await q("insert into steps (id, org_id, role_id, name, kind, briefing, position) select gen_random_uuid(), $1, $2, 'Step ' || g, 'interview', 'b', g from generate_series(1, 4) g", [org, role]);
  const applications = ROWS / 4;
  await q(`insert into candidates (id, org_id, name, email) select gen_random_uuid(), $1, 'C' || g, 'c' || g || '@bench.test' from generate_series(1, $2) g`, [org, applications]);
  await q(`insert into applications (id, org_id, candidate_id, role_id, created_at) select gen_random_uuid(), $1, id, $2, now() - interval '60 days' from candidates where org_id = $1`, [org, role]);
  // Four visits each: through steps 1 to 4, the last one still in progress.
  await q(`insert into stage_events (id, org_id, application_id, role_id, from_step_id, to_step_id, at)
           select gen_random_uuid(), $1, a.id, $2, prev.id, s.id, now() - interval '50 days' + s.position * interval '3 days' + (abs(hashtext(a.id::text)) % 1000) * interval '1 minute'
           from applications a cross join steps s left join steps prev on prev.role_id = s.role_id and prev.position = s.position - 1
           where a.org_id = $1 and s.role_id = $2`, [org, role]);
  await q('analyze');
  const token = mintStaffToken(env.config, { org, sub: admin.sub, permissions: ['admin'] });

  // Baseline: PostgreSQL writing the same rows as CSV itself.
  const { text, values } = exportSql({ orgId: org, roleId: role }, false);
  const inlined = text.replace(/\$(\d+)/g, (_, n) => `'${String(values[Number(n) - 1]).replace(/'/g, "''")}'`);
  const client = await pool.connect();
  let copyBytes = 0;
  const copyStart = performance.now();
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyTo(`COPY (${inlined} order by v.application_id, v.entered_at) TO STDOUT WITH CSV HEADER`));
    stream.on('data', (chunk: Buffer) => (copyBytes += chunk.length));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const copySeconds = (performance.now() - copyStart) / 1000;
  client.release();

  // The service in its own process (so its memory is its own), over HTTP, its RSS sampled from
  // /proc while it streams. A tiny export first, so code loading is not counted as growth.
  const server = await startServerProcess(env);
  try {
    const get = (query: string) => fetch(`${server.baseUrl}/exports/funnel?format=csv&roleId=${role}${query}`, { headers: { authorization: `Bearer ${token}` } });
    await (await get(`&from=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`)).text();
    await new Promise((r) => setTimeout(r, 500));
    const rssBefore = server.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, server.rss())), 10);
    let bytes = 0;
    let lines = 0;
    const start = performance.now();
    const response = await get('');
    if (!response.ok || !response.body) throw new Error(`export failed: ${response.status}`);
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines++;
    }
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const rows = lines - 1;
    if (rows !== ROWS) throw new Error(`export returned ${rows} rows, expected ${ROWS}`);
    const serviceRate = rows / seconds;
    const copyRate = ROWS / copySeconds;
    const growthMb = (peak - rssBefore) / 1_048_576;
    const ratio = serviceRate / copyRate;
    return {
      name: `funnel export, ${ROWS.toLocaleString('en')} rows`,
      value: serviceRate,
      baseline: copyRate,
      ratio,
      unit: 'rows/s',
      goal: 'ratio ≥ 0.5, RSS < 50 MB',
      met: ratio >= 0.5 && growthMb < 50,
      notes: `service ${round(seconds, 2)} s (${round(bytes / 1_048_576)} MB CSV) vs COPY ${round(copySeconds, 2)} s (${round(copyBytes / 1_048_576)} MB); server process RSS ${round(rssBefore / 1_048_576)} MB before, peak growth ${round(growthMb)} MB`,
    };
  } finally {
    await server.stop();
  }
}
