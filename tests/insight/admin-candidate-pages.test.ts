import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateLinks, candidates, users } from '../../src/db/schema.js';
import { createTestApp, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { openRoleCast, type SeededRole } from '../helpers/fixtures.js';
import { getPage, postForm, seedCandidateLink, sessionFor } from './helpers.js';

const XSS = '<img src=x onerror=alert(1)>';
const html = { accept: 'text/html,application/xhtml+xml' };

describe('admin pages: people, erasure, audit', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember;
  let role: SeededRole;

  beforeAll(async () => {
    ctx = await createTestApp();
    ({ org, recruiter, role } = await openRoleCast(ctx));
  });
  afterAll(() => ctx.close());

  it('invites through the form (the POST /users use case), keeps values and explains errors beside fields', async () => {
    const s = await sessionFor(ctx, org.orgId, org.admin.userId);
    const invalid = await postForm(ctx, s, '/app/admin/users', { email: 'not-an-email', name: XSS });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Enter an email address, like name@example.com');
    expect(invalid.body).toContain('Choose at least one permission');
    expect(invalid.body).toContain('id="f-email-error"');
    expect(invalid.body).toContain('value="not-an-email"');
    expect(invalid.body).not.toContain(XSS);

    const email = `new.${Math.random().toString(36).slice(2)}@example.test`;
    const ok = await postForm(ctx, s, '/app/admin/users', { email, name: `Nia ${XSS}`, permissions: ['interviewer', 'recruiter'] });
    expect(ok.statusCode, ok.body).toBe(303);
    const [created] = await ctx.database.db.select().from(users).where(eq(users.email, email));
    expect(created).toMatchObject({ orgId: org.orgId, name: `Nia ${XSS}`, permissions: ['interviewer', 'recruiter'] });
    const list = await getPage(ctx, s, ok.headers.location as string);
    expect(list.body).toContain(`Invitation sent to ${email}.`);
    expect(list.body).toContain('Nia &lt;img src=x onerror=alert(1)&gt;');

    const duplicate = await postForm(ctx, s, '/app/admin/users', { email, name: 'Again', permissions: 'interviewer' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain('already exists');

    const deactivated = await postForm(ctx, s, `/app/admin/users/${created!.id}/deactivate`, {});
    expect(deactivated.statusCode).toBe(303);
    const [after] = await ctx.database.db.select().from(users).where(eq(users.id, created!.id));
    expect(after!.deactivatedAt).not.toBeNull();
    // Same rule as the API: an admin cannot deactivate themselves.
    expect((await postForm(ctx, s, `/app/admin/users/${org.admin.userId}/deactivate`, {})).statusCode).toBe(422);
  });

  it('sets permissions through PUT /users/:userId/permissions and the person page, effective on the next request', async () => {
    const person = await org.addUser(['interviewer'], `Pat ${XSS}`);
    const patSession = await sessionFor(ctx, org.orgId, person.userId);
    expect((await getPage(ctx, patSession, '/app/fairness')).statusCode).toBe(403);

    const api = await ctx.app.inject({ method: 'PUT', url: `/users/${person.userId}/permissions`, headers: org.admin.auth, payload: { permissions: ['interviewer', 'compliance'] } });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json().permissions).toEqual(['interviewer', 'compliance']);
    // The open session acts with the new permissions at once.
    expect((await getPage(ctx, patSession, '/app/fairness')).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'PUT', url: `/users/${person.userId}/permissions`, headers: org.admin.auth, payload: { permissions: [] } })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'PUT', url: `/users/${org.admin.userId}/permissions`, headers: org.admin.auth, payload: { permissions: ['recruiter'] } })).statusCode).toBe(422);
    expect((await ctx.app.inject({ method: 'PUT', url: '/users/00000000-0000-4000-8000-000000000000/permissions', headers: org.admin.auth, payload: { permissions: ['recruiter'] } })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'PUT', url: `/users/${person.userId}/permissions`, headers: recruiter.auth, payload: { permissions: ['admin'] } })).statusCode).toBe(403);

    const s = await sessionFor(ctx, org.orgId, org.admin.userId);
    const page = await getPage(ctx, s, `/app/admin/users/${person.userId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pat &lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).toMatch(/value="compliance" checked/);
    const none = await postForm(ctx, s, `/app/admin/users/${person.userId}/permissions`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose at least one permission');
    const saved = await postForm(ctx, s, `/app/admin/users/${person.userId}/permissions`, { permissions: 'recruiter' });
    expect(saved.statusCode).toBe(303);
    expect((await getPage(ctx, s, saved.headers.location as string)).body).toContain('Permissions saved.');
    const [row] = await ctx.database.db.select().from(users).where(eq(users.id, person.userId));
    expect(row!.permissions).toEqual(['recruiter']);
    const self = await postForm(ctx, s, `/app/admin/users/${org.admin.userId}/permissions`, { permissions: 'recruiter' });
    expect(self.statusCode).toBe(422);
    expect(self.body).toContain('You cannot remove your own admin permission');
    const r = await sessionFor(ctx, org.orgId, recruiter.userId);
    expect((await postForm(ctx, r, `/app/admin/users/${person.userId}/permissions`, { permissions: 'admin' })).statusCode).toBe(403);
    expect((await getPage(ctx, r, `/app/admin/users/${person.userId}`)).statusCode).toBe(403);
  });

  it('refuses the admin pages to others as the API refuses them', async () => {
    const s = await sessionFor(ctx, org.orgId, recruiter.userId);
    expect((await ctx.app.inject({ method: 'POST', url: '/users', headers: recruiter.auth, payload: { email: 'x@y.test', name: 'X', permissions: ['interviewer'] } })).statusCode).toBe(403);
    expect((await postForm(ctx, s, '/app/admin/users', { email: 'x@y.test', name: 'X', permissions: 'interviewer' })).statusCode).toBe(403);
    for (const url of ['/app/admin/users', '/app/admin/erasure', '/app/admin/audit']) expect((await getPage(ctx, s, url)).statusCode, url).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/erasure-requests', headers: recruiter.auth })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/audit', headers: recruiter.auth })).statusCode).toBe(403);
  });

  it('takes a candidate’s erasure request from their page to the admin queue and erases from there', async () => {
    const { candidateId, link } = await seedCandidateLink(ctx, recruiter, role.roleId, `Casey ${XSS}`);
    const asked = await postForm(ctx, undefined, `/candidate/erasure?token=${link.token}`, {});
    expect(asked.statusCode, asked.body).toBe(303);
    const page = await ctx.app.inject({ method: 'GET', url: asked.headers.location as string, headers: html });
    expect(page.body).toContain('Your request is recorded.');
    expect(page.body).toContain('You asked for your data to be erased on');

    const s = await sessionFor(ctx, org.orgId, org.admin.userId);
    const queue = await getPage(ctx, s, '/app/admin/erasure');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/app/admin/erasure/${candidateId}`);
    const erased = await postForm(ctx, s, `/app/admin/erasure/${candidateId}`, {});
    expect(erased.statusCode, erased.body).toBe(303);
    const [person] = await ctx.database.db.select().from(candidates).where(eq(candidates.id, candidateId));
    expect(person!.erasedAt).not.toBeNull();
    expect((await getPage(ctx, s, '/app/admin/erasure?erased=1')).body).toContain('No request is waiting.');
    // The link stops working: the browser gets a page, an API client the same JSON as before.
    const gone = await ctx.app.inject({ method: 'GET', url: `/candidate/rubric?token=${link.token}`, headers: html });
    expect(gone.statusCode).toBe(401);
    expect(gone.headers['content-type']).toMatch(/text\/html/);
    expect(gone.body).toContain('This link no longer works');
    const json = await ctx.app.inject({ method: 'GET', url: `/candidate/rubric?token=${link.token}` });
    expect(json.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('filters and pages the audit log with the API’s query', async () => {
    const s = await sessionFor(ctx, org.orgId, org.admin.userId);
    for (const name of ['Una', 'Vic']) await ctx.app.inject({ method: 'POST', url: '/users', headers: org.admin.auth, payload: { email: `${name}.${Math.random().toString(36).slice(2)}@example.test`, name, permissions: ['interviewer'] } });
    const all = await getPage(ctx, s, '/app/admin/audit');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('user.create');
    const filtered = await getPage(ctx, s, '/app/admin/audit?entity=role&entityId=00000000-0000-4000-8000-000000000000');
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('No entry matches.');
    const users = await getPage(ctx, s, '/app/admin/audit?entity=user');
    expect(users.body).toContain('user.create');
    expect(users.body).not.toContain('candidate.erasure_request');
    const page1 = await getPage(ctx, s, '/app/admin/audit?limit=1');
    const next = /href="\/app\/admin\/audit\?cursor=(\d+)"/.exec(page1.body);
    expect(next).not.toBeNull();
    expect((await getPage(ctx, s, `/app/admin/audit?limit=1&cursor=${next![1]}`)).statusCode).toBe(200);
    const bad = await getPage(ctx, s, '/app/admin/audit?cursor=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('must be a nextCursor from a previous page');
  });
});

describe('the candidate page', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember;
  let role: SeededRole;

  beforeAll(async () => {
    ctx = await createTestApp();
    ({ org, recruiter, role } = await openRoleCast(ctx));
  });
  afterAll(() => ctx.close());

  it('shows the rubric in the shared layout with the expiry, what happens next, data, erasure and self-identification', async () => {
    const { link } = await seedCandidateLink(ctx, recruiter, role.roleId);
    const page = await ctx.app.inject({ method: 'GET', url: `/candidate/rubric?token=${link.token}`, headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/assets/app.css');
    expect(page.body).not.toContain('<nav');
    expect(page.body).not.toContain('<style');
    expect(page.body).toContain('This link works until');
    expect(page.body).toContain('What happens next');
    expect(page.body).toContain(`href="/candidate/data?token=${link.token}"`);
    expect(page.body).toContain(`action="/candidate/erasure?token=${link.token}"`);
    expect(page.body).toContain('Prefer not to say');
    expect(page.body).toContain('<table class="stack">');
    // JSON stays JSON for API clients.
    const json = await ctx.app.inject({ method: 'GET', url: `/candidate/rubric?token=${link.token}` });
    expect(json.json().role.title).toBe('Product Manager');
  });

  it('saves, changes and withdraws self-identification through the form (the PUT use case)', async () => {
    const { link } = await seedCandidateLink(ctx, recruiter, role.roleId);
    const form = (await ctx.app.inject({ method: 'GET', url: `/candidate/self-identification?token=${link.token}` })).json() as { questions: { id: string; categories: { id: string }[] }[] };
    const [q1, q2] = form.questions;
    const saved = await postForm(ctx, undefined, `/candidate/self-identification/form?token=${link.token}`, { [`q-${q1!.id}`]: q1!.categories[0]!.id, [`q-${q2!.id}`]: 'prefer-not-to-say' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await ctx.app.inject({ method: 'GET', url: saved.headers.location as string, headers: html })).body).toContain('Your answers are saved.');
    let answers = (await ctx.app.inject({ method: 'GET', url: `/candidate/self-identification?token=${link.token}` })).json().answers;
    expect(answers).toEqual(expect.arrayContaining([{ questionId: q1!.id, categoryId: q1!.categories[0]!.id }, { questionId: q2!.id, categoryId: null }]));
    expect(answers).toHaveLength(2);

    const wrong = await postForm(ctx, undefined, `/candidate/self-identification/form?token=${link.token}`, { [`q-${q1!.id}`]: q2!.categories[0]!.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Choose one of the options shown for this question');
    expect(wrong.body).toContain(`href="#f-q-${q1!.id}"`);

    const withdrawn = await postForm(ctx, undefined, `/candidate/self-identification/form?token=${link.token}`, { [`q-${q1!.id}`]: '', [`q-${q2!.id}`]: '' });
    expect(withdrawn.statusCode).toBe(303);
    answers = (await ctx.app.inject({ method: 'GET', url: `/candidate/self-identification?token=${link.token}` })).json().answers;
    expect(answers).toEqual([]);
  });

  it('answers expired, revoked and bad links, and too many requests, with HTML pages for a browser', async () => {
    const expired = await seedCandidateLink(ctx, recruiter, role.roleId);
    await ctx.database.db.update(candidateLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(candidateLinks.id, expired.link.linkId));
    const e = await ctx.app.inject({ method: 'GET', url: `/candidate/rubric?token=${expired.link.token}`, headers: html });
    expect(e.statusCode).toBe(401);
    expect(e.body).toContain('This link has expired');
    const revoked = await seedCandidateLink(ctx, recruiter, role.roleId);
    await ctx.app.inject({ method: 'DELETE', url: `/applications/${revoked.applicationId}/candidate-link/${revoked.link.linkId}`, headers: recruiter.auth });
    const r = await ctx.app.inject({ method: 'POST', url: `/candidate/erasure?token=${revoked.link.token}`, headers: html });
    expect(r.statusCode).toBe(401);
    expect(r.body).toContain('This link no longer works');
    const bad = await ctx.app.inject({ method: 'GET', url: '/candidate/rubric?token=not-a-token', headers: html });
    expect(bad.body).toContain('This link does not work');
    let limited;
    for (let i = 0; i < 70 && limited?.statusCode !== 429; i++) limited = await ctx.app.inject({ method: 'GET', url: '/candidate/rubric?token=x', headers: { ...html, 'x-forwarded-for': '203.0.113.9' }, remoteAddress: '203.0.113.9' });
    expect(limited!.statusCode).toBe(429);
    expect(limited!.headers['content-type']).toMatch(/text\/html/);
    expect(limited!.body).toContain('Too many requests');
  });
});
