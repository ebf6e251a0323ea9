import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { sessionFor } from '../helpers/browser-session.js';
import { openRoleCast } from '../helpers/fixtures.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => ctx?.close());

const form = (fields: Record<string, string | string[]>, csrf: string) => {
  const params = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};

async function recruiterSession() {
  const org = await createOrg(ctx);
  const recruiter = await org.addUser(['recruiter'], 'Rita Recruiter');
  const owner = await org.addUser(['interviewer'], 'Dana Owner');
  const interviewer = await org.addUser(['interviewer'], 'Ivan Interviewer');
  const session = await sessionFor(ctx, org.orgId, recruiter.userId);
  const post = (url: string, fields: Record<string, string | string[]>) =>
    ctx.app.inject({ method: 'POST', url, headers: { ...session.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields, session.csrfToken) });
  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: session.headers });
  return { org, recruiter, owner, interviewer, session, post, get };
}

describe('role pages', () => {
  it('a recruiter builds a role from a blank draft to open, through the forms alone', async () => {
    const { owner, interviewer, post, get } = await recruiterSession();
    const created = await post('/app/roles/new', { title: 'Data Engineer', level: '', team: 'Platform', hiringStatement: '', decisionOwnerId: '' });
    expect(created.statusCode).toBe(303);
    const roleUrl = created.headers.location as string;
    const roleId = roleUrl.split('/').pop()!;

    let page = await get(roleUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Name one decision owner');
    expect(page.body).toContain('href="#f-role-decisionOwnerId"');

    expect((await post(roleUrl, { title: 'Data Engineer', team: 'Platform', decisionOwnerId: owner.userId })).statusCode).toBe(303);
    expect((await post(`${roleUrl}/metrics`, { name: 'Pipelines shipped', measurement: 'count', target: '2 per quarter', horizonDays: '90' })).statusCode).toBe(303);
    page = await get(roleUrl);
    const metricId = /name="metricIds" value="([0-9a-f-]{36})"/.exec(page.body)![1]!;
    expect((await post(`${roleUrl}/criteria`, { name: 'Data modelling', description: 'Models data well', anchors: ['a1', 'a2', 'a3', 'a4'], metricIds: metricId, weight: '2', bar: '3', mustHave: 'true' })).statusCode).toBe(303);
    expect((await post(`${roleUrl}/steps`, { name: 'Technical interview', kind: 'interview', briefing: 'Model a schema together.' })).statusCode).toBe(303);
    page = await get(roleUrl);
    const criterionId = /id="criterion-([0-9a-f-]{36})"/.exec(page.body)![1]!;
    const stepId = /id="step-([0-9a-f-]{36})"/.exec(page.body)![1]!;
    expect(page.body).toContain(`href="#matrix-${stepId}"`);
    expect((await post(`${roleUrl}/steps/${stepId}/assignments`, { member: interviewer.userId, assign: `${interviewer.userId}:${criterionId}` })).statusCode).toBe(303);

    page = await get(roleUrl);
    expect(page.body).toContain('id="checklist-complete"');
    expect((await post(`${roleUrl}/open`, {})).statusCode).toBe(303);
    page = await get(roleUrl);
    expect(page.body).toMatch(/<span class="tag good">open<\/span>/);
  });

  it('shows a validation error beside the field, keeps the values, and answers 400', async () => {
    const { post } = await recruiterSession();
    const created = await post('/app/roles/new', { title: 'Analyst' });
    const roleUrl = created.headers.location as string;
    const bad = await post(`${roleUrl}/metrics`, { name: 'Kept name <b>', measurement: '', target: 't', horizonDays: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('id="f-metric-new-measurement-error"');
    expect(bad.body).toContain('id="f-metric-new-horizonDays-error"');
    expect(bad.body).toContain('value="Kept name &lt;b&gt;"');
    expect(bad.body).toContain('value="soon"');
  });

  it('an unready open shows every reason, linked to its fix', async () => {
    const { post } = await recruiterSession();
    const roleUrl = (await post('/app/roles/new', { title: 'Analyst' })).headers.location as string;
    const refused = await post(`${roleUrl}/open`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('The role is not ready to open.');
    expect(refused.body).toContain('Define at least one success metric');
    expect(refused.body).toContain('href="#add-metric"');
  });

  it('creates a role from a rubric template', async () => {
    const { post, get } = await recruiterSession();
    const page = await get('/app/roles/new');
    const template = /<option value="([a-z0-9-]+)"/.exec(page.body.slice(page.body.indexOf('name="template"')))![1]!;
    const created = await post('/app/roles/from-template', { template, decisionOwnerId: '' });
    expect(created.statusCode).toBe(303);
    const role = await get(created.headers.location as string);
    expect(role.statusCode).toBe(200);
    expect(role.body).toContain('Interview steps');
    expect((await post('/app/roles/from-template', { template: 'no-such-template' })).statusCode).toBe(400);
  });

  it('renders a hostile title as text', async () => {
    const { post, get } = await recruiterSession();
    const roleUrl = (await post('/app/roles/new', { title: '<img src=x onerror=alert(1)>' })).headers.location as string;
    const page = await get(roleUrl);
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect((await get('/app/roles')).body).not.toContain('<img src=x');
  });

  it('refuses the others as the API does: interviewers read only their roles, cannot write; strangers get 404', async () => {
    const { org, role, a, recruiter } = await openRoleCast(ctx);
    const stranger = await org.addUser(['interviewer']);
    const asA = await sessionFor(ctx, org.orgId, a.userId);
    const asStranger = await sessionFor(ctx, org.orgId, stranger.userId);
    const asRecruiter = await sessionFor(ctx, org.orgId, recruiter.userId);
    const readA = await ctx.app.inject({ method: 'GET', url: `/app/roles/${role.roleId}`, headers: asA.headers });
    expect(readA.statusCode).toBe(200);
    expect(readA.body).not.toContain('<form method="post" action="/app/roles/');
    expect(readA.body).not.toContain('Ready to open?');
    expect((await ctx.app.inject({ method: 'GET', url: `/roles/${role.roleId}`, headers: a.auth })).statusCode).toBe(200);

    const readStranger = await ctx.app.inject({ method: 'GET', url: `/app/roles/${role.roleId}`, headers: asStranger.headers });
    expect(readStranger.statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/roles/${role.roleId}`, headers: stranger.auth })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/app/roles', headers: asStranger.headers })).body).not.toContain(role.roleId);

    const write = await ctx.app.inject({ method: 'POST', url: `/app/roles/${role.roleId}/steps`, headers: { ...asA.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ name: 'x', kind: 'interview' }, asA.csrfToken) });
    expect(write.statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: `/roles/${role.roleId}/steps`, headers: a.auth, payload: { name: 'x', kind: 'interview' } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/app/roles/new', headers: asA.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/app/roles/new' })).statusCode).toBe(303);

    // Without the CSRF token a cookie post is refused.
    const noCsrf = await ctx.app.inject({ method: 'POST', url: `/app/roles/${role.roleId}/close`, headers: { ...asRecruiter.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(noCsrf.statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: `/roles/${role.roleId}`, headers: recruiter.auth })).json().status).toBe('open');
  });

  it('edits and removes metrics, criteria and steps, and closes an open role', async () => {
    const { org, role, recruiter } = await openRoleCast(ctx);
    const session = await sessionFor(ctx, org.orgId, recruiter.userId);
    const post = (url: string, fields: Record<string, string | string[]>) =>
      ctx.app.inject({ method: 'POST', url, headers: { ...session.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields, session.csrfToken) });
    const api = async () => (await ctx.app.inject({ method: 'GET', url: `/roles/${role.roleId}`, headers: recruiter.auth })).json();
    const base = `/app/roles/${role.roleId}`;
    const design = await api();
    const metricId = design.successMetrics[0].id;

    expect((await post(`${base}/metrics/${metricId}`, { name: 'Weekly interviews', measurement: 'logged', target: '4 per week', horizonDays: '60' })).statusCode).toBe(303);
    expect((await api()).successMetrics[0]).toMatchObject({ name: 'Weekly interviews', target: '4 per week', horizonDays: 60 });

    const badAnchor = await post(`${base}/criteria/${role.criteria.collaboration}`, { name: 'Trio collaboration', description: 'Works with design', anchors: ['one', '', 'three', 'four'], metricIds: metricId, weight: '1', bar: '3' });
    expect(badAnchor.statusCode).toBe(400);
    expect(badAnchor.body).toContain(`id="f-criterion-${role.criteria.collaboration}-anchors-1-error"`);
    expect(badAnchor.body).toContain('>three</textarea>');

    expect((await post(`${base}/criteria/${role.criteria.collaboration}`, { name: 'Trio collaboration', description: 'Works with design', anchors: ['1', '2', '3', '4'], metricIds: metricId, weight: '5', bar: '2' })).statusCode).toBe(303);
    expect((await api()).criteria.find((c: { id: string }) => c.id === role.criteria.collaboration)).toMatchObject({ weight: 5, bar: 2 });

    // Removing the only metric of an open role's criteria is refused, as by the API (409), on the page.
    const orphan = await post(`${base}/metrics/${metricId}/delete`, {});
    expect(orphan.statusCode).toBe(409);
    expect(orphan.body).toContain('would leave criteria of an open role tied to no success metric');

    expect((await post(`${base}/steps/${role.steps.workSample}`, { name: 'Work sample', kind: 'work_sample', briefing: 'New briefing.' })).statusCode).toBe(303);
    expect((await api()).steps.find((s: { id: string }) => s.id === role.steps.workSample).briefing).toBe('New briefing.');
    // Emptying an optional field clears it, as null does in the API; it does not keep the old text.
    expect((await post(`${base}/steps/${role.steps.workSample}`, { name: 'Work sample', kind: 'work_sample', briefing: '  ' })).statusCode).toBe(303);
    expect((await api()).steps.find((s: { id: string }) => s.id === role.steps.workSample).briefing).toBeNull();
    expect((await post(`${base}/metrics/${metricId}`, { name: 'Weekly interviews', description: 'Shows discipline', measurement: 'logged', target: '4 per week', horizonDays: '60' })).statusCode).toBe(303);
    expect((await api()).successMetrics[0].description).toBe('Shows discipline');
    expect((await post(`${base}/metrics/${metricId}`, { name: 'Weekly interviews', description: '', measurement: 'logged', target: '4 per week', horizonDays: '60' })).statusCode).toBe(303);
    expect((await api()).successMetrics[0].description).toBeNull();
    expect((await post(base, { title: design.title, level: 'Senior', team: 'Discovery', hiringStatement: 'A trio lead.' })).statusCode).toBe(303);
    expect(await api()).toMatchObject({ level: 'Senior', team: 'Discovery', hiringStatement: 'A trio lead.' });
    expect((await post(base, { title: design.title, level: 'Senior', team: '', hiringStatement: '' })).statusCode).toBe(303);
    expect(await api()).toMatchObject({ level: 'Senior', team: null, hiringStatement: null, decisionOwnerId: design.decisionOwnerId });
    expect((await post(`${base}/steps/${role.steps.workSample}/delete`, {})).statusCode).toBe(303);
    expect((await api()).steps.map((s: { id: string }) => s.id)).not.toContain(role.steps.workSample);

    expect((await post(`${base}/criteria/${role.criteria.prioritization}/delete`, {})).statusCode).toBe(303);
    expect((await api()).criteria.map((c: { id: string }) => c.id)).not.toContain(role.criteria.prioritization);

    expect((await post(`${base}/close`, {})).statusCode).toBe(303);
    expect((await api()).status).toBe('closed');
    const closed = await ctx.app.inject({ method: 'GET', url: base, headers: session.headers });
    expect(closed.body).not.toContain('Add metric');
    // A closed role's design is read-only: 409 like the API.
    expect((await post(`${base}/steps`, { name: 'Late step', kind: 'interview' })).statusCode).toBe(409);
  });
});
