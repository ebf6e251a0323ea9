// The outbox is written in the transaction of each change that may notify: a change that fails
// writes nothing, and the messages carry ids only.
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages, webhookDeliveries, webhooks } from '../../src/db/schema.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';
import { applyCandidate, expectNoPersonalData, HOUR, scheduleInterview, sender, submitCard, testClock, testWorker } from './helpers.js';

describe('outbox', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const messagesOf = (orgId: string) => ctx.database.db.select().from(outboxMessages).where(eq(outboxMessages.orgId, orgId)).orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.id));

  it('writes one message per change, with the change, and none for a change that fails', async () => {
    const { org, recruiter, a, b, role } = await openRoleCast(ctx);
    const send = sender(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    expect(await messagesOf(org.orgId), 'creating a candidate and an application notifies nothing').toHaveLength(0);

    await send('POST', recruiter, `/applications/${applicationId}/advance`, { stepId: role.steps.interview });
    const endsAt = new Date(Date.now() + 2 * HOUR);
    const interviewId = await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    const scorecardId = await submitCard(ctx, a, interviewId, [role.criteria.discovery, role.criteria.prioritization]);
    // A second submission fails (409): its transaction, and any message in it, rolls back.
    expect((await send('POST', a, `/interviews/${interviewId}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: 'x' }] })).statusCode).toBe(409);
    const draft = await send('PUT', b, `/interviews/${interviewId}/scorecard`, { ratings: [{ criterionId: role.criteria.discovery, rating: 2, evidence: 'draft' }] });
    expect(draft.statusCode, 'a draft notifies nothing').toBe(200);
    await send('POST', recruiter, `/applications/${applicationId}/withdraw`, {});
    expect((await send('POST', recruiter, `/applications/${applicationId}/withdraw`, {})).statusCode).toBe(409);
    await send('POST', recruiter, `/roles/${role.roleId}/close`);

    const messages = await messagesOf(org.orgId);
    expect(messages.map((m) => [m.kind, m.data])).toEqual([
      ['application.stage_changed', { orgId: org.orgId, roleId: role.roleId, applicationId, stage: role.steps.interview }],
      ['interview.ended', { interviewId }],
      ['scorecard.submitted', { orgId: org.orgId, roleId: role.roleId, applicationId, interviewId, scorecardId }],
      ['application.stage_changed', { orgId: org.orgId, roleId: role.roleId, applicationId, stage: 'withdrawn' }],
      ['role.closed', { orgId: org.orgId, roleId: role.roleId }],
    ]);
    const ended = messages.find((m) => m.kind === 'interview.ended')!;
    expect(ended.dueAt.toISOString(), 'due when the interview ends').toBe(endsAt.toISOString());
    expect(messages.every((m) => m.status === 'pending' && m.attempts === 0)).toBe(true);
    for (const m of messages) expectNoPersonalData(JSON.stringify(m.data));
  });

  it('an amendment and a decision each write their event', async () => {
    const { org, recruiter, a, role } = await openRoleCast(ctx);
    const send = sender(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const interviewId = await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.screen, interviewerIds: [a.userId], startsAt: new Date(Date.now() - 2 * HOUR), endsAt: new Date(Date.now() - HOUR) });
    const scorecardId = await submitCard(ctx, a, interviewId, [role.criteria.collaboration]);
    expect((await send('POST', a, `/scorecards/${scorecardId}/amendments`, { reason: 'typo', ratings: [{ criterionId: role.criteria.collaboration, rating: 4, evidence: 'More.' }] })).statusCode).toBe(201);
    const decided = await send('POST', role.decisionOwner, `/applications/${applicationId}/decision`, { decision: 'no_hire', rationale: 'Collaboration evidence.', criterionIds: [role.criteria.collaboration] });
    expect(decided.statusCode, decided.body).toBe(201);
    const events = (await ctx.database.db.select().from(outboxMessages).where(and(eq(outboxMessages.orgId, org.orgId)))).filter((m) => m.kind !== 'interview.ended');
    expect(events.map((m) => m.kind).sort()).toEqual(['application.stage_changed', 'decision.made', 'scorecard.amended', 'scorecard.submitted']);
    expect(events.find((m) => m.kind === 'decision.made')!.data).toEqual({ orgId: org.orgId, roleId: role.roleId, applicationId, decisionId: decided.json().id });
    expect(events.find((m) => m.kind === 'application.stage_changed')!.data).toMatchObject({ stage: 'rejected' });
  });

  it('sweeps finished messages and delivery logs older than the retention, and keeps the rest', async () => {
    const { org } = await openRoleCast(ctx);
    const clock = testClock();
    const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 24 * HOUR);
    const db = ctx.database.db;
    const message = async (name: string, values: Partial<typeof outboxMessages.$inferInsert>) =>
      [name, (await db.insert(outboxMessages).values({ orgId: org.orgId, kind: 'reminder.scorecard', data: {}, dueAt: daysAgo(200), createdAt: daysAgo(200), dedupeKey: `${name}:${randomUUID()}`, ...values }).returning())[0]!.id] as const;
    const kept = await Promise.all([
      message('done within the retention', { status: 'done', finishedAt: daysAgo(179) }),
      // Still on its way (a message is never deleted before it finishes), however old.
      message('pending', { status: 'pending', dueAt: new Date(clock.now().getTime() + HOUR) }),
    ]);
    const swept = await Promise.all([message('done long ago', { status: 'done', finishedAt: daysAgo(200) }), message('failed long ago', { status: 'failed', finishedAt: daysAgo(181) })]);
    const [hook] = await db.insert(webhooks).values({ orgId: org.orgId, url: 'https://hooks.example.test/in', events: ['role.closed'], secret: 'whsec_test' }).returning();
    const delivery = async (days: number) =>
      (await db.insert(webhookDeliveries).values({ orgId: org.orgId, webhookId: hook!.id, jobId: randomUUID(), messageId: randomUUID(), type: 'role.closed', attempt: 1, status: 'delivered', at: daysAgo(days) }).returning())[0]!.id;
    const keptDelivery = await delivery(10);
    await Promise.all([delivery(181), delivery(400)]);

    await testWorker(ctx, [org.orgId], clock.now).runOnce();
    const left = await db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.orgId, org.orgId));
    expect(left.map((m) => m.id).sort()).toEqual(kept.map(([, id]) => id).sort());
    expect(swept.every(([, id]) => !left.some((m) => m.id === id))).toBe(true);
    const deliveries = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook!.id));
    expect(deliveries.map((d) => d.id)).toEqual([keptDelivery]);
  });
});
