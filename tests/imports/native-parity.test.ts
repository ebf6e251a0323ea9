// The same ratings entered natively through the API and imported from Ashby give the same
// calibration: agreement (alpha, ICC) per criterion and leniency per interviewer, to 3 decimals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { importLinks } from '../../src/db/schema.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { hoursAgo, openRoleCast } from '../helpers/fixtures.js';
import { writeFolder } from './fixtures.js';
import { importFolder } from './helpers.js';

const APPLICATIONS = 8;
const CRITERIA = ['Discovery habits', 'Prioritization with evidence', 'Trio collaboration'] as const;

/** Deterministic ratings 1..4 with a lenient and a severe rater, so leniency has something to show. */
function ratingOf(app: number, criterion: number, rater: number) {
  const base = ((app * 7 + criterion * 3) % 4) + 1;
  return Math.min(4, Math.max(1, base + (rater === 0 ? 1 : rater === 2 ? -1 : 0) * ((app + criterion) % 2)));
}

describe('native and imported scorecards calibrate alike', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('gives the same alpha, ICC and leniency to 3 decimals', async () => {
    const { org, recruiter, a, b, c, role } = await openRoleCast(ctx);
    const raters = [a, b, c];
    const ids = [role.criteria.discovery, role.criteria.prioritization, role.criteria.collaboration];
    // Who rates what, as the seeded plan assigns it: interview → A, B; work sample → C.
    const rated: Record<number, number[]> = { 0: [0, 1], 1: [0, 2], 2: [1, 2] };
    const stepOf = (rater: number) => (rater === 2 ? role.steps.workSample : role.steps.interview);

    const users = (await ctx.app.inject({ url: '/users?limit=200', headers: org.admin.auth })).json().items as { id: string; email: string }[];
    const emailOf = (userId: string) => users.find((u) => u.id === userId)!.email;

    const feedback: object[] = [];
    const applications: object[] = [];
    for (let app = 0; app < APPLICATIONS; app++) {
      const candidate = (await ctx.app.inject({ method: 'POST', url: '/candidates', headers: recruiter.auth, payload: { name: `Native ${app}`, email: `native${app}@cand.test` } })).json();
      const application = (await ctx.app.inject({ method: 'POST', url: '/applications', headers: recruiter.auth, payload: { candidateId: candidate.id, roleId: role.roleId } })).json();
      applications.push({ id: `app-${app}`, status: 'Active', candidate: { id: `cand-${app}`, name: `Imported ${app}`, primaryEmailAddress: { value: `imported${app}@cand.test` } }, job: { id: 'job-1', title: 'Product Manager (imported)' } });
      for (const [rater, who] of raters.entries()) {
        const criteria = [0, 1, 2].filter((k) => rated[k]!.includes(rater));
        const interview = (
          await ctx.app.inject({ method: 'POST', url: `/applications/${application.id}/interviews`, headers: recruiter.auth, payload: { stepId: stepOf(rater), interviewerIds: [who.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) } })
        ).json();
        const submitted = await ctx.app.inject({
          method: 'POST',
          url: `/interviews/${interview.id}/scorecard/submit`,
          headers: who.auth,
          payload: { ratings: criteria.map((k) => ({ criterionId: ids[k], rating: ratingOf(app, k, rater), evidence: 'What they said and did.' })), recommendation: 'yes' },
        });
        expect(submitted.statusCode, submitted.body).toBe(200);
        feedback.push({
          id: `fb-${app}-${rater}`,
          applicationId: `app-${app}`,
          interviewId: rater === 2 ? 'work-sample' : 'interview',
          submittedAt: hoursAgo(1),
          submittedByUser: { id: `ashby-${rater}`, firstName: 'Imported', lastName: `Rater ${rater}`, email: emailOf(who.userId) },
          formDefinition: { title: rater === 2 ? 'Work sample' : 'Interview', sections: criteria.map((k) => ({ fields: [{ field: { id: `f${k}`, type: 'Score', path: `c${k}`, title: CRITERIA[k] } }, { field: { id: `n${k}`, type: 'RichText', path: `n${k}`, title: 'Notes' } }] })) },
          submittedValues: Object.fromEntries(criteria.flatMap((k) => [[`c${k}`, String(ratingOf(app, k, rater))], [`n${k}`, 'What they said and did.']])),
        });
      }
    }
    const folder = writeFolder({ applications, feedback });
    const summary = await importFolder(ctx, org.orgId, 'ashby', folder);
    expect(summary.created).toMatchObject({ users: 0, applications: APPLICATIONS, scorecards: APPLICATIONS * 3, criteria: 3 });
    const importedRoleId = (await ctx.database.db.select().from(importLinks).where(and(eq(importLinks.orgId, org.orgId), eq(importLinks.kind, 'role'), eq(importLinks.externalId, 'job-1'))))[0]!.targetId;

    const native = (await ctx.app.inject({ url: `/roles/${role.roleId}/calibration`, headers: recruiter.auth })).json();
    const imported = (await ctx.app.inject({ url: `/roles/${importedRoleId}/calibration`, headers: recruiter.auth })).json();
    const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
    const agreement = (report: typeof native) =>
      Object.fromEntries(
        report.criteria.map((k: { name: string; units: number; alpha: Record<string, number | null>; icc: Record<string, number | null> }) => [
          k.name,
          { units: k.units, alpha: Object.fromEntries(Object.entries(k.alpha).map(([n, v]) => [n, round(v)])), icc: Object.fromEntries(Object.entries(k.icc).map(([n, v]) => [n, round(v)])) },
        ]),
      );
    const leniency = (report: typeof native) =>
      Object.fromEntries(report.interviewers.map((i: { userId: string; n: number; leniency: Record<string, number | null> }) => [i.userId, { n: i.n, ...Object.fromEntries(Object.entries(i.leniency).map(([n, v]) => [n, round(v)])) }]));
    const nativeAgreement = agreement(native);
    expect(Object.values(nativeAgreement).some((k) => (k as { alpha: { interval: number | null } }).alpha.interval !== null)).toBe(true);
    expect(agreement(imported)).toEqual(nativeAgreement);
    expect(leniency(imported)).toEqual(leniency(native));
    expect(Object.keys(leniency(native)).sort()).toEqual(raters.map((r) => r.userId).sort());

    // The role-wide refresh that large imports take gives the same rows as the per-application one.
    const other = await createOrg(ctx);
    await importFolder(ctx, other.orgId, 'ashby', folder, 1);
    const otherRoleId = (await ctx.database.db.select().from(importLinks).where(and(eq(importLinks.orgId, other.orgId), eq(importLinks.kind, 'role'), eq(importLinks.externalId, 'job-1'))))[0]!.targetId;
    const rebuilt = (await ctx.app.inject({ url: `/roles/${otherRoleId}/calibration`, headers: other.admin.auth })).json();
    expect(agreement(rebuilt)).toEqual(nativeAgreement);
    expect(Object.values(leniency(rebuilt))).toEqual(expect.arrayContaining(Object.values(leniency(native))));
  });
});
