// Reminder emails through a real SMTP server on loopback, on a clock the test moves.
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';
import { applyCandidate, expectNoPersonalData, HOUR, scheduleInterview, sender, silentLog, startSmtp, submitCard, testClock, testWorker } from './helpers.js';

describe('reminder emails', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    ctx = await createTestApp({ mail: { smtpUrl: smtp.smtpUrl, from: 'Hiring <no-reply@example.test>' }, publicUrl: 'https://hiring.example.test' });
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
  });

  const emailOf = (sub: string) => `${sub}@example.test`;

  it('reminds each interviewer whose scorecard is missing on schedule, at most five times, escalates once, and stops when the card is in', async () => {
    const { org, recruiter, a, b, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const clock = testClock();
    const endsAt = new Date(Date.now() + 2 * HOUR);
    const interviewId = await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    const mailer = createMailer(ctx.config, silentLog);
    const worker = testWorker(ctx, [org.orgId], clock.now, { mailer });
    const at = async (msAfterEnd: number) => {
      clock.set(endsAt.getTime() + msAfterEnd);
      await worker.drain();
    };

    await at(59 * 60_000);
    expect(smtp.to(emailOf(a.sub))).toHaveLength(0);
    await at(HOUR);
    expect(smtp.to(emailOf(a.sub))).toHaveLength(1);
    expect(smtp.to(emailOf(b.sub))).toHaveLength(1);
    const first = smtp.to(emailOf(a.sub))[0]!;
    expect(first.text).toContain(`https://hiring.example.test/app/interviews/${interviewId}`);
    expect(first.text).toContain('a candidate for Product Manager, Discovery interview');
    await at(HOUR + 30 * 60_000);
    expect(smtp.to(emailOf(a.sub)), 'a repeated scan sends nothing new').toHaveLength(1);

    // b's card comes in: b hears no more, a does.
    await submitCard(ctx, b, interviewId, [role.criteria.discovery, role.criteria.collaboration]);
    await at(25 * HOUR);
    expect(smtp.to(emailOf(a.sub))).toHaveLength(2);
    expect(smtp.to(emailOf(b.sub))).toHaveLength(1);

    expect(smtp.to(emailOf(recruiter.sub))).toHaveLength(0);
    await at(48 * HOUR);
    const escalations = smtp.to(emailOf(recruiter.sub));
    expect(escalations, 'the recruiter who scheduled it hears after 48 h, about a only').toHaveLength(1);
    // The recruiter is sent to the application page (the kit is the interviewer's own).
    expect(escalations[0]!.text).toContain(`https://hiring.example.test/app/applications/${applicationId}`);

    for (const hours of [49, 73, 97, 121, 145, 300]) await at(hours * HOUR);
    expect(smtp.to(emailOf(a.sub)), 'five reminders at most').toHaveLength(5);
    expect(smtp.to(emailOf(recruiter.sub)), 'one escalation').toHaveLength(1);
    for (const mail of smtp.mails) expectNoPersonalData(mail.text);
    await worker.stop();
    mailer.close();
  });

  it('does not mail a deactivated person', async () => {
    const { org, recruiter, a, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const clock = testClock();
    const endsAt = new Date(Date.now() + 2 * HOUR);
    await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.interview, interviewerIds: [a.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    expect((await ctx.app.inject({ method: 'POST', url: `/users/${a.userId}/deactivate`, headers: org.admin.auth })).statusCode).toBe(200);
    const mailer = createMailer(ctx.config, silentLog);
    const worker = testWorker(ctx, [org.orgId], clock.now, { mailer });
    clock.set(endsAt.getTime() + 2 * HOUR);
    await worker.drain();
    expect(smtp.to(emailOf(a.sub))).toHaveLength(0);
    // The recruiter still hears that the card is missing.
    clock.set(endsAt.getTime() + 49 * HOUR);
    await worker.drain();
    expect(smtp.to(emailOf(recruiter.sub))).toHaveLength(1);
    await worker.stop();
    mailer.close();
  });

  it('sends an interview recorded after it ended its first reminder at once, and nothing once the application ended', async () => {
    const { org, recruiter, a, c, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const endsAt = new Date(Date.now() - 3 * HOUR);
    await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    const clock = testClock(Date.now() + 1000);
    const mailer = createMailer(ctx.config, silentLog);
    const w = testWorker(ctx, [org.orgId], clock.now, { mailer });
    await w.drain();
    expect(smtp.to(emailOf(c.sub))).toHaveLength(1);

    const rejected = await sender(ctx)('POST', recruiter, `/applications/${applicationId}/reject`, { reason: 'Another candidate went further.' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    clock.advance(25 * HOUR);
    await w.drain();
    expect(smtp.to(emailOf(c.sub)), 'no reminder after the application ended').toHaveLength(1);
    expect(smtp.to(emailOf(a.sub))).toHaveLength(0);
    await w.stop();
    mailer.close();
  });

  it('checks again at send time: a reminder enqueued before the card came in is not sent', async () => {
    const { org, recruiter, c, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const endsAt = new Date(Date.now() - 2 * HOUR);
    const interviewId = await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    const { scheduleReminders } = await import('../../src/notifications/reminders.js');
    const now = new Date(Date.now() + 1000);
    expect(await scheduleReminders(ctx.database.db, ctx.config, now, { orgIds: [org.orgId] })).toBe(1);
    await submitCard(ctx, c, interviewId, [role.criteria.prioritization, role.criteria.collaboration]);
    const mailer = createMailer(ctx.config, silentLog);
    const worker = testWorker(ctx, [org.orgId], () => now, { mailer });
    await worker.drain();
    expect(smtp.to(emailOf(c.sub))).toHaveLength(0);
    await worker.stop();
    mailer.close();
  });

  it('nudges the decision owner once every scorecard is in and no decision was made for 48 h, with a link to the debrief', async () => {
    const { org, recruiter, c, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const endsAt = new Date(Date.now() - HOUR);
    const interviewId = await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    await submitCard(ctx, c, interviewId, [role.criteria.prioritization, role.criteria.collaboration]);
    const submittedAt = Date.now();
    const clock = testClock(submittedAt + 47 * HOUR);
    const mailer = createMailer(ctx.config, silentLog);
    const worker = testWorker(ctx, [org.orgId], clock.now, { mailer });
    await worker.drain();
    const owner = emailOf(role.decisionOwner.sub);
    expect(smtp.to(owner)).toHaveLength(0);
    clock.set(submittedAt + 48 * HOUR + 60_000);
    await worker.drain();
    clock.advance(24 * HOUR);
    await worker.drain();
    const nudges = smtp.to(owner);
    expect(nudges).toHaveLength(1);
    expect(nudges[0]!.text).toContain(`https://hiring.example.test/app/applications/${applicationId}/debrief`);
    expect(nudges[0]!.text).toContain('a candidate for Product Manager');
    expectNoPersonalData(nudges[0]!.text);
    await worker.stop();
    mailer.close();
  });

  it('does not nudge about a wait that fell due more than a week ago (imported history, a worker stopped)', async () => {
    const { org, recruiter, c, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const endsAt = new Date(Date.now() - HOUR);
    const interviewId = await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    await submitCard(ctx, c, interviewId, [role.criteria.prioritization, role.criteria.collaboration]);
    const { scheduleReminders } = await import('../../src/notifications/reminders.js');
    const stale = new Date(Date.now() + (48 + 7 * 24 + 1) * HOUR);
    expect(await scheduleReminders(ctx.database.db, ctx.config, stale, { orgIds: [org.orgId] })).toBe(0);
    const mailer = createMailer(ctx.config, silentLog);
    const worker = testWorker(ctx, [org.orgId], () => stale, { mailer });
    await worker.drain();
    expect(smtp.to(emailOf(role.decisionOwner.sub))).toHaveLength(0);
    await worker.stop();
    mailer.close();
  });

  it('follows the organization settings', async () => {
    const { org, recruiter, c, role } = await openRoleCast(ctx);
    const patched = await sender(ctx)('PATCH', org.admin, '/organization', { settings: { scorecardReminderAfterMinutes: 10, scorecardReminderMax: 1 } });
    expect(patched.statusCode, patched.body).toBe(200);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const endsAt = new Date(Date.now() + HOUR);
    await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    const clock = testClock(endsAt.getTime() + 10 * 60_000);
    const mailer = createMailer(ctx.config, silentLog);
    const worker = testWorker(ctx, [org.orgId], clock.now, { mailer });
    await worker.drain();
    expect(smtp.to(emailOf(c.sub))).toHaveLength(1);
    clock.advance(30 * HOUR);
    await worker.drain();
    expect(smtp.to(emailOf(c.sub)), 'scorecardReminderMax 1').toHaveLength(1);
    await worker.stop();
    mailer.close();
  });

  // fastify gives each preClose hook its pluginTimeout (10 s by default); a worker that waited as
  // long for a pass stuck on a mail server made closing the service fail with a hook timeout.
  it('lets the service close while its worker is stuck on a mail server that never answers', async () => {
    const { org, recruiter, c, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const endsAt = new Date(Date.now() - 2 * HOUR);
    await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    // Accepts the connection and never sends its greeting.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const smtpUrl = `smtp://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const service = await buildApp({ config: { ...ctx.config, worker: true, mail: { ...ctx.config.mail, smtpUrl } }, database: ctx.database, migrate: false, logger: false, worker: { orgIds: [org.orgId] } });
    try {
      const connected = once(silent, 'connection');
      await service.ready();
      await connected; // the worker's pass is now waiting on the mail server
      await expect(service.close()).resolves.toBeUndefined();
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 30_000);

  it('stops within its bound while a mail server hangs, and the reminder goes out after the lease runs out', async () => {
    const { org, recruiter, c, role } = await openRoleCast(ctx);
    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    const endsAt = new Date(Date.now() - 2 * HOUR);
    await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    let hung!: () => void;
    const sending = new Promise<void>((resolve) => (hung = resolve));
    const hanging = { send: () => (hung(), new Promise<void>(() => {})), close() {} };
    const clock = testClock(Date.now() + 1000);
    const stuck = testWorker(ctx, [org.orgId], clock.now, { mailer: hanging, stopTimeoutMs: 200, leaseMs: 60_000 });
    void stuck.drain();
    await sending;
    const started = Date.now();
    await stuck.stop();
    expect(Date.now() - started).toBeLessThan(2000);

    const mailer = createMailer(ctx.config, silentLog);
    const next = testWorker(ctx, [org.orgId], testClock(clock.now().getTime() + 61_000).now, { mailer });
    await next.drain();
    expect(smtp.to(emailOf(c.sub))).toHaveLength(1);
    await next.stop();
    mailer.close();
  });
});
