import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { sessionFor } from '../helpers/browser-session.js';
import { hoursAgo, openRoleCast } from '../helpers/fixtures.js';

const payloads = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];

describe('pages render what people typed as text', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('escapes names, evidence and notes on the home page, the kit and the debrief', async () => {
    const { org, recruiter, a, b, role } = await openRoleCast(ctx);
    const hostile = payloads.join(' ');
    const post = (who: { auth: Record<string, string> }, url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, payload });
    const candidate = (await post(recruiter, '/candidates', { name: `Cand ${hostile}`, email: `x-${Date.now()}@example.test` })).json();
    const application = (await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json();
    const interview = (await post(recruiter, `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
    await post(a, `/interviews/${interview.id}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: `Said ${hostile}` }], recommendation: 'yes', notes: `Notes ${hostile}` });
    await ctx.database.db.execute(`update roles set title = 'Role <script>alert(1)</script>' where id = '${role.roleId}'`);

    const asOwner = await sessionFor(ctx, org.orgId, role.decisionOwner.userId);
    const asB = await sessionFor(ctx, org.orgId, b.userId);
    const bodies = [
      (await ctx.app.inject({ url: `/app/applications/${application.id}/debrief`, headers: asOwner.headers })).body,
      (await ctx.app.inject({ url: '/app', headers: asB.headers })).body,
      (await ctx.app.inject({ url: `/app/interviews/${interview.id}`, headers: asB.headers })).body,
    ];
    for (const body of bodies) {
      expect(body).toContain('&lt;script&gt;');
      for (const payload of payloads) expect(body).not.toContain(payload);
      expect(body).not.toMatch(/<script>alert|<img src=x|<svg onload/);
    }
    expect(bodies[0]).toContain('Said &lt;script&gt;');
  });
});
