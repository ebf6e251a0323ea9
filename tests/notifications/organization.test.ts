// GET/PATCH /organization: settings with defaults and validation; lateFeedbackHours feeds the
// synthesis's LATE_FEEDBACK flag for that organization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';
import { applyCandidate, HOUR, scheduleInterview, sender, submitCard } from './helpers.js';

describe('organization settings', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('answers the defaults, changes only what is sent, and refuses bad values without changing anything', async () => {
    const { org, recruiter } = await openRoleCast(ctx);
    const send = sender(ctx);
    const defaults = { scorecardReminderAfterMinutes: 60, scorecardReminderEveryHours: 24, scorecardReminderMax: 5, escalateAfterHours: 48, decisionNudgeAfterHours: 48, lateFeedbackHours: 24 };
    expect((await send('GET', org.admin, '/organization')).json()).toEqual({ name: 'Test org', settings: defaults });

    const patched = await send('PATCH', org.admin, '/organization', { name: 'Acme', settings: { escalateAfterHours: 72 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toEqual({ name: 'Acme', settings: { ...defaults, escalateAfterHours: 72 } });
    await send('PATCH', org.admin, '/organization', { settings: { scorecardReminderMax: 3 } });
    expect((await send('GET', org.admin, '/organization')).json().settings).toEqual({ ...defaults, escalateAfterHours: 72, scorecardReminderMax: 3 });

    for (const body of [{ settings: { scorecardReminderMax: 0 } }, { settings: { scorecardReminderEveryHours: 1.5 } }, { settings: { lateFeedbackHours: -1 } }, { settings: { unknown: 1 } }, { color: 'red' }, {}, { name: '' }]) {
      const problem = expectProblem(await send('PATCH', org.admin, '/organization', body), 400);
      expect(problem.detail, JSON.stringify(body)).toBeTruthy();
    }
    expect((await send('GET', org.admin, '/organization')).json()).toEqual({ name: 'Acme', settings: { ...defaults, escalateAfterHours: 72, scorecardReminderMax: 3 } });
    expectProblem(await send('GET', recruiter, '/organization'), 403);
    expectProblem(await send('PATCH', recruiter, '/organization', { name: 'Mine' }), 403);
    const audit = (await send('GET', org.admin, '/audit?entity=organization')).json();
    expect(audit.items).toHaveLength(2);
  });

  it('uses the organization’s lateFeedbackHours for the LATE_FEEDBACK flag', async () => {
    const { org, recruiter, c, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const endsAt = new Date(Date.now() - 30 * HOUR);
    const interviewId = await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    await submitCard(ctx, c, interviewId, [role.criteria.prioritization, role.criteria.collaboration]);
    const send = sender(ctx);
    const codes = async () => (await send('GET', recruiter, `/applications/${applicationId}/synthesis`)).json().flags.map((f: { code: string }) => f.code);
    expect(await codes(), 'submitted 30 h after the end: late under the default 24 h').toContain('LATE_FEEDBACK');
    expect((await send('PATCH', org.admin, '/organization', { settings: { lateFeedbackHours: 36 } })).statusCode).toBe(200);
    expect(await codes()).not.toContain('LATE_FEEDBACK');
    expect((await send('PATCH', org.admin, '/organization', { settings: { lateFeedbackHours: 12 } })).statusCode).toBe(200);
    expect(await codes()).toContain('LATE_FEEDBACK');
  });
});
