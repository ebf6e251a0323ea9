// The reminder scan runs every 30 s in every worker. It once joined every active application with
// its interviews, panels and scorecards (138 ms and 197 ms at 25,000 imported applications, each a
// parallel sequential scan); it now starts from indexes over recent work (migrations 0013 and
// 0015), so its cost follows the work in flight rather than the history kept. PostgreSQL's
// auto_explain reports the plans the scan actually ran with, on a database holding years of history.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Queryable } from '../../src/db/client.js';
import { scheduleReminders } from '../../src/notifications/reminders.js';
import { createIsolatedTestApp, type TestContext } from '../helpers/app.js';
import { interviewedCandidate, openRoleCast } from '../helpers/fixtures.js';
import { plansWhile } from '../helpers/plans.js';

const HISTORY = 3000;

describe('the reminder scan', () => {
  let ctx: TestContext;
  const onPostgres = inject('databaseUrl') !== 'pglite';
  // A database of its own: the plans depend on what every table holds, and other files' recent
  // interviews would crowd the window this test shows to be small.
  beforeAll(async () => {
    if (onPostgres) ctx = await createIsolatedTestApp();
  });
  afterAll(() => ctx?.close());

  it.skipIf(!onPostgres)('reads recent interviews and submissions through their indexes, never the whole history', async () => {
    const { org, recruiter, a, role } = await openRoleCast(ctx);
    // Work in flight: an interview that ended two hours ago, its scorecard missing.
    await interviewedCandidate(ctx, recruiter, role, [a]);
    // History: applications interviewed and scored in 2024, still active, as an import leaves them.
    const db = ctx.database.db;
    await db.execute(sql`insert into candidates (id, org_id, name, email) select gen_random_uuid(), ${org.orgId}, 'History ' || g, 'h' || g || '@history.test' from generate_series(1, ${HISTORY}) g`);
    await db.execute(sql`insert into applications (id, org_id, candidate_id, role_id, current_step_id)
      select gen_random_uuid(), c.org_id, c.id, ${role.roleId}, ${role.steps.interview} from candidates c where c.org_id = ${org.orgId} and c.email like '%@history.test'`);
    await db.execute(sql`insert into interviews (id, org_id, application_id, role_id, step_id, starts_at, ends_at, created_at)
      select gen_random_uuid(), a.org_id, a.id, a.role_id, a.current_step_id, t, t, t
      from applications a join candidates c on c.id = a.candidate_id, (select timestamptz '2024-01-01 10:00Z' as t) x
      where c.org_id = ${org.orgId} and c.email like '%@history.test'`);
    await db.execute(sql`insert into interview_interviewers (org_id, interview_id, interviewer_id) select org_id, id, ${a.userId} from interviews where org_id = ${org.orgId} and ends_at < '2025-01-01'`);
    await db.execute(sql`insert into scorecards (id, org_id, interview_id, application_id, role_id, author_id, status, submitted_at)
      select gen_random_uuid(), org_id, id, application_id, role_id, ${a.userId}, 'submitted', ends_at from interviews where org_id = ${org.orgId} and ends_at < '2025-01-01'`);
    await db.execute(sql`analyze candidates, applications, interviews, interview_interviewers, scorecards, decisions`);

    const plans = await plansWhile(ctx.database.pool!, 'Query Text: select', async (client) => {
      await client.query('begin');
      // The worker's own call: every organization, no interview named.
      expect(await scheduleReminders(drizzle(client) as unknown as Queryable, ctx.config, new Date())).toBeGreaterThan(0);
      await client.query('rollback');
    });
    const missing = plans.find((p) => p.includes('Query Text: select i.org_id, i.id as interview_id'));
    const waiting = plans.find((p) => p.includes('Query Text: select a.org_id, a.id as application_id'));
    expect(missing).toMatch(/Index Scan using interviews_feedback_window on (public\.)?interviews\b/);
    expect(waiting).toMatch(/Bitmap Index Scan on scorecards_submitted/);
    for (const plan of [missing, waiting]) expect(plan).not.toMatch(/Seq Scan on (public\.)?(applications|interviews|interview_interviewers|scorecards)\b/);
  });
});
