// calibration_ratings is maintained by every submission and amendment; these tests hold it to what
// the scorecards say: by hand on one application, against a from-scratch rebuild after concurrent
// submissions, and against the migration's backfill of data written before the table existed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rebuildRoleCalibrationRatings } from '../../src/calibration/store.js';
import { createTestApp, type StaffMember, type TestContext } from '../helpers/app.js';
import { hoursAgo, interviewedCandidate, openRoleCast, type SeededRole } from '../helpers/fixtures.js';
import { plansWhile } from '../helpers/plans.js';
import { repoRoot } from '../helpers/run.js';

describe('calibration_ratings follows the scorecards', () => {
  let ctx: TestContext;
  let recruiter: StaffMember, a: StaffMember, b: StaffMember;
  let role: SeededRole;

  beforeAll(async () => {
    ctx = await createTestApp();
    ({ recruiter, a, b, role } = await openRoleCast(ctx));
  });
  afterAll(() => ctx.close());

  const post = (who: StaffMember, url: string, payload?: object, extra: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, headers: { ...who.auth, ...extra }, ...(payload ? { payload } : {}) });
  const ok = <T>(response: { statusCode: number; body: string; json(): T }) => {
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };

  async function application() {
    const candidate = ok<{ id: string }>(await post(recruiter, '/candidates', { name: 'Store', email: `store.${Math.random().toString(36).slice(2)}@c.test` }));
    return ok<{ id: string }>(await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).id;
  }
  const interview = async (applicationId: string, stepId: string, interviewerIds: string[], hours = 3) =>
    ok<{ id: string }>(await post(recruiter, `/applications/${applicationId}/interviews`, { stepId, interviewerIds, startsAt: hoursAgo(hours), endsAt: hoursAgo(hours - 1) })).id;
  const submit = async (who: StaffMember, interviewId: string, ratings: [string, number][]) =>
    ok<{ id: string }>(await post(who, `/interviews/${interviewId}/scorecard/submit`, { ratings: ratings.map(([criterionId, rating]) => ({ criterionId, rating, evidence: 'Concrete example.' })) }));

  async function tableRows() {
    const result = await ctx.database.db.execute(sql`
      select criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel
      from calibration_ratings where role_id = ${role.roleId} order by criterion_id, application_id, interviewer_id`);
    return (result as unknown as { rows: Record<string, unknown>[] }).rows.map((r): Record<string, unknown> => ({ ...r, submitted_at: new Date(r.submitted_at as string).toISOString() }));
  }

  it('holds each unit’s latest ratings and co-raters, through a second scorecard and an amendment', async () => {
    const { discovery, prioritization } = role.criteria;
    const appId = await application();
    const panel = await interview(appId, role.steps.interview, [a.userId, b.userId]);
    await Promise.all([submit(a, panel, [[discovery, 4], [prioritization, 3]]), submit(b, panel, [[discovery, 2]])]);
    const unit = async (criterionId: string, who: StaffMember) => (await tableRows()).find((r) => r.application_id === appId && r.criterion_id === criterionId && r.interviewer_id === who.userId);
    const sortedPanel = [a.userId, b.userId].sort();
    expect(await unit(discovery, a)).toMatchObject({ rating: 4, co_raters: 1, co_total: 2, co_levels: [0, 1, 0, 0, 0, 0, 0], panel: sortedPanel });
    expect(await unit(discovery, b)).toMatchObject({ rating: 2, co_raters: 1, co_total: 4, co_levels: [0, 0, 0, 1, 0, 0, 0] });
    expect(await unit(prioritization, a)).toMatchObject({ rating: 3, co_raters: 0, co_total: 0, panel: [a.userId] });

    // a rates discovery again, later, off their screen assignment: that rating is a's latest.
    const screen = await interview(appId, role.steps.screen, [a.userId], 1.5);
    await submit(a, screen, [[discovery, 1]]);
    expect(await unit(discovery, a)).toMatchObject({ rating: 1 });
    expect(await unit(discovery, b)).toMatchObject({ co_total: 1, co_levels: [1, 0, 0, 0, 0, 0, 0] });

    // b amends discovery 2 → 3: a's co-raters follow.
    const bCard = (await ctx.database.db.execute(sql`select id from scorecards where interview_id = ${panel} and author_id = ${b.userId}`)) as unknown as { rows: { id: string }[] };
    ok(await post(b, `/scorecards/${bCard.rows[0]!.id}/amendments`, { reason: 'Misread my notes.', ratings: [{ criterionId: discovery, rating: 3, evidence: 'Concrete example, re-read.' }] }));
    expect(await unit(discovery, a)).toMatchObject({ co_total: 3, co_levels: [0, 0, 1, 0, 0, 0, 0] });
    expect(await unit(discovery, b)).toMatchObject({ rating: 3 });

    // a amends prioritization to "not assessed": that unit loses its only rating.
    const aCard = (await ctx.database.db.execute(sql`select id from scorecards where interview_id = ${panel} and author_id = ${a.userId}`)) as unknown as { rows: { id: string }[] };
    ok(await post(a, `/scorecards/${aCard.rows[0]!.id}/amendments`, { reason: 'Did not get to it.', ratings: [{ criterionId: prioritization, rating: null }] }));
    expect(await unit(prioritization, a)).toBeUndefined();

    // Focus: a rated discovery of the two criteria assigned in the interview, and nothing of the
    // one assigned at the screen (collaboration): 1 of 3.
    const report = ok<{ interviewers: { userId: string; focusAdherence: number }[] }>(await ctx.app.inject({ url: `/roles/${role.roleId}/calibration`, headers: recruiter.auth }));
    expect(report.interviewers.find((i) => i.userId === a.userId)!.focusAdherence).toBeCloseTo(1 / 3, 10);
  });

  it('equals a from-scratch rebuild after concurrent submissions for the same candidates', async () => {
    const { discovery, prioritization, collaboration } = role.criteria;
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const appId = await application();
        const panel = await interview(appId, role.steps.interview, [a.userId, b.userId]);
        await Promise.all([submit(a, panel, [[discovery, 1 + (i % 4)], [prioritization, 2]]), submit(b, panel, [[discovery, 4 - (i % 4)], [collaboration, 3]])]);
      }),
    );
    const maintained = await tableRows();
    expect(maintained.filter((r) => r.co_raters === 1).length).toBeGreaterThanOrEqual(12);
    await ctx.database.db.execute(sql`delete from calibration_ratings where role_id = ${role.roleId}`);
    await rebuildRoleCalibrationRatings(ctx.database.db, role.roleId);
    expect(await tableRows()).toEqual(maintained);
    // A rating that no longer exists (here: rows for someone who never rated) goes in a rebuild too.
    await ctx.database.db.execute(sql`
      insert into calibration_ratings (org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel)
      select org_id, role_id, criterion_id, application_id, ${recruiter.userId}, rating, submitted_at, co_raters, co_total, co_levels, panel
      from calibration_ratings where role_id = ${role.roleId} and interviewer_id = ${a.userId}`);
    expect((await tableRows()).length).toBeGreaterThan(maintained.length);
    await rebuildRoleCalibrationRatings(ctx.database.db, role.roleId);
    expect(await tableRows()).toEqual(maintained);
  });

  // calibration_ratings has no foreign keys (each cost a lookup per inserted row); a statement
  // trigger on applications keeps the one duty its application key had (migration 0012).
  it('loses the rows of a deleted application, also when the deletion cascades from its organization', async () => {
    const rowsOf = async (applicationId: string) =>
      ((await ctx.database.db.execute(sql`select interviewer_id from calibration_ratings where application_id = ${applicationId}`)) as unknown as { rows: unknown[] }).rows.length;
    const [deleted, kept] = [await application(), await application()];
    for (const appId of [deleted, kept]) await submit(a, await interview(appId, role.steps.interview, [a.userId]), [[role.criteria.discovery, 3], [role.criteria.prioritization, 2]]);
    expect([await rowsOf(deleted), await rowsOf(kept)]).toEqual([2, 2]);
    await ctx.database.db.execute(sql`delete from applications where id = ${deleted}`);
    expect([await rowsOf(deleted), await rowsOf(kept)]).toEqual([0, 2]);

    const other = await openRoleCast(ctx);
    const elsewhere = await interviewedCandidate(ctx, other.recruiter, other.role, [other.a]);
    const card = { ratings: [{ criterionId: other.role.criteria.discovery, rating: 4, evidence: 'Concrete example.' }] };
    ok(await post(other.a, `/interviews/${elsewhere.interviewId}/scorecard/submit`, card));
    expect(await rowsOf(elsewhere.applicationId)).toBe(1);
    await ctx.database.db.execute(sql`delete from organizations where id = ${other.org.orgId}`);
    expect([await rowsOf(elsewhere.applicationId), await rowsOf(kept)]).toEqual([0, 2]);
  });

  // Planning every call cost a submission more than the refresh itself; but a plan kept for the
  // connection's life, made while an import's tables were small, once scanned them whole on every
  // later call (see migrations 0007, 0009 and 0010). PostgreSQL's auto_explain reports the plans the
  // function's statements actually ran with, as notices on this connection.
  it.skipIf(inject('databaseUrl') === 'pglite')('plans only index lookups and window aggregates, keeps one plan for a single application and plans each call about several', async () => {
    const appIds = [await application(), await application()];
    const plans = await plansWhile(ctx.database.pool!, 'Query Text: WITH latest AS', async (client) => {
      // Sequential scans would be the cheaper plan for a test database's small tables.
      await client.query(`SET enable_seqscan = on`);
      for (const ids of [[appIds[0]], [appIds[1]], appIds]) await client.query('select calibration_refresh($1::uuid[])', [ids]);
      // The function restores the connection's own settings when it returns.
      expect((await client.query('show enable_seqscan')).rows[0].enable_seqscan).toBe('on');
      expect((await client.query('show plan_cache_mode')).rows[0].plan_cache_mode).toBe('auto');
    });
    expect(plans).toHaveLength(3);
    const [first, second, both] = plans as [string, string, string];
    for (const plan of plans) {
      // Lookups only, whatever the statistics say: sequential scans stay off for every call.
      expect(plan).not.toMatch(/Seq Scan on (public\.)?(applications|scorecards|scorecard_ratings|calibration_ratings)\b/);
      // Stale rows are looked up, never found by comparing every existing row with every fresh one.
      expect(plan).not.toContain('Anti Join');
      expect(plan).toMatch(/Filter: \(NOT \(SubPlan \d+\)\)/);
      // Each unit is summarised by window aggregates over its ratings, never by joining them back
      // to a GROUP BY of themselves (on stale statistics that join re-aggregated every rating).
      expect(plan).toContain('WindowAgg');
      expect(plan).not.toContain('GroupAggregate');
      // Submitted scorecards are found by one index holding both the application and the status,
      // never by intersecting an application's entries with every submitted scorecard's (on stale
      // statistics a BitmapAnd read the status column of the whole scorecards_org_role index for
      // each application: 100,000 entries per application, nine tenths of an import's refresh).
      expect(plan).not.toContain('BitmapAnd');
      expect(plan).not.toMatch(/\bscorecards_org_role\b/);
      expect(plan).toMatch(/Index Cond: \(\(s\.application_id = a\.id\) AND \(s\.status = 'submitted'::text\)\)/);
    }
    for (const single of [first, second]) {
      expect(single).toContain('Function Call: unnest($1)'); // a generic plan: one for every application
      expect(single).toMatch(/\bscorecards_app\b/); // the scorecards are reached through their application's index
    }
    expect(both).toContain(appIds[1]!); // a custom plan, made for these applications' values
  });

  it('is what the migration backfills from scorecards written before it', async () => {
    const focus = async () =>
      ((await ctx.database.db.execute(sql`select id, assigned_criteria, assessed_criteria from scorecards where role_id = ${role.roleId} order by id`)) as unknown as { rows: unknown[] }).rows;
    const [maintained, maintainedFocus] = [await tableRows(), await focus()];
    const migration = readFileSync(join(repoRoot, 'migrations/0001_calibration_ratings.sql'), 'utf8').split('--> statement-breakpoint');
    const backfill = migration.filter((s) => /^\s*(--.*\n\s*)?(UPDATE "scorecards"|INSERT INTO "calibration_ratings")/.test(s));
    expect(backfill).toHaveLength(2);
    await ctx.database.db.execute(sql`update scorecards set assigned_criteria = 0, assessed_criteria = 0 where role_id = ${role.roleId}`);
    await ctx.database.db.execute(sql`delete from calibration_ratings where role_id = ${role.roleId}`);
    // The backfill covers every organization; here only this role's rows are missing.
    await ctx.database.db.execute(sql.raw(backfill[0]!));
    await ctx.database.db.execute(sql.raw(backfill[1]!.replace('FROM latest l JOIN units u USING (criterion_id, application_id)', `FROM latest l JOIN units u USING (criterion_id, application_id) WHERE l.role_id = '${role.roleId}'`)));
    expect(await tableRows()).toEqual(maintained);
    expect(await focus()).toEqual(maintainedFocus);
  });
});
