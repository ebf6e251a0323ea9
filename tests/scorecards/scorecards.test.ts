import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, scorecards, scorecardViews } from '../../src/db/schema.js';
import { createOrg, createTestApp, expectProblem, type StaffMember, type TestContext } from '../helpers/app.js';
import { interviewedCandidate, openRoleCast, seedOpenRole, type SeededRole } from '../helpers/fixtures.js';

describe('independent, evidence-based scorecards', () => {
  let ctx: TestContext;
  let recruiter: StaffMember;
  let a: StaffMember, b: StaffMember, c: StaffMember;
  let role: SeededRole;

  beforeAll(async () => {
    ctx = await createTestApp();
    ({ recruiter, a, b, c, role } = await openRoleCast(ctx));
  });
  afterAll(() => ctx.close());

  const send = (method: 'POST' | 'PUT' | 'GET', who: StaffMember, url: string, payload?: object, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...who.auth, ...headers }, ...(payload ? { payload } : {}) });

  /** An application with the discovery interview (A and B) scheduled. */
  const interviewed = () => interviewedCandidate(ctx, recruiter, role, [a, b]);

  const goodCard = (author: 'a' | 'b') => ({
    ratings:
      author === 'a'
        ? [
            { criterionId: role.criteria.discovery, rating: 3, evidence: 'Walked through 6 customer interviews run last month and what changed.' },
            { criterionId: role.criteria.prioritization, rating: 4, evidence: 'Cut a roadmap item after a fake-door test showed 2% interest.' },
          ]
        : [
            { criterionId: role.criteria.discovery, rating: 3, evidence: 'Described an opportunity solution tree for onboarding.' },
            { criterionId: role.criteria.collaboration, rating: 3, evidence: 'Pairs weekly with the designer on interview snapshots.' },
          ],
    recommendation: 'yes',
    notes: 'Solid examples.',
  });

  it('saves drafts, then submits; a second submission is 409 pointing to amendments', async () => {
    const { interviewId } = await interviewed();
    const draft = await send('PUT', a, `/interviews/${interviewId}/scorecard`, { ratings: [{ criterionId: role.criteria.discovery, rating: 3 }] });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'draft', submittedAt: null });

    // The draft lacks evidence: submitting it is refused, naming the criterion.
    const refused = expectProblem(await send('POST', a, `/interviews/${interviewId}/scorecard/submit`), 422);
    expect(JSON.stringify(refused.errors)).toContain(role.criteria.discovery);

    const submitted = await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, goodCard('a'));
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', recommendation: 'yes' });
    expect(submitted.json().ratings.every((r: { offAssignment: boolean }) => !r.offAssignment)).toBe(true);

    const again = expectProblem(await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, goodCard('a')), 409);
    expect(again).toMatchObject({ amendmentUrl: `/scorecards/${submitted.json().id}/amendments` });
    expectProblem(await send('PUT', a, `/interviews/${interviewId}/scorecard`, goodCard('a')), 409);
  });

  it('refuses ratings outside the scale, a stranger’s criterion and oversized evidence, storing nothing', async () => {
    const { interviewId } = await interviewed();
    const otherOrg = await createOrg(ctx, 'Other');
    const strangerRole = await seedOpenRole(ctx, otherOrg, { a: await otherOrg.addUser(['interviewer']), b: await otherOrg.addUser(['interviewer']), c: await otherOrg.addUser(['interviewer']) });

    expectProblem(await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating: 5, evidence: 'x' }] }), 422);
    expectProblem(await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating: 0, evidence: 'x' }] }), 400);
    const stranger = expectProblem(await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, { ratings: [{ criterionId: strangerRole.criteria.discovery, rating: 3, evidence: 'x' }] }), 422);
    expect(stranger.errors![0]!.message).toMatch(/not a criterion of this role/);
    expectProblem(await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: 'x'.repeat(10_001) }] }), 400);
    expectProblem(await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, { ratings: [], authorId: b.userId }), 400);

    const stored = await ctx.database.db.select().from(scorecards).where(eq(scorecards.interviewId, interviewId));
    expect(stored).toEqual([]);
  });

  it('accepts a rating on an unassigned criterion but marks it off-assignment', async () => {
    const { interviewId } = await interviewed();
    const card = await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, {
      ratings: [...goodCard('a').ratings, { criterionId: role.criteria.collaboration, rating: 2, evidence: 'Spoke over the designer twice.' }],
    });
    expect(card.statusCode, card.body).toBe(200);
    const off = card.json().ratings.find((r: { criterionId: string }) => r.criterionId === role.criteria.collaboration);
    expect(off.offAssignment).toBe(true);
  });

  it('lets only the interview’s interviewers write, and only while the application is active', async () => {
    const { interviewId, applicationId } = await interviewed();
    expectProblem(await send('PUT', c, `/interviews/${interviewId}/scorecard`, goodCard('a')), 404);
    await send('POST', recruiter, `/applications/${applicationId}/withdraw`, {});
    expectProblem(await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, goodCard('a')), 409);
  });

  it('keeps the original and the amendment, with the reason, and shows current ratings', async () => {
    const { interviewId } = await interviewed();
    const card = (await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, goodCard('a'))).json();
    expectProblem(await send('POST', a, `/scorecards/${card.id}/amendments`, { ratings: [{ criterionId: role.criteria.discovery, rating: 2, evidence: 'x' }] }), 400);
    const amended = await send('POST', a, `/scorecards/${card.id}/amendments`, {
      reason: 'Mis-typed the discovery rating',
      ratings: [{ criterionId: role.criteria.discovery, rating: 2, evidence: 'On reflection: interviews were run by the researcher, not the candidate.' }],
    });
    expect(amended.statusCode, amended.body).toBe(201);
    const body = amended.json();
    const current = (id: string) => body.ratings.find((r: { criterionId: string }) => r.criterionId === id);
    expect(current(role.criteria.discovery).rating).toBe(2);
    expect(current(role.criteria.prioritization).rating).toBe(4);
    expect(body.originalRatings.find((r: { criterionId: string }) => r.criterionId === role.criteria.discovery).rating).toBe(3);
    expect(body.amendments).toHaveLength(1);
    expect(body.amendments[0]).toMatchObject({ reason: 'Mis-typed the discovery rating', ratings: [{ rating: 2 }] });
    expectProblem(await send('POST', b, `/scorecards/${card.id}/amendments`, { reason: 'not mine', ratings: [{ criterionId: role.criteria.discovery, rating: 1, evidence: 'x' }] }), 403);
  });

  it('hides colleagues’ scorecards until an interviewer submits their own, and records every read', async () => {
    const { applicationId, interviewId } = await interviewed();
    await send('POST', b, `/interviews/${interviewId}/scorecard/submit`, goodCard('b'));

    const early = expectProblem(await send('GET', a, `/applications/${applicationId}/scorecards`), 403);
    expect(early.detail).toMatch(/Submit your own scorecard/);

    await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, goodCard('a'));
    const after = await send('GET', a, `/applications/${applicationId}/scorecards`);
    expect(after.statusCode).toBe(200);
    expect(after.json().items).toHaveLength(2);

    const views = await ctx.database.db.select().from(scorecardViews).where(and(eq(scorecardViews.applicationId, applicationId), eq(scorecardViews.viewerId, a.userId)));
    expect(views).toHaveLength(1);

    expect((await send('GET', role.decisionOwner, `/applications/${applicationId}/scorecards`)).json().items).toHaveLength(2);
    expect((await send('GET', recruiter, `/applications/${applicationId}/scorecards`)).statusCode).toBe(200);
    expectProblem(await send('GET', c, `/applications/${applicationId}/scorecards`), 404);
  });

  it('stores exactly one scorecard for 20 concurrent retries of one submission with one key', async () => {
    const { interviewId } = await interviewed();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => send('POST', a, `/interviews/${interviewId}/scorecard/submit`, goodCard('a'), { 'idempotency-key': `submit-${interviewId}` })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    const stored = await ctx.database.db.select().from(scorecards).where(eq(scorecards.interviewId, interviewId));
    expect(stored).toHaveLength(1);
    const audits = await ctx.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, stored[0]!.id), eq(auditLog.action, 'scorecard.submit')));
    expect(audits).toHaveLength(1);
    // The audit keeps numbers, never evidence text.
    expect(JSON.stringify(audits[0]!.after)).not.toContain('fake-door');
  });
});
