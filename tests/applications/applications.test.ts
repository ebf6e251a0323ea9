import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, expectProblem, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { hoursAgo, seedOpenRole, type SeededRole } from '../helpers/fixtures.js';

describe('candidates, applications and interviews', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember;
  let a: StaffMember, b: StaffMember, c: StaffMember, outsider: StaffMember;
  let role: SeededRole;

  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
    recruiter = await org.addUser(['recruiter']);
    [a, b, c, outsider] = await Promise.all([org.addUser(['interviewer'], 'Ana'), org.addUser(['interviewer'], 'Ben'), org.addUser(['interviewer'], 'Cy'), org.addUser(['interviewer'], 'Out')]);
    role = await seedOpenRole(ctx, org, { a, b, c });
  });
  afterAll(() => ctx.close());

  const post = (who: StaffMember, url: string, payload: object, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, headers: { ...who.auth, ...headers }, payload });
  const get = (who: StaffMember, url: string) => ctx.app.inject({ method: 'GET', url, headers: who.auth });

  async function newApplication(name = 'Casey Candidate') {
    const candidate = (await post(recruiter, '/candidates', { name, email: `${Math.random().toString(36).slice(2)}@cand.test` })).json();
    const application = await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId });
    expect(application.statusCode, application.body).toBe(201);
    return { candidate, application: application.json() };
  }

  it('puts a candidate into the first step and records every stage change as a funnel event', async () => {
    const { application } = await newApplication();
    expect(application).toMatchObject({ status: 'active', currentStepId: role.steps.screen, stage: role.steps.screen });

    // Skip a step, then move back: both are allowed and both are events.
    expect((await post(recruiter, `/applications/${application.id}/advance`, { stepId: role.steps.workSample })).statusCode).toBe(200);
    expect((await post(recruiter, `/applications/${application.id}/advance`, { stepId: role.steps.interview })).statusCode).toBe(200);
    const rejected = await post(recruiter, `/applications/${application.id}/reject`, { reason: 'Chose another candidate' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', stage: 'rejected', rejectionReason: 'Chose another candidate' });

    const detail = (await get(recruiter, `/applications/${application.id}`)).json();
    expect(detail.events.map((e: { fromStepId: string | null; toStepId: string | null; outcome: string | null }) => [e.fromStepId, e.toStepId, e.outcome])).toEqual([
      [null, role.steps.screen, null],
      [role.steps.screen, role.steps.workSample, null],
      [role.steps.workSample, role.steps.interview, null],
      [role.steps.interview, null, 'rejected'],
    ]);
    expect(detail.events.every((e: { actorId: string }) => e.actorId === recruiter.userId)).toBe(true);

    expectProblem(await post(recruiter, `/applications/${application.id}/advance`, { stepId: role.steps.screen }), 409);
    expectProblem(await post(recruiter, `/applications/${application.id}/withdraw`, {}), 409);
  });

  it('refuses duplicates, unknown ids and another role’s step', async () => {
    const { candidate, application } = await newApplication();
    expectProblem(await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId }), 409);
    expectProblem(await post(recruiter, '/applications', { candidateId: candidate.id, roleId: '00000000-0000-4000-8000-000000000000' }), 404);
    expectProblem(await post(recruiter, `/applications/${application.id}/advance`, { stepId: '00000000-0000-4000-8000-000000000000' }), 404);
    expectProblem(await post(a, '/applications', { candidateId: candidate.id, roleId: role.roleId }), 403);
  });

  it('lists applications by role and stage; decision owners see only their roles', async () => {
    const { application } = await newApplication();
    const inScreen = (await get(recruiter, `/applications?roleId=${role.roleId}&stage=${role.steps.screen}&limit=200`)).json();
    expect(inScreen.items.map((x: { id: string }) => x.id)).toContain(application.id);
    const owner = (await get(role.decisionOwner, `/applications?limit=200`)).json();
    expect(owner.items.map((x: { id: string }) => x.id)).toContain(application.id);
    const stranger = (await get(outsider, `/applications?limit=200`)).json();
    expect(stranger.items).toEqual([]);
    expectProblem(await get(outsider, `/applications/${application.id}`), 404);
    expect((await get(role.decisionOwner, `/applications/${application.id}`)).json().candidateName).toBe('Casey Candidate');
  });

  it('schedules interviews with a snapshot of each interviewer’s assigned criteria', async () => {
    const { application } = await newApplication('Queue Person');
    const scheduled = await post(recruiter, `/applications/${application.id}/interviews`, {
      stepId: role.steps.interview,
      interviewerIds: [a.userId, b.userId],
      startsAt: hoursAgo(3),
      endsAt: hoursAgo(2),
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const interview = scheduled.json();
    expect(interview.adHoc).toBe(false);
    const byPerson = Object.fromEntries(interview.interviewers.map((i: { interviewerId: string; assignedCriterionIds: string[] }) => [i.interviewerId, i.assignedCriterionIds.sort()]));
    expect(byPerson[a.userId]).toEqual([role.criteria.discovery, role.criteria.prioritization].sort());
    expect(byPerson[b.userId]).toEqual([role.criteria.discovery, role.criteria.collaboration].sort());

    // The queue shows the briefing and only A's criteria, with the anchors of every level.
    const queue = (await get(a, '/interviews/mine?limit=200')).json();
    const item = queue.items.find((i: { interviewId: string }) => i.interviewId === interview.id);
    expect(item).toMatchObject({ candidateName: 'Queue Person', step: { name: 'Discovery interview', briefing: expect.stringContaining('discovery cycle') }, scorecard: null });
    expect(item.criteria.map((x: { id: string }) => x.id).sort()).toEqual([role.criteria.discovery, role.criteria.prioritization].sort());
    expect(item.criteria[0].anchors).toHaveLength(4);

    expect((await get(b, `/interviews/${interview.id}`)).statusCode).toBe(200);
    expect((await get(role.decisionOwner, `/interviews/${interview.id}`)).statusCode).toBe(200);
    expectProblem(await get(c, `/interviews/${interview.id}`), 404);
    // An interviewer on the application may read it, without the candidate's name.
    expect((await get(a, `/applications/${application.id}`)).json().candidateName).toBeNull();
  });

  it('records an interview outside the plan as ad hoc, with nothing assigned', async () => {
    const { application } = await newApplication();
    const lunch = await post(recruiter, `/applications/${application.id}/interviews`, { adHocName: 'Team lunch', interviewerIds: [c.userId], startsAt: hoursAgo(2), endsAt: hoursAgo(1) });
    expect(lunch.statusCode, lunch.body).toBe(201);
    expect(lunch.json()).toMatchObject({ adHoc: true, stepId: null, stepName: 'Team lunch', interviewers: [{ interviewerId: c.userId, assignedCriterionIds: [] }] });
  });

  it('refuses bad interviews atomically', async () => {
    const { application } = await newApplication();
    const stranger = await (await createOrg(ctx, 'Stranger org')).addUser(['interviewer']);
    const unknown = await post(recruiter, `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, stranger.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) });
    expect(expectProblem(unknown, 422)).toMatchObject({ unknownIds: [stranger.userId] });
    expectProblem(await post(recruiter, `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId], startsAt: hoursAgo(1), endsAt: hoursAgo(2) }), 400);
    expectProblem(await post(recruiter, `/applications/${application.id}/interviews`, { interviewerIds: [a.userId], startsAt: hoursAgo(2), endsAt: hoursAgo(1) }), 400);
    const detail = (await get(a, `/interviews/mine?limit=200`)).json();
    expect(detail.items.filter((i: { applicationId: string }) => i.applicationId === application.id)).toEqual([]);
  });

  it('answers another organization with 404', async () => {
    const { application, candidate } = await newApplication();
    const other = await createOrg(ctx, 'Elsewhere');
    const theirRecruiter = await other.addUser(['recruiter']);
    expectProblem(await get(theirRecruiter, `/applications/${application.id}`), 404);
    expectProblem(await get(theirRecruiter, `/candidates/${candidate.id}`), 404);
    expectProblem(await post(theirRecruiter, `/applications/${application.id}/reject`, { reason: 'x' }), 404);
  });
});
