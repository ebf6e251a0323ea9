// Imported history is not a to-do list: an active application whose scorecards came in long ago
// in the old tool must not turn into a decision nudge per application on the first scheduling
// pass (an import of thousands of applications would mail the decision owner thousands of times).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleReminders } from '../../src/notifications/reminders.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
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
  });
});
