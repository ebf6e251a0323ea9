import { parse } from 'csv-parse/sync';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageEvents } from '../../src/db/schema.js';
import { createOrg, createTestApp, expectProblem, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { seedOpenRole, type SeededRole } from '../helpers/fixtures.js';

describe('funnel analytics and export', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember;
  let role: SeededRole;
  const apps: Record<string, string> = {};
  const t0 = new Date('2026-06-01T00:00:00Z');

  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
    recruiter = await org.addUser(['recruiter']);
    const [a, b, c] = await Promise.all([org.addUser(['interviewer']), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
    role = await seedOpenRole(ctx, org, { a, b, c });
    const post = (who: StaffMember, url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, payload });
    const apply = async (name: string) => {
      const candidate = (await post(recruiter, '/candidates', { name, email: `${name.toLowerCase()}@funnel.test` })).json();
      return (await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json().id as string;
    };
    const { screen, interview, workSample } = role.steps;
    const advance = (id: string, stepId: string) => post(recruiter, `/applications/${id}/advance`, { stepId });
    // A1 passes every step and is hired; A2 is rejected at the screen; A3 skips the interview and
    // withdraws; A4 goes back from the interview to the screen and is interviewed again; A5 waits.
    apps.a1 = await apply('Aaron');
    await advance(apps.a1, interview);
    await advance(apps.a1, workSample);
    await post(role.decisionOwner, `/applications/${apps.a1}/decision`, { decision: 'hire', rationale: 'Strong evidence.', criterionIds: [role.criteria.discovery] });
    apps.a2 = await apply('Bea');
    await post(recruiter, `/applications/${apps.a2}/reject`, { reason: 'Chose others' });
    apps.a3 = await apply('Cal');
    await advance(apps.a3, workSample);
    await post(recruiter, `/applications/${apps.a3}/withdraw`, {});
    apps.a4 = await apply('Dee');
    await advance(apps.a4, interview);
    await advance(apps.a4, screen);
    await advance(apps.a4, interview);
    apps.a5 = await apply('Eve');
    // Hand-computable times: each application's events at these hours after t0, in order.
    const hours: Record<string, number[]> = { a1: [0, 10, 15, 25], a2: [0, 20], a3: [0, 30, 32], a4: [0, 40, 41, 91], a5: [0] };
    for (const [key, offsets] of Object.entries(hours)) {
      const events = await ctx.database.db.select().from(stageEvents).where(eq(stageEvents.applicationId, apps[key]!)).orderBy(asc(stageEvents.at), asc(stageEvents.id));
      expect(events).toHaveLength(offsets.length);
      for (const [i, event] of events.entries()) {
        await ctx.database.db.update(stageEvents).set({ at: new Date(t0.getTime() + offsets[i]! * 3_600_000) }).where(eq(stageEvents.id, event.id));
      }
    }
  });
  afterAll(() => ctx.close());

  const get = (who: StaffMember, url: string) => ctx.app.inject({ method: 'GET', url, headers: who.auth });

  it('counts a hand-computed funnel, including a skipped step and a backward move', async () => {
    const response = await get(recruiter, `/analytics/funnel?roleId=${role.roleId}`);
    expect(response.statusCode, response.body).toBe(200);
    const [report] = response.json().roles;
    expect(report).toMatchObject({ roleId: role.roleId, applications: 5, hires: 1 });
    const step = (id: string) => report.steps.find((s: { stepId: string }) => s.stepId === id);
    expect(step(role.steps.screen)).toMatchObject({ entered: 5, passed: 3, rejected: 1, withdrawn: 0, movedBack: 0, inProgress: 1, passThroughRate: 0.6, medianHoursInStep: 30, p90HoursInStep: 46 });
    expect(step(role.steps.interview)).toMatchObject({ entered: 2, passed: 1, rejected: 0, movedBack: 1, inProgress: 1, passThroughRate: 0.5, medianHoursInStep: 3 });
    expect(step(role.steps.interview).p90HoursInStep).toBeCloseTo(4.6, 9);
    expect(step(role.steps.workSample)).toMatchObject({ entered: 2, passed: 1, withdrawn: 1, passThroughRate: 0.5, medianHoursInStep: 6 });
    expect(step(role.steps.workSample).p90HoursInStep).toBeCloseTo(9.2, 9);
  });

  it('exports the same rows as CSV and NDJSON, anonymized, and round-trips through a CSV parser', async () => {
    const csv = await get(recruiter, `/exports/funnel?format=csv&roleId=${role.roleId}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="funnel-.*\.csv"/);
    const records = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(11);
    expect(Object.keys(records[0]!)).toEqual(['role_id', 'role_title', 'step_id', 'step_name', 'step_position', 'application_id', 'entered_at', 'left_at', 'outcome', 'days_in_step', 'scorecards', 'mean_rating', 'flag_codes']);

    const ndjson = await get(recruiter, `/exports/funnel?format=ndjson&roleId=${role.roleId}`);
    expect(ndjson.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = ndjson.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(11);
    expect(lines.map((l) => [l.application_id, l.step_id, l.outcome])).toEqual(records.map((r) => [r.application_id, r.step_id, r.outcome]));
    const a4 = lines.filter((l) => l.application_id === apps.a4).map((l) => l.outcome);
    expect(a4).toEqual(['passed', 'moved_back', 'passed', 'in_progress']);
    for (const name of ['Aaron', 'Bea', 'Cal', 'Dee', 'Eve', 'funnel.test', 'Chose others']) {
      expect(csv.body).not.toContain(name);
      expect(ndjson.body).not.toContain(name);
    }
  });

  it('keeps personal data for admins who ask for it', async () => {
    expectProblem(await get(recruiter, `/exports/funnel?pii=true&roleId=${role.roleId}`), 403);
    const withPii = await get(org.admin, `/exports/funnel?format=csv&pii=true&roleId=${role.roleId}`);
    const records = parse(withPii.body, { columns: true }) as Record<string, string>[];
    expect(records.find((r) => r.application_id === apps.a1)).toMatchObject({ candidate_name: 'Aaron', candidate_email: 'aaron@funnel.test' });
  });

  it('filters by role and cohort date, and never shows another organization', async () => {
    const future = encodeURIComponent('2999-01-01T00:00:00Z');
    expect((await get(recruiter, `/exports/funnel?format=ndjson&roleId=${role.roleId}&from=${future}`)).body).toBe('');
    expectProblem(await get(recruiter, `/analytics/funnel?from=${future}&to=${encodeURIComponent('2000-01-01T00:00:00Z')}`), 400);
    const other = await createOrg(ctx, 'Other');
    const theirs = await other.addUser(['recruiter']);
    const report = (await get(theirs, '/analytics/funnel')).json();
    expect(report.roles).toEqual([]);
    expect((await get(theirs, `/exports/funnel?format=ndjson&roleId=${role.roleId}`)).body).toBe('');
    const interviewer = await org.addUser(['interviewer']);
    expectProblem(await get(interviewer, '/analytics/funnel'), 403);
  });
});
