import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationFlags, steps } from '../../src/db/schema.js';
import { createOrg, createTestApp, expectProblem, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { hoursAgo, seedOpenRole, type SeededRole } from '../helpers/fixtures.js';

type Flag = { code: string; refs: { interviewIds?: string[]; scorecardIds?: string[]; stepIds?: string[] }; message: string };

describe('the decision owner’s synthesis and decisions, through HTTP', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember;
  let a: StaffMember, b: StaffMember, c: StaffMember, lunchHost: StaffMember;
  let role: SeededRole;

  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
    recruiter = await org.addUser(['recruiter']);
    [a, b, c, lunchHost] = await Promise.all([org.addUser(['interviewer'], 'Ana'), org.addUser(['interviewer'], 'Ben'), org.addUser(['interviewer'], 'Cy'), org.addUser(['interviewer'], 'Lou')]);
    role = await seedOpenRole(ctx, org, { a, b, c });
  });
  afterAll(() => ctx.close());

  const send = (method: 'POST' | 'GET', who: StaffMember, url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });

  async function schedule(applicationId: string, body: object) {
    const response = await send('POST', recruiter, `/applications/${applicationId}/interviews`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  }
  async function submit(who: StaffMember, interviewId: string, body: object) {
    const response = await send('POST', who, `/interviews/${interviewId}/scorecard/submit`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().id as string;
  }
  const evidence = (criterionId: string, rating: number, text: string) => ({ criterionId, rating, evidence: text });

  /** A candidate who clears every structured step. */
  async function strongLoop() {
    const candidate = (await send('POST', recruiter, '/candidates', { name: 'Robin', email: `${Math.random().toString(36).slice(2)}@c.test` })).json();
    const application = (await send('POST', recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json();
    const screen = await schedule(application.id, { stepId: role.steps.screen, interviewerIds: [a.userId], startsAt: hoursAgo(80), endsAt: hoursAgo(79.5) });
    await submit(a, screen, { ratings: [evidence(role.criteria.collaboration, 3, 'Described weekly trio sessions with design and engineering.')], recommendation: 'yes' });
    const interview = await schedule(application.id, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: hoursAgo(50), endsAt: hoursAgo(49) });
    await submit(a, interview, {
      ratings: [evidence(role.criteria.discovery, 4, 'Ran 12 customer interviews for the pricing change.'), evidence(role.criteria.prioritization, 3, 'Dropped a feature after a fake-door test.')],
      recommendation: 'strong_yes',
    });
    await submit(b, interview, {
      ratings: [evidence(role.criteria.discovery, 3, 'Showed an opportunity solution tree.'), evidence(role.criteria.collaboration, 4, 'Brought engineers to customer calls.')],
      recommendation: 'yes',
    });
    const workSample = await schedule(application.id, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: hoursAgo(30), endsAt: hoursAgo(29) });
    await submit(c, workSample, {
      ratings: [evidence(role.criteria.prioritization, 4, 'Ranked the backlog by expected impact with the data given.'), evidence(role.criteria.collaboration, 3, 'Asked how engineering would size it.')],
      recommendation: 'yes',
    });
    return application.id as string;
  }

  it('flags the unbriefed lunch at the end as unplanned, unframed and veto-style, pointing at it', async () => {
    const applicationId = await strongLoop();
    // "One last step": a lunch added after the loop began, with no briefing and nobody assigned anything.
    const [lunchStep] = await ctx.database.db
      .insert(steps)
      .values({ orgId: org.orgId, roleId: role.roleId, name: 'Lunch with the team', kind: 'social', briefing: null, position: 4, addedAfterOpenAt: new Date(Date.now() - 20 * 3_600_000) })
      .returning();
    const lunch = await schedule(applicationId, { stepId: lunchStep!.id, interviewerIds: [lunchHost.userId], startsAt: hoursAgo(10), endsAt: hoursAgo(9) });
    const lunchCard = await submit(lunchHost, lunch, { ratings: [], recommendation: 'no', notes: 'Not a culture fit, too quiet at lunch.' });

    const response = await send('GET', role.decisionOwner, `/applications/${applicationId}/synthesis`);
    expect(response.statusCode, response.body).toBe(200);
    const synthesis = response.json();
    const flagsAbout = (code: string) => synthesis.flags.filter((f: Flag) => f.code === code);
    for (const code of ['UNPLANNED_STEP', 'UNFRAMED_STEP', 'VETO_STYLE']) {
      const flags = flagsAbout(code);
      expect(flags.length, code).toBeGreaterThan(0);
      expect(flags.some((f: Flag) => f.refs.interviewIds?.includes(lunch) || f.refs.scorecardIds?.includes(lunchCard)), code).toBe(true);
    }
    expect(flagsAbout('BIAS_LANGUAGE').some((f: Flag & { match?: { text: string } }) => /culture fit|too quiet|lunch/i.test(f.match?.text ?? ''))).toBe(true);
    // The structured evidence is all there, and no verdict is emitted.
    const discovery = synthesis.criteria.find((x: { criterionId: string }) => x.criterionId === role.criteria.discovery);
    expect(discovery).toMatchObject({ mean: 3.5, meetsBar: true, mustHave: true });
    expect(discovery.ratings.map((r: { evidence: string }) => r.evidence)).toContain('Ran 12 customer interviews for the pricing change.');
    expect(JSON.stringify(Object.keys(synthesis))).not.toMatch(/verdict|recommendation"|score"/);
    expect(synthesis.missingScorecards).toEqual([]);

    expectProblem(await send('GET', a, `/applications/${applicationId}/synthesis`), 403);
    expect((await send('GET', recruiter, `/applications/${applicationId}/synthesis`)).statusCode).toBe(200);
  });

  it('lets only the decision owner decide, citing criteria, and records the hire as a funnel event', async () => {
    const applicationId = await strongLoop();
    const body = { decision: 'hire', rationale: 'Strong discovery evidence from two interviewers; prioritization shown in the work sample.', criterionIds: [role.criteria.discovery, role.criteria.prioritization] };
    expectProblem(await send('POST', recruiter, `/applications/${applicationId}/decision`, body), 403);
    expectProblem(await send('POST', org.admin, `/applications/${applicationId}/decision`, body), 403);
    expectProblem(await send('POST', a, `/applications/${applicationId}/decision`, body), 403);
    const strangerCriterion = await send('POST', role.decisionOwner, `/applications/${applicationId}/decision`, { ...body, criterionIds: ['00000000-0000-4000-8000-000000000000'] });
    expectProblem(strangerCriterion, 422);

    const decided = await send('POST', role.decisionOwner, `/applications/${applicationId}/decision`, body);
    expect(decided.statusCode, decided.body).toBe(201);
    expect(decided.json()).toMatchObject({ decision: 'hire', decidedBy: role.decisionOwner.userId, overrideReason: null });
    expect(decided.json().latencySeconds).toBeGreaterThanOrEqual(0);

    const detail = (await send('GET', recruiter, `/applications/${applicationId}`)).json();
    expect(detail.status).toBe('hired');
    expect(detail.events.at(-1)).toMatchObject({ outcome: 'hired', actorId: role.decisionOwner.userId });
    const [stored] = await ctx.database.db.select().from(applicationFlags).where(eq(applicationFlags.applicationId, applicationId));
    expect(stored).toBeDefined();

    // A reversal is a new decision; both stay.
    const reversed = await send('POST', role.decisionOwner, `/applications/${applicationId}/decision`, { ...body, decision: 'no_hire', rationale: 'Reference check contradicted the discovery examples.' });
    expect(reversed.statusCode).toBe(201);
    const synthesis = (await send('GET', role.decisionOwner, `/applications/${applicationId}/synthesis`)).json();
    expect(synthesis.decisions.map((d: { decision: string }) => d.decision)).toEqual(['hire', 'no_hire']);
    expect((await send('GET', recruiter, `/applications/${applicationId}`)).json().status).toBe('rejected');
  });

  it('refuses to decide while scorecards are missing unless the owner gives an override reason', async () => {
    const applicationId = await strongLoop();
    await schedule(applicationId, { stepId: role.steps.interview, interviewerIds: [b.userId], startsAt: hoursAgo(5), endsAt: hoursAgo(4) });
    const body = { decision: 'no_hire', rationale: 'Prioritization evidence below the bar.', criterionIds: [role.criteria.prioritization] };
    const refused = expectProblem(await send('POST', role.decisionOwner, `/applications/${applicationId}/decision`, body), 422);
    expect(refused).toMatchObject({ missingScorecards: [{ interviewerId: b.userId }] });
    const overridden = await send('POST', role.decisionOwner, `/applications/${applicationId}/decision`, { ...body, overrideReason: 'Ben is on leave for a month; the panel evidence is sufficient.' });
    expect(overridden.statusCode, overridden.body).toBe(201);
    expect(overridden.json().overrideReason).toMatch(/on leave/);
  });
});
