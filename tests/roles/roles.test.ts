import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, stepAssignments } from '../../src/db/schema.js';
import { loadTemplates } from '../../src/rubrics/templates.js';
import { createOrg, createTestApp, expectProblem, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { hoursAgo } from '../helpers/fixtures.js';

describe('hiring design: roles, metrics, criteria, plan, readiness', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember, owner: StaffMember, a: StaffMember, b: StaffMember, outsider: StaffMember;

  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
    recruiter = await org.addUser(['recruiter']);
    [owner, a, b, outsider] = await Promise.all([org.addUser(['interviewer'], 'Owner'), org.addUser(['interviewer'], 'Ana'), org.addUser(['interviewer'], 'Ben'), org.addUser(['interviewer'], 'Out')]);
  });
  afterAll(() => ctx.close());

  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', who: StaffMember, url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: who.auth, ...(payload !== undefined ? { payload: payload as object } : {}) });

  const templates = loadTemplates();

  it('ships the five templates, each valid', () => {
    expect([...templates.keys()].sort()).toEqual(['designer', 'product-leader', 'product-manager', 'senior-product-manager', 'software-engineer']);
  });

  it.each([...templates.keys()])('creates a role from the %s template that is ready and opens', async (template) => {
    const plan = templates.get(template)!.plan;
    const interviewers = Object.fromEntries(plan.map((s, i) => [s.name, [i % 2 ? a.userId : b.userId]]));
    const created = await send('POST', recruiter, '/roles/from-rubric', { template, decisionOwnerId: owner.userId, interviewers });
    expect(created.statusCode, created.body).toBe(201);
    const role = created.json();
    expect(role).toMatchObject({ status: 'draft', decisionOwnerId: owner.userId });
    expect(role.criteria.every((c: { anchors: unknown[]; metricIds: unknown[] }) => c.anchors.length === 4 && c.metricIds.length > 0)).toBe(true);
    expect(role.steps.every((s: { framed: boolean }) => s.framed)).toBe(true);

    const readiness = (await send('GET', recruiter, `/roles/${role.id}/readiness`)).json();
    expect(readiness).toEqual({ ready: true, reasons: [] });
    const opened = await send('POST', recruiter, `/roles/${role.id}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'open' });
    expect(opened.json().openedAt).toBeTruthy();
  });

  it('lists every gap of a hand-built role and refuses to open it with the same list', async () => {
    const role = (await send('POST', recruiter, '/roles', { title: 'Growth PM' })).json();
    const metric = (await send('POST', recruiter, `/roles/${role.id}/success-metrics`, { name: 'Activation', measurement: 'share activated in 7 days', target: '+5 points', horizonDays: 90 })).json();
    const anchors = ['1', '2', '3', '4'];
    const linked = (await send('POST', recruiter, `/roles/${role.id}/criteria`, { name: 'Experimentation', description: 'Runs experiments', metricIds: [metric.id], anchors })).json();
    const unlinked = (await send('POST', recruiter, `/roles/${role.id}/criteria`, { name: 'Writing', description: 'Writes clearly', anchors })).json();
    const lunch = (await send('POST', recruiter, `/roles/${role.id}/steps`, { name: 'Lunch', kind: 'social' })).json();
    await send('PUT', recruiter, `/roles/${role.id}/steps/${lunch.id}/assignments`, [{ interviewerId: a.userId, criterionIds: [] }]);

    const readiness = (await send('GET', recruiter, `/roles/${role.id}/readiness`)).json();
    expect(readiness.ready).toBe(false);
    const codes = readiness.reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(['NO_DECISION_OWNER', 'CRITERION_WITHOUT_METRIC', 'CRITERION_NOT_ASSESSED', 'CRITERION_NOT_ASSESSED', 'STEP_WITHOUT_BRIEFING', 'INTERVIEWER_WITHOUT_CRITERIA']);
    expect(readiness.reasons.find((r: { code: string }) => r.code === 'CRITERION_WITHOUT_METRIC').ids).toEqual([unlinked.id]);
    void linked;

    const refused = expectProblem(await send('POST', recruiter, `/roles/${role.id}/open`), 422);
    expect((refused as unknown as { reasons: unknown }).reasons).toEqual(readiness.reasons);
    expect((await send('GET', recruiter, `/roles/${role.id}`)).json().status).toBe('draft');
  });

  it('answers an empty PATCH of a metric, criterion or step with the unchanged object', async () => {
    const role = (await send('POST', recruiter, '/roles', { title: 'Empty patch' })).json();
    const metric = (await send('POST', recruiter, `/roles/${role.id}/success-metrics`, { name: 'M', measurement: 'm', target: 't', horizonDays: 30 })).json();
    const criterion = (await send('POST', recruiter, `/roles/${role.id}/criteria`, { name: 'C', description: 'd', metricIds: [metric.id], anchors: ['1', '2', '3', '4'] })).json();
    const step = (await send('POST', recruiter, `/roles/${role.id}/steps`, { name: 'S', kind: 'interview', briefing: 'b' })).json();
    for (const [url, before] of [[`/roles/${role.id}/success-metrics/${metric.id}`, metric], [`/roles/${role.id}/criteria/${criterion.id}`, criterion], [`/roles/${role.id}/steps/${step.id}`, step]] as const) {
      const response = await send('PATCH', recruiter, url, {});
      expect(response.statusCode, url).toBe(200);
      expect(response.json().name, url).toBe(before.name);
    }
  });

  it('clears optional texts with null in a PATCH, and leaves absent ones as they were', async () => {
    const role = (await send('POST', recruiter, '/roles', { title: 'Clearing', level: 'Senior', team: 'Growth', hiringStatement: 'Who we hire.' })).json();
    const cleared = await send('PATCH', recruiter, `/roles/${role.id}`, { team: null, hiringStatement: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ title: 'Clearing', level: 'Senior', team: null, hiringStatement: null });
    const metric = (await send('POST', recruiter, `/roles/${role.id}/success-metrics`, { name: 'M', description: 'Why it matters', measurement: 'm', target: 't', horizonDays: 30 })).json();
    expect((await send('PATCH', recruiter, `/roles/${role.id}/success-metrics/${metric.id}`, { description: null })).json()).toMatchObject({ name: 'M', description: null });
    const step = (await send('POST', recruiter, `/roles/${role.id}/steps`, { name: 'S', kind: 'interview', briefing: 'b' })).json();
    expect((await send('PATCH', recruiter, `/roles/${role.id}/steps/${step.id}`, { briefing: null })).json()).toMatchObject({ name: 'S', briefing: null });
    // A title is required: null is refused and changes nothing.
    expectProblem(await send('PATCH', recruiter, `/roles/${role.id}`, { title: null }), 400);
    expect((await send('GET', recruiter, `/roles/${role.id}`)).json()).toMatchObject({ title: 'Clearing', level: 'Senior' });
  });

  it('validates criteria against the scale, names, and the role’s metrics', async () => {
    const role = (await send('POST', recruiter, '/roles', { title: 'Scale check', scale: ['no', 'maybe', 'yes'] })).json();
    expect(role.scale).toEqual([{ level: 1, label: 'no' }, { level: 2, label: 'maybe' }, { level: 3, label: 'yes' }]);
    const body = { name: 'Craft', description: 'd', anchors: ['a', 'b', 'c'] };
    expectProblem(await send('POST', recruiter, `/roles/${role.id}/criteria`, { ...body, anchors: ['a', 'b', 'c', 'd'] }), 422);
    expectProblem(await send('POST', recruiter, `/roles/${role.id}/criteria`, { ...body, bar: 4 }), 422);
    expectProblem(await send('POST', recruiter, `/roles/${role.id}/criteria`, { ...body, metricIds: ['00000000-0000-4000-8000-000000000000'] }), 422);
    const created = await send('POST', recruiter, `/roles/${role.id}/criteria`, body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().bar).toBe(3);
    expectProblem(await send('POST', recruiter, `/roles/${role.id}/criteria`, body), 409);
    expectProblem(await send('PATCH', recruiter, `/roles/${role.id}`, { scale: ['no', 'yes'] }), 409);
    expectProblem(await send('POST', recruiter, `/roles/${role.id}/criteria`, { ...body, name: 'Other', orgId: org.orgId }), 400);
    expectProblem(await send('POST', a, `/roles/${role.id}/criteria`, { ...body, name: 'Other' }), 403);
  });

  it('applies assignments atomically: a stranger’s id changes nothing', async () => {
    const role = (await send('POST', recruiter, '/roles/from-rubric', { template: 'designer', decisionOwnerId: owner.userId })).json();
    const step = role.steps[0];
    const criterionId = role.criteria[0].id;
    expect((await send('PUT', recruiter, `/roles/${role.id}/steps/${step.id}/assignments`, [{ interviewerId: a.userId, criterionIds: [criterionId] }])).statusCode).toBe(200);
    const stranger = await (await createOrg(ctx, 'Strangers')).addUser(['interviewer']);
    const refused = await send('PUT', recruiter, `/roles/${role.id}/steps/${step.id}/assignments`, [
      { interviewerId: b.userId, criterionIds: [criterionId] },
      { interviewerId: stranger.userId, criterionIds: [criterionId] },
    ]);
    expect(expectProblem(refused, 422)).toMatchObject({ unknownIds: [stranger.userId] });
    const otherRole = (await send('POST', recruiter, '/roles/from-rubric', { template: 'designer' })).json();
    expectProblem(await send('PUT', recruiter, `/roles/${role.id}/steps/${step.id}/assignments`, [{ interviewerId: b.userId, criterionIds: [otherRole.criteria[0].id] }]), 422);
    const rows = await ctx.database.db.select().from(stepAssignments).where(eq(stepAssignments.stepId, step.id));
    expect(rows.map((r) => r.interviewerId)).toEqual([a.userId]);
  });

  it('lets interviewers read only roles they interview for; another organization gets 404', async () => {
    const role = (await send('POST', recruiter, '/roles/from-rubric', { template: 'software-engineer', interviewers: { 'Technical screen': [a.userId] } })).json();
    expect((await send('GET', a, `/roles/${role.id}`)).statusCode).toBe(200);
    expectProblem(await send('GET', outsider, `/roles/${role.id}`), 404);
    const listed = (await send('GET', a, '/roles?limit=200')).json().items.map((r: { id: string }) => r.id);
    expect(listed).toContain(role.id);
    expect((await send('GET', outsider, '/roles?limit=200')).json().items.map((r: { id: string }) => r.id)).not.toContain(role.id);
    const other = await createOrg(ctx, 'Elsewhere');
    const theirRecruiter = await other.addUser(['recruiter']);
    expectProblem(await send('GET', theirRecruiter, `/roles/${role.id}`), 404);
    expectProblem(await send('PATCH', theirRecruiter, `/roles/${role.id}`, { title: 'Mine now' }), 404);
  });

  it('protects submitted evidence on an open role and records steps added after opening', async () => {
    const pm = templates.get('product-manager')!;
    const role = (
      await send('POST', recruiter, '/roles/from-rubric', { template: 'product-manager', decisionOwnerId: owner.userId, interviewers: Object.fromEntries(pm.plan.map((s) => [s.name, [a.userId]])) })
    ).json();
    await send('POST', recruiter, `/roles/${role.id}/open`);
    const candidate = (await send('POST', recruiter, '/candidates', { name: 'Pat', email: `${Math.random().toString(36).slice(2)}@p.test` })).json();
    const application = (await send('POST', recruiter, '/applications', { candidateId: candidate.id, roleId: role.id })).json();
    const discoveryStep = role.steps.find((s: { name: string }) => s.name === 'Discovery deep dive');
    const interview = (await send('POST', recruiter, `/applications/${application.id}/interviews`, { stepId: discoveryStep.id, interviewerIds: [a.userId], startsAt: hoursAgo(2), endsAt: hoursAgo(1) })).json();
    const discovery = role.criteria.find((c: { name: string }) => c.name === 'Discovery habits');
    const submitted = await send('POST', a, `/interviews/${interview.id}/scorecard/submit`, { ratings: [{ criterionId: discovery.id, rating: 3, evidence: 'Ran 5 interviews last month.' }] });
    expect(submitted.statusCode, submitted.body).toBe(200);

    expectProblem(await send('PATCH', recruiter, `/roles/${role.id}/criteria/${discovery.id}`, { bar: 4 }), 409);
    expectProblem(await send('DELETE', recruiter, `/roles/${role.id}/criteria/${discovery.id}`), 409);
    expectProblem(await send('DELETE', recruiter, `/roles/${role.id}/steps/${discoveryStep.id}`), 409);
    expect((await send('PATCH', recruiter, `/roles/${role.id}/criteria/${discovery.id}`, { description: 'Talks to customers every week.' })).statusCode).toBe(200);
    const added = await send('POST', recruiter, `/roles/${role.id}/criteria`, { name: 'Writing', description: 'Writes clear one-pagers.', metricIds: [role.successMetrics[0].id], anchors: ['1', '2', '3', '4'] });
    expect(added.statusCode).toBe(201);
    const lunch = (await send('POST', recruiter, `/roles/${role.id}/steps`, { name: 'Team lunch', kind: 'social' })).json();
    expect(lunch.addedAfterOpenAt).toBeTruthy();
    expect(lunch.framed).toBe(false);
    expect(lunch.position).toBe(pm.plan.length + 1);

    const audit = await ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, role.id));
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['role.create_from_rubric', 'role.open']));
    expect((await send('POST', recruiter, `/roles/${role.id}/close`)).json().status).toBe('closed');
    expectProblem(await send('POST', recruiter, `/roles/${role.id}/steps`, { name: 'Another', kind: 'interview', briefing: 'x' }), 409);
  });

  it('creates from an inline rubric, refuses an unknown template, and replays with an Idempotency-Key', async () => {
    const rubric = { ...templates.get('designer')!, role: { title: 'Inline designer', hiringStatement: 'Inline.' } };
    expect((await send('POST', recruiter, '/roles/from-rubric', { rubric })).statusCode).toBe(201);
    const broken = { ...rubric, criteria: [{ ...rubric.criteria[0], anchors: ['only one'] }, ...rubric.criteria.slice(1)] };
    const invalid = expectProblem(await send('POST', recruiter, '/roles/from-rubric', { rubric: broken }), 400);
    expect(JSON.stringify(invalid.errors)).toContain('criteria');
    expectProblem(await send('POST', recruiter, '/roles/from-rubric', { template: 'astronaut' }), 422);
    const headers = { ...recruiter.auth, 'idempotency-key': 'role-create-1' };
    const first = await ctx.app.inject({ method: 'POST', url: '/roles', headers, payload: { title: 'Idempotent role' } });
    const again = await ctx.app.inject({ method: 'POST', url: '/roles', headers, payload: { title: 'Idempotent role' } });
    expect(again.json().id).toBe(first.json().id);
  });

  it('names the file, the path inside it and the problem when a template is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubrics-'));
    try {
      writeFileSync(join(dir, 'broken.yaml'), 'role:\n  title: X\n  hiringStatement: Y\nsuccessMetrics: []\ncriteria: []\nplan: []\n');
      expect(() => loadTemplates(dir)).toThrow(/broken\.yaml:\n\s+successMetrics: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
