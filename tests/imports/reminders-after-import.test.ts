// Imported history is not a to-do list: an active application whose scorecards came in long ago
// in the old tool must not turn into a decision nudge per application on the first scheduling
// pass (an import of thousands of applications would mail the decision owner thousands of times).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleReminders } from '../../src/notifications/reminders.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { interviewedCandidate, openRoleCast } from '../helpers/fixtures.js';
import { repoRoot } from '../helpers/run.js';
import { ashby, greenhouseV1, greenhouseV3, lever, writeFolder } from './fixtures.js';
import { importFolder } from './helpers.js';

describe('reminders after importing history', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('schedules no decision nudge for imported applications whose scorecards are old', async () => {
    const org = await createOrg(ctx);
    await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', writeFolder(greenhouseV1('nobody@example.test'), ['scorecards']));
    await importFolder(ctx, org.orgId, 'greenhouse-harvest-v3', writeFolder(greenhouseV3()));
    await importFolder(ctx, org.orgId, 'lever', writeFolder(lever()));
    await importFolder(ctx, org.orgId, 'ashby', writeFolder(ashby()));
    const waiting = (await ctx.database.db.execute(sql`
      select count(*)::int as n from applications a
      where a.org_id = ${org.orgId} and a.status = 'active' and exists (select 1 from scorecards s where s.application_id = a.id and s.status = 'submitted')`)) as unknown as { rows: { n: number }[] };
    // The fixtures hold active applications with every imported scorecard in and no decision.
    expect(waiting.rows[0]!.n).toBeGreaterThan(0);

    await scheduleReminders(ctx.database.db, ctx.config, new Date(), { orgIds: [org.orgId] });
    const nudges = (await ctx.database.db.execute(sql`select count(*)::int as n from outbox_messages where org_id = ${org.orgId} and kind = 'reminder.decision'`)) as unknown as { rows: { n: number }[] };
    expect(nudges.rows[0]!.n).toBe(0);

    // Imported interviews date from the source, so the scan's window of recent interviews
    // (ended or recorded within the longest reminder series) holds none of them.
    const interviews = (await ctx.database.db.execute(sql`
      select count(*)::int as n, count(*) filter (where created_at = ends_at and created_at < now() - interval '1 year')::int as dated
      from interviews where org_id = ${org.orgId}`)) as unknown as { rows: { n: number; dated: number }[] };
    expect(interviews.rows[0]!.n).toBeGreaterThan(0);
    expect(interviews.rows[0]!.dated).toBe(interviews.rows[0]!.n);
  });

  it('dates interviews imported before the importer did so from their source, and no others (migration 0013)', async () => {
    const { org, recruiter, a, role } = await openRoleCast(ctx);
    await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', writeFolder(greenhouseV1('nobody@example.test'), ['scorecards']));
    // Recorded today for an interview held yesterday: a native interview the reminders must still see.
    const { interviewId } = await interviewedCandidate(ctx, recruiter, role, [a]);
    await ctx.database.db.execute(sql`update interviews set created_at = ends_at + interval '1 day' where id = ${interviewId}`);
    // As an import before this release left them: recorded on the day of the import.
    await ctx.database.db.execute(sql`update interviews set created_at = now() where org_id = ${org.orgId} and id <> ${interviewId}`);
    const backfill = readFileSync(join(repoRoot, 'migrations/0013_reminder_scan_windows.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .filter((s) => s.includes('UPDATE "interviews"'));
    expect(backfill).toHaveLength(1);
    await ctx.database.db.execute(sql.raw(backfill[0]!));
    const rows = (await ctx.database.db.execute(sql`select id, created_at = ends_at as dated from interviews where org_id = ${org.orgId}`)) as unknown as { rows: { id: string; dated: boolean }[] };
    expect(rows.rows.length).toBeGreaterThan(1);
    for (const row of rows.rows) expect(row.dated).toBe(row.id !== interviewId);
  });
});
