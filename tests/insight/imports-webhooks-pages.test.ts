import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMessages, roles, webhooks } from '../../src/db/schema.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { greenhouseV1 } from '../imports/fixtures.js';
import { filesOf, multipart } from '../imports/multipart.js';
import { seedWebhookDelivery } from '../webhooks/seed.js';
import { getPage, postForm, sessionFor } from './helpers.js';

const XSS = '<img src=x onerror=alert(1)>';

describe('imports and webhooks admin pages', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('uploads an export through the multipart form (the POST /imports use case) and lists its result with skipped records', async () => {
    const org = await createOrg(ctx);
    const s = await sessionFor(ctx, org.orgId, org.admin.userId);
    // A browser also sends empty parts for file inputs left empty.
    const files = { ...filesOf(greenhouseV1('nobody@example.test')), users: { filename: '', content: '' } };
    const body = multipart(files, { source: 'greenhouse-harvest-v1' });
    const noToken = await ctx.app.inject({ method: 'POST', url: '/app/admin/imports', headers: { ...s.headers, ...body.headers }, payload: body.payload });
    expect(noToken.statusCode).toBe(403);
    const response = await ctx.app.inject({ method: 'POST', url: `/app/admin/imports?_csrf=${encodeURIComponent(s.csrfToken)}`, headers: { ...s.headers, ...body.headers }, payload: body.payload });
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe('/app/admin/imports?started=1');
    let page = await getPage(ctx, s, '/app/admin/imports');
    for (let i = 0; i < 200 && page.body.includes('>running<'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await getPage(ctx, s, '/app/admin/imports');
    }
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('>completed<');
    expect(page.body).toContain('Skipped records');
    expect(page.body).toMatch(/<th scope="row">scorecards\.json<\/th><td>4<\/td>/);
    expect(page.body).not.toMatch(/Casey|Dana|@cand\.test/);
  });

  it('explains a missing required file beside its field, and refuses non-admins as the API does', async () => {
    const org = await createOrg(ctx);
    const s = await sessionFor(ctx, org.orgId, org.admin.userId);
    const body = multipart({ applications: filesOf(greenhouseV1('x@example.test')).applications! }, { source: 'greenhouse-harvest-v1' });
    const response = await ctx.app.inject({ method: 'POST', url: `/app/admin/imports?_csrf=${encodeURIComponent(s.csrfToken)}`, headers: { ...s.headers, ...body.headers }, payload: body.payload });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="f-scorecards-error"');
    expect(response.body).toContain('needs scorecards');
    const recruiter = await org.addUser(['recruiter']);
    const r = await sessionFor(ctx, org.orgId, recruiter.userId);
    expect((await getPage(ctx, r, '/app/admin/imports')).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/imports', headers: recruiter.auth })).statusCode).toBe(403);
  });

  it('registers a webhook showing the secret once, lists, retries a delivery and deletes', async () => {
    const org = await createOrg(ctx);
    const s = await sessionFor(ctx, org.orgId, org.admin.userId);
    const invalid = await postForm(ctx, s, '/app/admin/webhooks', { url: '' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Enter the URL that will receive the webhooks');
    expect(invalid.body).toContain('Choose at least one event');
    const privateUrl = await postForm(ctx, s, '/app/admin/webhooks', { url: 'http://127.0.0.1:9/hooks', events: 'role.closed' });
    expect(privateUrl.statusCode).toBe(422);
    expect(privateUrl.body).toContain('This URL cannot receive webhooks');

    const created = await postForm(ctx, s, '/app/admin/webhooks', { url: `https://93.184.216.34/hooks?x=${encodeURIComponent(XSS)}`, events: ['role.closed', 'decision.made'] });
    expect(created.statusCode, created.body).toBe(201);
    const secret = /<code class="secret">(whsec_[^<]+)<\/code>/.exec(created.body)?.[1];
    const [row] = await ctx.database.db.select().from(webhooks).where(eq(webhooks.orgId, org.orgId));
    expect(secret).toBe(row!.secret);
    expect(created.body).not.toContain(XSS);
    const list = await getPage(ctx, s, '/app/admin/webhooks');
    expect(list.body).not.toContain('whsec_');
    expect(list.body).toContain(`/app/admin/webhooks/${row!.id}`);

    const [role] = await ctx.database.db.insert(roles).values({ orgId: org.orgId, title: 'R', scaleLabels: ['1', '2'] }).returning();
    const seeded = await seedWebhookDelivery(ctx, org.orgId, role!.id);
    const deliveries = await getPage(ctx, s, `/app/admin/webhooks/${seeded.webhookId}`);
    expect(deliveries.statusCode).toBe(200);
    expect(deliveries.body).toContain('HTTP 500');
    const before = await ctx.database.db.select().from(outboxMessages).where(and(eq(outboxMessages.orgId, org.orgId), eq(outboxMessages.status, 'pending')));
    const retried = await postForm(ctx, s, `/app/admin/webhooks/${seeded.webhookId}/deliveries/${seeded.deliveryId}/retry`, {});
    expect(retried.statusCode, retried.body).toBe(303);
    const after = await ctx.database.db.select().from(outboxMessages).where(and(eq(outboxMessages.orgId, org.orgId), eq(outboxMessages.status, 'pending')));
    expect(after.length).toBe(before.length + 1);

    const deleted = await postForm(ctx, s, `/app/admin/webhooks/${row!.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await ctx.database.db.select().from(webhooks).where(eq(webhooks.id, row!.id))).length).toBe(0);
    expect((await getPage(ctx, s, `/app/admin/webhooks/${row!.id}`)).statusCode).toBe(404);

    const recruiter = await org.addUser(['recruiter']);
    const r = await sessionFor(ctx, org.orgId, recruiter.userId);
    expect((await getPage(ctx, r, '/app/admin/webhooks')).statusCode).toBe(403);
    expect((await postForm(ctx, r, '/app/admin/webhooks', { url: 'https://93.184.216.34/x', events: 'role.closed' })).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/webhooks', headers: recruiter.auth })).statusCode).toBe(403);
  });
});
