import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type StaffMember, type TestContext } from '../helpers/app.js';
import { sessionFor } from '../helpers/browser-session.js';
import { hoursAgo, openRoleCast } from '../helpers/fixtures.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

const encode = (fields: Record<string, string | string[]>, csrf: string) => {
  const params = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};

async function as(orgId: string, who: StaffMember) {
  const session = await sessionFor(ctx, orgId, who.userId);
  return {
    get: (url: string) => ctx.app.inject({ method: 'GET', url, headers: session.headers }),
    post: (url: string, fields: Record<string, string | string[]> = {}) =>
      ctx.app.inject({ method: 'POST', url, headers: { ...session.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: encode(fields, session.csrfToken) }),
  };
}

async function castWithApplication() {
  const cast = await openRoleCast(ctx);
  const recruiter = await as(cast.org.orgId, cast.recruiter);
  const added = await recruiter.post(`/app/roles/${cast.role.roleId}/pipeline`, { name: '<img src=x onerror=alert(1)>', email: 'cand@example.test' });
  expect(added.statusCode).toBe(303);
  const applicationId = (added.headers.location as string).split('/').pop()!;
  return { ...cast, recruiter: cast.recruiter, asRecruiter: recruiter, applicationId };
}

describe('pipeline page', () => {
  it('adds a candidate with an application and lists it under the first step, as text', async () => {
    const { role, asRecruiter, applicationId } = await castWithApplication();
    const page = await asRecruiter.get(`/app/roles/${role.roleId}/pipeline`);
    expect(page.statusCode).toBe(200);
    const firstStage = page.body.slice(page.body.indexOf('Recruiter screen'), page.body.indexOf('Discovery interview'));
    expect(firstStage).toContain(`/app/applications/${applicationId}`);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img src=x');
  });

  it('keeps the values and shows the error beside the field', async () => {
    const { role, org, recruiter } = await openRoleCast(ctx);
    const bad = await (await as(org.orgId, recruiter)).post(`/app/roles/${role.roleId}/pipeline`, { name: 'Ada', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-candidate-email-error"');
    expect(bad.body).toContain('value="not-an-email"');
    expect(bad.body).toContain('value="Ada"');
  });

  it('shows the decision owner without the add form; refuses interviewers (403) and strangers (404)', async () => {
    const { role, org, a } = await castWithApplication();
    const owner = await as(org.orgId, role.decisionOwner);
    const asOwner = await owner.get(`/app/roles/${role.roleId}/pipeline`);
    expect(asOwner.statusCode).toBe(200);
    expect(asOwner.body).not.toContain('Add a candidate');
    expect((await owner.post(`/app/roles/${role.roleId}/pipeline`, { name: 'X', email: 'x@example.test' })).statusCode).toBe(403);
    expect((await (await as(org.orgId, a)).get(`/app/roles/${role.roleId}/pipeline`)).statusCode).toBe(403);
    const stranger = await org.addUser(['interviewer']);
    expect((await (await as(org.orgId, stranger)).get(`/app/roles/${role.roleId}/pipeline`)).statusCode).toBe(404);
  });
});

describe('application page', () => {
  it('lets a recruiter schedule (UTC), advance, create and revoke a link, and shows the timeline with actor names', async () => {
    const { role, a, b, asRecruiter, applicationId } = await castWithApplication();
    const url = `/app/applications/${applicationId}`;
    const page = await asRecruiter.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Starts (UTC)');

    const badTime = await asRecruiter.post(`${url}/interviews`, { stepId: role.steps.interview, interviewerIds: a.userId, startsAt: '2030-01-02T10:00', endsAt: '2030-01-02T09:00' });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.body).toContain('id="f-schedule-endsAt-error"');
    expect(badTime.body).toContain('value="2030-01-02T09:00"');

    const scheduled = await asRecruiter.post(`${url}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: '2030-01-02T10:00', endsAt: '2030-01-02T11:00' });
    expect(scheduled.statusCode).toBe(303);
    const interviews = await ctx.database.db.query.interviews.findMany({ where: (i, { eq }) => eq(i.applicationId, applicationId) });
    expect(interviews[0]!.startsAt.toISOString()).toBe('2030-01-02T10:00:00.000Z');

    expect((await asRecruiter.post(`${url}/advance`, { stepId: role.steps.interview })).statusCode).toBe(303);
    const after = await asRecruiter.get(url);
    expect(after.body).toContain('Moved from Recruiter screen to Discovery interview');

    const link = await asRecruiter.post(`${url}/candidate-links`, { expiresInDays: '3' });
    expect(link.statusCode).toBe(201);
    expect(link.body).toContain('data-copy="new-link"');
    const linkUrl = /<code class="secret" id="new-link">([^<]+)<\/code>/.exec(link.body)![1]!.replaceAll('&amp;', '&');
    expect((await ctx.app.inject({ method: 'GET', url: linkUrl.slice(linkUrl.indexOf('/candidate')) })).statusCode).toBe(200);
    // Shown once: the next visit does not hold the token.
    const again = await asRecruiter.get(url);
    expect(again.body).not.toContain('token=');
    const linkId = /candidate-links\/([0-9a-f-]{36})\/revoke/.exec(again.body)![1]!;
    expect((await asRecruiter.post(`${url}/candidate-links/${linkId}/revoke`)).statusCode).toBe(303);
    expect((await ctx.app.inject({ method: 'GET', url: linkUrl.slice(linkUrl.indexOf('/candidate')) })).statusCode).toBe(401);

    const rejectEmpty = await asRecruiter.post(`${url}/reject`, { reason: '' });
    expect(rejectEmpty.statusCode).toBe(400);
    expect(rejectEmpty.body).toContain('id="f-reject-reason-error"');
    expect((await asRecruiter.post(`${url}/reject`, { reason: 'Another candidate fit better.' })).statusCode).toBe(303);
    const rejected = await asRecruiter.get(url);
    expect(rejected.body).toContain('Rejected');
    expect(rejected.body).not.toContain('Schedule the interview');
    // A second reject is refused as the API refuses it (409), shown on the page.
    expect((await asRecruiter.post(`${url}/withdraw`, {})).statusCode).toBe(409);
  });

  it('answers the others as GET /applications/:id does, and shows an interviewer colleagues’ scorecards only after their own', async () => {
    const { org, role, a, b, c, recruiter, applicationId } = await castWithApplication();
    const api = (who: StaffMember, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => ctx.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
    const interview = (await api(recruiter, 'POST', `/applications/${applicationId}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
    const url = `/app/applications/${applicationId}`;

    const asA = await as(org.orgId, a);
    const before = await asA.get(url);
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('onerror');
    expect(before.body).not.toContain('id="colleagues"');
    expect((await asA.post(`${url}/advance`, { stepId: role.steps.workSample })).statusCode).toBe(403);
    expect((await asA.post(`${url}/reject`, { reason: 'no' })).statusCode).toBe(403);

    const card = (author: StaffMember, criterionIds: string[]) => ({ ratings: criterionIds.map((criterionId) => ({ criterionId, rating: 3, evidence: `Evidence from ${author.sub}.` })), recommendation: 'yes' });
    expect((await api(b, 'POST', `/interviews/${interview.id}/scorecard/submit`, card(b, [role.criteria.discovery, role.criteria.collaboration]))).statusCode).toBe(200);
    expect((await asA.get(url)).body).not.toContain('Evidence from');
    expect((await api(a, 'POST', `/interviews/${interview.id}/scorecard/submit`, card(a, [role.criteria.discovery, role.criteria.prioritization]))).statusCode).toBe(200);
    const afterOwn = await asA.get(url);
    expect(afterOwn.body).toContain('id="colleagues"');
    expect(afterOwn.body).toContain(`Evidence from ${b.sub}.`);

    // c is on the role but not on this application: 404, as on the API.
    expect((await (await as(org.orgId, c)).get(url)).statusCode).toBe(404);
    expect((await api(c, 'GET', `/applications/${applicationId}`)).statusCode).toBe(404);
    // The decision owner sees the candidate and the debrief link, not the recruiter's actions.
    const owner = await (await as(org.orgId, role.decisionOwner)).get(url);
    expect(owner.body).toContain(`/app/applications/${applicationId}/debrief`);
    expect(owner.body).not.toContain('Schedule the interview');
    expect(owner.body).toContain('Reject');
    expect((await ctx.app.inject({ method: 'GET', url })).statusCode).toBe(303);
  });

  it('records outcomes after a hire', async () => {
    const { org, role, recruiter, asRecruiter, applicationId } = await castWithApplication();
    const { applications } = await import('../../src/db/schema.js');
    const { eq } = await import('drizzle-orm');
    await ctx.database.db.update(applications).set({ status: 'hired' }).where(eq(applications.id, applicationId));
    const page = await asRecruiter.get(`/app/applications/${applicationId}`);
    const metricId = /name="attainment\.([0-9a-f-]{36})"/.exec(page.body)![1]!;
    const bad = await asRecruiter.post(`/app/applications/${applicationId}/outcomes`, { [`attainment.${metricId}`]: '42' });
    expect(bad.statusCode).toBe(400);
    expect((await asRecruiter.post(`/app/applications/${applicationId}/outcomes`, { [`attainment.${metricId}`]: '0.8' })).statusCode).toBe(303);
    const outcomes = await ctx.app.inject({ method: 'GET', url: `/roles/${role.roleId}`, headers: recruiter.auth });
    expect(outcomes.statusCode).toBe(200);
    expect((await asRecruiter.get(`/app/applications/${applicationId}`)).body).toContain('value="0.8"');
    void org;
  });
});
