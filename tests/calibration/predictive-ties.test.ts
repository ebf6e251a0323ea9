// Golden test of issue 20: predictive validity must not split tied attainment means by float
// noise. (1.1 + 0.8) / 2 and (1.0 + 0.9) / 2 are both 0.95; as 4-byte floats they averaged to
// 0.9500000179 and 0.9499999881, ranked apart, and rho came out 0.5 instead of 0.866.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criterionMetrics, outcomes, successMetrics } from '../../src/db/schema.js';
import { ranks, spearman } from '../../src/calibration/spearman.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { hoursAgo, openRoleCast } from '../helpers/fixtures.js';

describe('predictive validity with tied attainment means', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof openRoleCast>>;
  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await openRoleCast(ctx);
    const { recruiter, a, role, org } = cast;
    const db = ctx.database.db;
    // M1 comes with the seeded role; M2 is added, and discovery is tied to both.
    const [m1] = await db.select().from(successMetrics).where(eq(successMetrics.roleId, role.roleId));
    const [m2] = await db.insert(successMetrics).values({ orgId: org.orgId, roleId: role.roleId, name: 'Roadmap adoption', measurement: 'teams using it', target: 'all teams', horizonDays: 180 }).returning();
    await db.insert(criterionMetrics).values({ orgId: org.orgId, criterionId: role.criteria.discovery, metricId: m2!.id });

    const post = (who: typeof a, url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, payload });
    const hires: [number, number, number][] = [
      [1, 1.1, 0.8],
      [2, 1.0, 0.9],
      [3, 2, 2],
    ];
    for (const [i, [rating, attainment1, attainment2]] of hires.entries()) {
      const candidate = (await post(recruiter, '/candidates', { name: `Tie ${i}`, email: `tie${i}@ties.test` })).json();
      const application = (await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json();
      const interview = (await post(recruiter, `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
      const submitted = await post(a, `/interviews/${interview.id}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating, evidence: `Evidence for level ${rating}.` }], recommendation: 'yes' });
      expect(submitted.statusCode, submitted.body).toBe(200);
      const decided = await post(role.decisionOwner, `/applications/${application.id}/decision`, { decision: 'hire', rationale: 'Evidence meets the bar.', criterionIds: [role.criteria.discovery] });
      expect(decided.statusCode, decided.body).toBe(201);
      const recorded = await post(recruiter, `/applications/${application.id}/outcomes`, { outcomes: [{ metricId: m1!.id, attainment: attainment1 }, { metricId: m2!.id, attainment: attainment2 }] });
      expect(recorded.statusCode, recorded.body).toBe(201);
    }
  }, 60_000);
  afterAll(() => ctx.close());

  it('ranks equal means as ties (average ranks): rho is 0.866, not 0.5', async () => {
    const report = (await ctx.app.inject({ url: `/roles/${cast.role.roleId}/calibration`, headers: cast.recruiter.auth })).json();
    const discovery = report.criteria.find((c: { criterionId: string }) => c.criterionId === cast.role.criteria.discovery);
    expect(discovery.predictiveValidity.n).toBe(3);
    expect(discovery.predictiveValidity.rho).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });

  it('stores attainment exactly, as given, to six decimals', async () => {
    const stored = await ctx.database.db.select({ attainment: outcomes.attainment }).from(outcomes).where(eq(outcomes.orgId, cast.org.orgId));
    expect(stored.map((o) => o.attainment).sort()).toEqual([0.8, 0.9, 1, 1.1, 2, 2]);
  });

  it('the ranking itself gives tied values their average rank', () => {
    expect(ranks([0.95, 0.95, 2])).toEqual([1.5, 1.5, 3]);
    expect(spearman([1, 2, 3], [0.95, 0.95, 2]).value).toBeCloseTo(0.8660254037844386, 12);
  });
});
