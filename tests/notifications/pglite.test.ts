// The same outbox SQL on the embedded database, with the worker running inside the service
// process (WORKER on): a due message goes out within 5 s, and closing the app stops the worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createOrg, testConfig, type TestContext } from '../helpers/app.js';
import { seedOpenRole } from '../helpers/fixtures.js';
import { applyCandidate, HOUR, scheduleInterview, sender, startReceiver, startSmtp, offsetClock } from './helpers.js';

async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

describe('notifications on embedded PGlite, worker in the service process', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret = '';
  const clock = offsetClock();
  beforeAll(async () => {
    smtp = await startSmtp();
    receiver = await startReceiver(() => secret);
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(database);
    const config = testConfig({ database: { kind: 'pglite', dataDir: 'memory://' }, worker: true, webhookAllowPrivate: true, mail: { smtpUrl: smtp.smtpUrl, from: 'Hiring <no-reply@example.test>' } });
    const app = await buildApp({ config, database, migrate: false, logger: false, worker: { clock: clock.now } });
    await app.ready();
    ctx = { app, database, config, close: async () => { await app.close(); await database.close(); } };
  });
  afterAll(async () => {
    await ctx.close();
    await receiver.close();
    await smtp.close();
  });

  it('delivers a webhook within 5 s and a reminder on the moved clock', async () => {
    const org = await createOrg(ctx);
    const [recruiter, a, b, c] = await Promise.all([org.addUser(['recruiter']), org.addUser(['interviewer']), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
    const role = await seedOpenRole(ctx, org, { a, b, c });
    const send = sender(ctx);
    const registered = await send('POST', org.admin, '/webhooks', { url: receiver.url, events: ['application.stage_changed'] });
    expect(registered.statusCode, registered.body).toBe(201);
    secret = registered.json().secret;

    const applicationId = await applyCandidate(ctx, recruiter, role.roleId);
    expect((await send('POST', recruiter, `/applications/${applicationId}/advance`, { stepId: role.steps.workSample })).statusCode).toBe(200);
    const waited = await until(() => receiver.received.length > 0, 5000);
    expect(waited).toBeLessThan(5000);
    expect(receiver.received[0]).toMatchObject({ status: 200, verified: true });

    const endsAt = new Date(Date.now() + HOUR);
    await scheduleInterview(ctx, recruiter, applicationId, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: new Date(endsAt.getTime() - HOUR), endsAt });
    clock.advanceTo(endsAt.getTime() + HOUR + 1000);
    await until(() => smtp.to(`${c.sub}@example.test`).length === 1, 5000);
  });
});
