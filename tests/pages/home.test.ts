import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackState } from '../../src/home/feedback-state.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { sessionFor } from '../helpers/browser-session.js';
import { hoursAgo, openRoleCast } from '../helpers/fixtures.js';

describe('where a scorecard stands', () => {
  const interview = { startsAt: new Date('2026-01-01T10:00:00Z'), endsAt: new Date('2026-01-01T11:00:00Z') };
  it('is upcoming, in progress, due, then late past the threshold; submitted wins', () => {
    expect(feedbackState(interview, false, 24, new Date('2026-01-01T09:00:00Z'))).toBe('upcoming');
    expect(feedbackState(interview, false, 24, new Date('2026-01-01T10:30:00Z'))).toBe('in_progress');
    expect(feedbackState(interview, false, 24, new Date('2026-01-02T11:00:00Z'))).toBe('due'); // exactly 24 h: not yet late
    expect(feedbackState(interview, false, 24, new Date('2026-01-02T11:00:01Z'))).toBe('late');
    expect(feedbackState(interview, true, 24, new Date('2026-03-01T00:00:00Z'))).toBe('submitted');
  });
});

describe('the home page', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('shows an interviewer what to score (late first, by the organization’s threshold) and a decision owner what to decide', async () => {
    const { org, recruiter, a, b, role } = await openRoleCast(ctx);
    const post = (who: { auth: Record<string, string> }, url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, payload });
    const apply = async (name: string) => {
      const candidate = (await post(recruiter, '/candidates', { name, email: `${name.split(' ')[0]}-${Date.now()}@example.test` })).json();
      return (await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json().id as string;
    };
    const early = await apply('Early Ellis');
    const recent = await apply('Recent Reyes');
    await post(recruiter, `/applications/${recent}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) });
    await post(recruiter, `/applications/${early}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId], startsAt: hoursAgo(31), endsAt: hoursAgo(30) });
    // With the organization's threshold at 48 h neither is late; at 24 h the one that ended 30 h ago is.
    await ctx.app.inject({ method: 'PATCH', url: '/organization', headers: org.admin.auth, payload: { settings: { lateFeedbackHours: 48 } } });

    const asA = await sessionFor(ctx, org.orgId, a.userId);
    const home = (await ctx.app.inject({ url: '/app', headers: asA.headers })).body;
    expect(home).toContain('Interviews to score');
    expect(home).toContain('Early Ellis');
    expect(home).toContain('Recent Reyes');
    expect(home).not.toContain('Scorecard late');
    expect((home.match(/Scorecard due/g) ?? []).length).toBe(2);

    await ctx.app.inject({ method: 'PATCH', url: '/organization', headers: org.admin.auth, payload: { settings: { lateFeedbackHours: 24 } } });
    const later = (await ctx.app.inject({ url: '/app', headers: asA.headers })).body;
    expect(later.indexOf('Early Ellis')).toBeLessThan(later.indexOf('Recent Reyes'));
    expect(later).toContain('Scorecard late');

    const asOwner = await sessionFor(ctx, org.orgId, role.decisionOwner.userId);
    const ownerHome = (await ctx.app.inject({ url: '/app', headers: asOwner.headers })).body;
    expect(ownerHome).toContain('Decisions to make');
    expect(ownerHome).toContain(`/app/applications/${recent}/debrief`);
    expect(ownerHome).toContain('0 of 2 scorecards in');
  });
});
