// SSRF guard: refused at registration (literal addresses in every spelling, and hostnames that
// resolve to them) and again at delivery against the address actually connected to.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, createOrg, type TestContext } from '../helpers/app.js';
import { isPublicAddress, refusalOf } from '../../src/webhooks/ssrf.js';
import { sender, startReceiver, testClock, testWorker } from '../notifications/helpers.js';

describe('webhook SSRF guard', () => {
  let strict: TestContext;
  let lax: TestContext;
  beforeAll(async () => {
    [strict, lax] = await Promise.all([createTestApp(), createTestApp({ webhookAllowPrivate: true })]);
  });
  afterAll(async () => {
    await strict.close();
    await lax.close();
  });

  it('classifies addresses: only public unicast passes, IPv4-mapped judged as IPv4', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111']) expect(isPublicAddress(address), address).toBe(true);
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '2130706433', '0x7f.1', '224.0.0.1', 'not-an-ip', undefined]) {
      expect(isPublicAddress(address), String(address)).toBe(false);
    }
  });

  it('refuses loopback, private, link-local, unique-local, shared, unspecified and numeric spellings at registration, and a hostname resolving to one', async () => {
    const org = await createOrg(strict);
    const send = sender(strict);
    const refused = [
      'http://127.0.0.1/hook',
      'http://10.0.0.5/hook',
      'http://192.168.0.10/hook',
      'http://172.20.1.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[fd12:3456::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:a00:1]/hook',
      'http://2130706433/hook',
      'http://0x7f.0.0.1/hook',
      'http://017700000001/hook',
      'http://localhost/hook',
      'http://localhost.:8080/hook',
      'ftp://93.184.216.34/hook',
      'http://user:pass@93.184.216.34/hook',
    ];
    for (const url of refused) {
      const problem = expectProblem(await send('POST', org.admin, '/webhooks', { url, events: ['decision.made'] }), 422);
      expect(problem.errors?.[0]?.path, url).toBe('body.url');
    }
    const list = (await send('GET', org.admin, '/webhooks')).json();
    expect(list.items, 'nothing was stored').toHaveLength(0);

    const accepted = await send('POST', org.admin, '/webhooks', { url: 'https://93.184.216.34/hooks', events: ['decision.made', 'decision.made'] });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const { webhook, secret } = accepted.json();
    expect(webhook.events).toEqual(['decision.made']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    const listed = await send('GET', org.admin, '/webhooks');
    expect(listed.body).not.toContain(secret.slice(6));
    expect(listed.json().items).toEqual([webhook]);
    expect((await send('GET', org.admin, '/audit?entity=webhook')).body).not.toContain(secret.slice(6));

    // An idempotent replay answers the same webhook, without the secret, which is not stored for replays.
    const keyed = { ...org.admin.auth, 'idempotency-key': 'register-once' };
    const body = { url: 'https://93.184.216.34/other', events: ['role.opened'] };
    const once = await strict.app.inject({ method: 'POST', url: '/webhooks', headers: keyed, payload: body });
    const replay = await strict.app.inject({ method: 'POST', url: '/webhooks', headers: keyed, payload: body });
    expect(once.json().secret).toMatch(/^whsec_/);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual({ webhook: once.json().webhook, secret: null });
    const { idempotencyKeys } = await import('../../src/db/schema.js');
    const { eq } = await import('drizzle-orm');
    const stored = await strict.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.orgId, org.orgId));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(once.json().secret.slice(6));
    await send('DELETE', org.admin, `/webhooks/${once.json().webhook.id}`);

    expectProblem(await send('POST', org.admin, '/webhooks', { url: 'https://93.184.216.34/', events: ['interview.ended'] }), 400);
    expectProblem(await send('POST', org.admin, '/webhooks', { url: 'https://93.184.216.34/', events: [] }), 400);
    expect((await send('DELETE', org.admin, `/webhooks/${webhook.id}`)).statusCode).toBe(204);
    expectProblem(await send('DELETE', org.admin, `/webhooks/${webhook.id}`), 404);
    expectProblem(await send('GET', org.admin, `/webhooks/${webhook.id}/deliveries`), 404);
  });

  it('WEBHOOK_ALLOW_PRIVATE lifts the guard, and without it a delivery to a hostname resolving to loopback is refused at connect time', async () => {
    expect(await refusalOf('http://127.0.0.1:9/', true)).toBeUndefined();
    const org = await createOrg(lax);
    const receiver = await startReceiver(() => 'whsec_AAAA');
    // Registered while private addresses were allowed; delivered by a worker that does not allow them.
    const registered = await sender(lax)('POST', org.admin, '/webhooks', { url: `http://localhost:${receiver.port}/hooks`, events: ['role.closed'] });
    expect(registered.statusCode, registered.body).toBe(201);
    const { enqueueEvent } = await import('../../src/notifications/outbox.js');
    const { roles } = await import('../../src/db/schema.js');
    const [role] = await strict.database.db.insert(roles).values({ orgId: org.orgId, title: 'R', scaleLabels: ['1', '2'] }).returning();
    await enqueueEvent(strict.database.db, 'role.closed', { orgId: org.orgId, roleId: role!.id });
    const clock = testClock(Date.now() + 1000);
    const worker = testWorker(strict, [org.orgId], clock.now);
    await worker.drain();
    await worker.stop();
    expect(receiver.received, 'nothing reached the loopback receiver').toHaveLength(0);
    const log = (await sender(strict)('GET', org.admin, `/webhooks/${registered.json().webhook.id}/deliveries`)).json();
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ status: 'retrying', attempt: 1 });
    expect(log.items[0].error).toMatch(/not a public address/);
    await receiver.close();
  });

  it('does not follow redirects: a 3xx fails the attempt and the target is never contacted', async () => {
    const org = await createOrg(lax);
    const target = await startReceiver(() => 'whsec_AAAA');
    const redirector = createServer((_, response) => response.writeHead(302, { location: target.url }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/hooks`;
    const registered = await sender(lax)('POST', org.admin, '/webhooks', { url, events: ['role.closed'] });
    const { enqueueEvent } = await import('../../src/notifications/outbox.js');
    const { roles } = await import('../../src/db/schema.js');
    const [role] = await lax.database.db.insert(roles).values({ orgId: org.orgId, title: 'R', scaleLabels: ['1', '2'] }).returning();
    await enqueueEvent(lax.database.db, 'role.closed', { orgId: org.orgId, roleId: role!.id });
    const worker = testWorker(lax, [org.orgId], testClock(Date.now() + 1000).now);
    await worker.drain();
    await worker.stop();
    const log = (await sender(lax)('GET', org.admin, `/webhooks/${registered.json().webhook.id}/deliveries`)).json();
    expect(log.items[0]).toMatchObject({ status: 'retrying', error: 'HTTP 302' });
    expect(target.received).toHaveLength(0);
    redirector.close();
    await target.close();
  });
});
