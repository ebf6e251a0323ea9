import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications } from '../../src/db/schema.js';
import { listSuccessMetrics } from '../../src/roles/read.js';
import { createTestApp, expectProblem, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { openRoleCast, type SeededRole } from '../helpers/fixtures.js';

describe('calibration exercises and outcomes', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember, a: StaffMember, b: StaffMember, c: StaffMember;
  let role: SeededRole;

  beforeAll(async () => {
    ctx = await createTestApp();
    ({ org, recruiter, a, b, c, role } = await openRoleCast(ctx));
  });
  afterAll(() => ctx.close());

  const send = (method: 'GET' | 'POST', who: StaffMember, url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });

  async function publish() {
    const response = await send('POST', recruiter, '/calibration/exercises', {
      title: 'Discovery calibration',
      roleId: role.roleId,
      interviewerIds: [a.userId, b.userId],
      items: [
        { criterionId: role.criteria.discovery, evidence: 'Interviewed 3 customers once, last quarter.', referenceRating: 2 },
        { criterionId: role.criteria.discovery, evidence: 'Runs weekly interviews, shares snapshots with the trio.', referenceRating: 4 },
        { criterionName: 'Prioritization with evidence', evidence: 'Ranked by HiPPO request.', referenceRating: 1 },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it('keeps references blind until an interviewer has rated every item, then shows their deviation', async () => {
    const exercise = await publish();
    expect(exercise.items.map((i: { referenceRating: number }) => i.referenceRating)).toEqual([2, 4, 1]);
    expect(exercise.items[0].criterionName).toBe('Discovery habits');

    const before = (await send('GET', a, `/calibration/exercises/${exercise.id}`)).json();
    expect(before.items.every((i: { referenceRating: number | null }) => i.referenceRating === null)).toBe(true);
    expect(before.report).toEqual([]);

    const [i1, i2, i3] = exercise.items.map((i: { id: string }) => i.id);
    const partial = (await send('POST', a, `/calibration/exercises/${exercise.id}/responses`, { ratings: [{ itemId: i1, rating: 3 }] })).json();
    expect(partial.items[0].referenceRating).toBeNull();
    const done = await send('POST', a, `/calibration/exercises/${exercise.id}/responses`, { ratings: [{ itemId: i2, rating: 4 }, { itemId: i3, rating: 3 }] });
    expect(done.statusCode, done.body).toBe(201);
    const mine = done.json();
    expect(mine.items.map((i: { referenceRating: number }) => i.referenceRating)).toEqual([2, 4, 1]);
    expect(mine.report).toHaveLength(1);
    // Within one level on 2 of 3 items: not calibrated.
    expect(mine.report[0]).toMatchObject({ interviewerId: a.userId, itemsRated: 3, withinOneLevelShare: 2 / 3, calibrated: false });
    expect(mine.report[0].byCriterion.find((x: { criterionName: string }) => x.criterionName === 'Discovery habits')).toMatchObject({ items: 2, meanDeviation: 0.5 });

    expectProblem(await send('POST', a, `/calibration/exercises/${exercise.id}/responses`, { ratings: [{ itemId: i1, rating: 2 }] }), 409);
    expectProblem(await send('GET', c, `/calibration/exercises/${exercise.id}`), 404);
    expectProblem(await send('POST', c, `/calibration/exercises/${exercise.id}/responses`, { ratings: [{ itemId: i1, rating: 2 }] }), 404);
    expect((await send('GET', b, `/calibration/exercises/${exercise.id}`)).json().report).toEqual([]);
    expect((await send('GET', recruiter, `/calibration/exercises/${exercise.id}`)).json().report).toHaveLength(1);
  });

  it('refuses items that do not fit, and ratings of another exercise’s items', async () => {
    const outside = await send('POST', recruiter, '/calibration/exercises', { title: 'x', roleId: role.roleId, interviewerIds: [a.userId], items: [{ criterionName: 'Discovery', evidence: 'e', referenceRating: 5 }] });
    expectProblem(outside, 422);
    const exercise = await publish();
    const other = await publish();
    const bad = await send('POST', a, `/calibration/exercises/${exercise.id}/responses`, { ratings: [{ itemId: other.items[0].id, rating: 2 }] });
    expectProblem(bad, 422);
  });

  it('records outcomes only for hires and only for the role’s metrics', async () => {
    const candidate = (await send('POST', recruiter, '/candidates', { name: 'H', email: `${Math.random().toString(36).slice(2)}@h.test` })).json();
    const application = (await send('POST', recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json();
    const [metric] = await listSuccessMetrics(ctx.database.db, org.orgId, role.roleId);
    const body = { outcomes: [{ metricId: metric!.id, attainment: 0.8, notes: 'Four interviews a week by day 60.' }] };
    expectProblem(await send('POST', recruiter, `/applications/${application.id}/outcomes`, body), 409);
    await ctx.database.db.update(applications).set({ status: 'hired' }).where(eq(applications.id, application.id));
    const first = await send('POST', recruiter, `/applications/${application.id}/outcomes`, body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await send('POST', recruiter, `/applications/${application.id}/outcomes`, { outcomes: [{ metricId: metric!.id, attainment: 1.1 }] });
    expect(again.json().outcomes).toHaveLength(1);
    expect(again.json().outcomes[0].attainment).toBeCloseTo(1.1);
    expectProblem(await send('POST', recruiter, `/applications/${application.id}/outcomes`, { outcomes: [{ metricId: '00000000-0000-4000-8000-000000000000', attainment: 1 }] }), 422);
    expectProblem(await send('POST', a, `/applications/${application.id}/outcomes`, body), 403);
  });
});
