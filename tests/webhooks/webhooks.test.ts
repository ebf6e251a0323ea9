// Webhook delivery against a loopback receiver that verifies every signature with the Standard
// Webhooks reference verifier; retries, the delivery log and retry by hand, on a moved clock.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages } from '../../src/db/schema.js';
import { eventTypes } from '../../src/notifications/events.js';
import { loadTemplates } from '../../src/rubrics/templates.js';
import { createTestApp, type TestContext, type TestOrg } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';
import { applyCandidate, expectNoPersonalData, HOUR, scheduleInterview, sender, startReceiver, submitCard, testClock, testWorker } from '../notifications/helpers.js';

describe('webhook delivery', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ webhookAllowPrivate: true });
  });
  afterAll(() => ctx.close());

  async function register(org: TestOrg, url: string, events: readonly string[] = eventTypes) {
    const response = await sender(ctx)('POST', org.admin, '/webhooks', { url, events });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { webhook: { id: string }; secret: string };
  }

  const eventIds = async (orgId: string) =>
    (await ctx.database.db.select({ id: outboxMessages.id, kind: outboxMessages.kind }).from(outboxMessages).where(and(eq(outboxMessages.orgId, orgId), inArray(outboxMessages.kind, [...eventTypes]))));

  it('delivers every event, signed, through a receiver that fails for a while: retries carry the same webhook-id and none is lost', async () => {
    const cast = await openRoleCast(ctx);
    const { org, recruiter, a, b, role } = cast;
    let secret = '';
    const receiver = await startReceiver(() => secret);
    secret = (await register(org, receiver.url)).secret;
    const send = sender(ctx);

    // role.opened
    const plan = loadTemplates().get('product-manager')!.plan;
    const interviewers = Object.fromEntries(plan.map((s) => [s.name, [a.userId]]));
    const draft = await send('POST', recruiter, '/roles/from-rubric', { template: 'product-manager', decisionOwnerId: role.decisionOwner.userId, interviewers });
    expect((await send('POST', recruiter, `/roles/${draft.json().id}/open`)).statusCode).toBe(200);
    // application.stage_changed, scorecard.submitted, scorecard.amended, decision.made (+ stage_changed to hired), role.closed
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    expect((await send('POST', recruiter, `/applications/${applicationId}/advance`, { stepId: role.steps.interview })).statusCode).toBe(200);
    const interviewId = await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: new Date(Date.now() - 2 * HOUR), endsAt: new Date(Date.now() - HOUR) });
    const scorecardId = await submitCard(ctx, a, interviewId, [role.criteria.discovery, role.criteria.prioritization]);
    const amended = await send('POST', a, `/scorecards/${scorecardId}/amendments`, { reason: 'typo', ratings: [{ criterionId: role.criteria.discovery, rating: 4, evidence: 'EVIDENCE-MARKER-7f3a again' }] });
    expect(amended.statusCode, amended.body).toBe(201);
    const decided = await send('POST', role.decisionOwner, `/applications/${applicationId}/decision`, { decision: 'hire', rationale: 'Discovery evidence.', criterionIds: [role.criteria.discovery], overrideReason: 'b is away for weeks.' });
    expect(decided.statusCode, decided.body).toBe(201);
    expect((await send('POST', recruiter, `/roles/${role.roleId}/close`)).statusCode).toBe(200);

    const expected = await eventIds(org.orgId);
    expect(expected.map((e) => e.kind).sort()).toEqual(['application.stage_changed', 'application.stage_changed', 'decision.made', 'role.closed', 'role.opened', 'scorecard.amended', 'scorecard.submitted']);

    receiver.state.failures = 4;
    const clock = testClock(Date.now() + 1000);
    const worker = testWorker(ctx, [org.orgId], clock.now);
    for (let i = 0; i < 6; i++) {
      await worker.drain();
      clock.advance(11 * HOUR);
    }
    await worker.stop();

    expect(receiver.received.every((r) => r.verified), 'every request verifies with the reference verifier').toBe(true);
    const delivered = receiver.received.filter((r) => r.status === 200);
    expect(delivered.map((r) => r.id).sort()).toEqual(expected.map((e) => e.id).sort());
    const failed = receiver.received.filter((r) => r.status === 500);
    expect(failed).toHaveLength(4);
    for (const f of failed) expect(delivered.some((d) => d.id === f.id && d.body === f.body), 'a retry is the same message, byte for byte').toBe(true);

    for (const hook of delivered) {
      expectNoPersonalData(hook.body);
      const payload = JSON.parse(hook.body);
      expect(Object.keys(payload).sort()).toEqual(['data', 'timestamp', 'type']);
      expect(Object.keys(payload.data).every((k) => ['orgId', 'roleId', 'applicationId', 'interviewId', 'scorecardId', 'decisionId', 'stage'].includes(k))).toBe(true);
      expect(payload.data.orgId).toBe(org.orgId);
    }
    const decision = JSON.parse(delivered.find((d) => JSON.parse(d.body).type === 'decision.made')!.body);
    expect(decision.data).toEqual({ orgId: org.orgId, roleId: role.roleId, applicationId, decisionId: decided.json().id });
    await receiver.close();
  });

  it('retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then marks the delivery failed; a retry by hand sends the same webhook-id', async () => {
    const { org, recruiter, role } = await openRoleCast(ctx);
    let secret = '';
    const receiver = await startReceiver(() => secret);
    const registered = await register(org, receiver.url, ['role.closed']);
    secret = registered.secret;
    receiver.state.failures = 1000;
    expect((await sender(ctx)('POST', recruiter, `/roles/${role.roleId}/close`)).statusCode).toBe(200);

    const clock = testClock(Date.now() + 1000);
    const worker = testWorker(ctx, [org.orgId], clock.now);
    await worker.drain();
    expect(receiver.received).toHaveLength(1);
    const delays = [5_000, 5 * 60_000, 30 * 60_000, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
    for (const [index, delay] of delays.entries()) {
      clock.advance(delay - 1000);
      await worker.drain();
      expect(receiver.received, `not before ${delay} ms`).toHaveLength(index + 1);
      clock.advance(1000);
      await worker.drain();
      expect(receiver.received, `after ${delay} ms`).toHaveLength(index + 2);
    }
    clock.advance(48 * HOUR);
    await worker.drain();
    expect(receiver.received).toHaveLength(8);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);

    const log = sender(ctx);
    const url = `/webhooks/${registered.webhook.id}/deliveries`;
    const page1 = (await log('GET', org.admin, `${url}?limit=5`)).json();
    expect(page1.items).toHaveLength(5);
    const page2 = (await log('GET', org.admin, `${url}?limit=5&cursor=${page1.nextCursor}`)).json();
    expect(page2.nextCursor).toBeNull();
    const attempts = [...page1.items, ...page2.items];
    expect(attempts.map((d: { attempt: number }) => d.attempt).sort((x: number, y: number) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const last = attempts.find((d: { attempt: number }) => d.attempt === 8);
    expect(last).toMatchObject({ status: 'failed', type: 'role.closed', error: 'HTTP 500', messageId: receiver.received[0]!.id });
    expect(attempts.filter((d: { status: string }) => d.status === 'retrying')).toHaveLength(7);

    receiver.state.failures = 0;
    const retried = await log('POST', org.admin, `${url}/${last.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(202);
    await worker.drain();
    expect(receiver.received).toHaveLength(9);
    expect(receiver.received[8]).toMatchObject({ id: receiver.received[0]!.id, status: 200, verified: true });
    const after = (await log('GET', org.admin, url)).json();
    expect(after.items[0]).toMatchObject({ attempt: 9, status: 'delivered', error: null });
    expect((await log('POST', org.admin, `${url}/${crypto.randomUUID()}/retry`)).statusCode).toBe(404);
    await worker.stop();
    await receiver.close();
  });

  it('two workers on one database never deliver a message twice', async () => {
    const { org, recruiter, role } = await openRoleCast(ctx);
    let secret = '';
    const receiver = await startReceiver(() => secret);
    secret = (await register(org, receiver.url, ['application.stage_changed'])).secret;
    for (let i = 0; i < 12; i++) {
      const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
      expect((await sender(ctx)('POST', recruiter, `/applications/${applicationId}/advance`, { stepId: role.steps.interview })).statusCode).toBe(200);
    }
    const clock = testClock(Date.now() + 1000);
    const workers = [testWorker(ctx, [org.orgId], clock.now, { batchSize: 2 }), testWorker(ctx, [org.orgId], clock.now, { batchSize: 2 })];
    await Promise.all([...workers.map((w) => w.drain()), ...workers.map((w) => w.drain())]);
    await Promise.all(workers.map((w) => w.drain()));
    expect(receiver.received).toHaveLength(12);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(12);
    await Promise.all(workers.map((w) => w.stop()));
    await receiver.close();
  });

  it('a worker stopped mid-delivery hands the message back, and a crashed one loses it only until its lease runs out', async () => {
    const { org, recruiter, role } = await openRoleCast(ctx);
    let secret = '';
    const receiver = await startReceiver(() => secret);
    const registered = await register(org, receiver.url, ['application.stage_changed']);
    secret = registered.secret;
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    await sender(ctx)('POST', recruiter, `/applications/${applicationId}/advance`, { stepId: role.steps.interview });
    const clock = testClock(Date.now() + 1000);

    // Stopped while the receiver holds the request.
    receiver.state.hold = true;
    const first = testWorker(ctx, [org.orgId], clock.now);
    await first.runOnce(); // the event fans out into a delivery job
    const inFlight = first.runOnce();
    await receiver.heldRequest();
    await first.stop();
    await inFlight;
    receiver.state.hold = false;
    receiver.releaseAll(); // forget the aborted request, so the next wait is for a new one
    const restarted = testWorker(ctx, [org.orgId], clock.now);
    await restarted.drain();
    expect(receiver.received, 'the aborted attempt, then the delivery after restart').toHaveLength(2);
    expect(receiver.received[1]!.id).toBe(receiver.received[0]!.id);

    // Crashed (never finishes) while holding: after the lease another worker delivers it.
    await sender(ctx)('POST', recruiter, `/applications/${applicationId}/advance`, { stepId: role.steps.workSample });
    receiver.state.hold = true;
    const crashed = testWorker(ctx, [org.orgId], clock.now, { leaseMs: 60_000 });
    await crashed.runOnce();
    const stuck = crashed.runOnce();
    await receiver.heldRequest();
    receiver.state.hold = false;
    const later = testClock(clock.now().getTime() + 61_000);
    const rescuer = testWorker(ctx, [org.orgId], later.now);
    await rescuer.drain();
    const messageId = receiver.received[2]!.id;
    expect(receiver.received.slice(2).map((r) => r.id), 'the crashed attempt (held), then the rescuer').toEqual([messageId, messageId]);
    const deliveredBy = async () => (await sender(ctx)('GET', org.admin, `/webhooks/${registered.webhook.id}/deliveries`)).json().items.filter((d: { messageId: string }) => d.messageId === messageId).map((d: { status: string }) => d.status);
    expect(await deliveredBy(), 'delivered by the rescuer while the crashed worker still hangs').toEqual(['delivered']);
    receiver.releaseAll(200);
    await stuck;
    expect(await deliveredBy(), 'the late finisher records nothing').toEqual(['delivered']);
    await Promise.all([restarted.stop(), crashed.stop(), rescuer.stop()]);
    await receiver.close();
  });
});
