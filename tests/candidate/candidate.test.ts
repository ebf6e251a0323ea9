import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSigner } from '../../src/candidate/links.js';
import { candidateLinks, scorecardRatings, stageEvents } from '../../src/db/schema.js';
import { createOrg, createTestApp, expectProblem, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { hoursAgo, seedOpenRole, type SeededRole } from '../helpers/fixtures.js';

const MARKERS = {
  name: 'Zelda Markerova',
  email: 'zelda.markerova@marker.test',
  evidence: 'EVIDENCE-MARKER-4711',
  notes: 'NOTES-MARKER-0815',
  rationale: 'RATIONALE-MARKER-2024',
  rejection: 'REJECTION-MARKER-9',
  interviewer: 'INTERVIEWER-MARKER-Ivo',
};

const ALLOWED_KEYS = new Set([
  'role', 'title', 'level', 'team', 'whoWeAreHiring', 'scale', 'label', 'successMetrics', 'name', 'description', 'howMeasured', 'target', 'horizonDays',
  'criteria', 'mustHave', 'bar', 'anchors', 'text', 'servesMetrics', 'steps', 'kind', 'evaluates', 'decision', 'decisionOwner', 'how', 'yourStage',
]);
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { into.add(k); keysOf(v, into); }
  return into;
}

describe('candidate transparency and data rights', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember, a: StaffMember, b: StaffMember, c: StaffMember;
  let role: SeededRole;
  let candidateId: string, applicationId: string, otherApplicationId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
    recruiter = await org.addUser(['recruiter']);
    [a, b, c] = await Promise.all([org.addUser(['interviewer'], MARKERS.interviewer), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
    role = await seedOpenRole(ctx, org, { a, b, c });
    const post = (who: StaffMember, url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, payload });
    const candidate = (await post(recruiter, '/candidates', { name: MARKERS.name, email: MARKERS.email, phone: '+49 30 1234567', notes: MARKERS.notes })).json();
    candidateId = candidate.id;
    applicationId = (await post(recruiter, '/applications', { candidateId, roleId: role.roleId })).json().id;
    const interview = (await post(recruiter, `/applications/${applicationId}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
    await post(a, `/interviews/${interview.id}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: MARKERS.evidence }], recommendation: 'yes', notes: MARKERS.notes });
    await post(role.decisionOwner, `/applications/${applicationId}/decision`, { decision: 'no_hire', rationale: MARKERS.rationale, criterionIds: [role.criteria.discovery] });
    const other = (await post(recruiter, '/candidates', { name: 'Other Person', email: 'other@marker.test' })).json();
    otherApplicationId = (await post(recruiter, '/applications', { candidateId: other.id, roleId: role.roleId })).json().id;
  });
  afterAll(() => ctx.close());

  const link = async (applicationIdToLink = applicationId) => {
    const response = await ctx.app.inject({ method: 'POST', url: `/applications/${applicationIdToLink}/candidate-link`, headers: recruiter.auth, payload: { expiresInDays: 7 } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { linkId: string; url: string; token: string; expiresAt: string };
  };
  const asCandidate = (token: string, url = '/candidate/rubric', headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });

  it('lets the candidate read the rubric as JSON and as a page, and nothing else', async () => {
    const { token, url } = await link();
    expect(url).toContain('/candidate/rubric?token=');
    const json = await asCandidate(token);
    expect(json.statusCode, json.body).toBe(200);
    const rubric = json.json();
    expect(rubric.role.title).toBe('Product Manager');
    expect(rubric.criteria.find((x: { name: string }) => x.name === 'Discovery habits').anchors).toHaveLength(4);
    expect(rubric.steps.find((s: { name: string }) => s.name === 'Discovery interview').evaluates).toEqual(expect.arrayContaining(['Discovery habits']));
    expect(rubric.decision.decisionOwner).toBe('Decision Owner');
    expect([...keysOf(rubric)].filter((k) => !ALLOWED_KEYS.has(k) && !/^\d+$/.test(k))).toEqual([]);

    const page = await ctx.app.inject({ method: 'GET', url: new URL(url).pathname + new URL(url).search, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page.body).toContain('<h1>Product Manager</h1>');
    expect(page.body).not.toMatch(/<script|src=|href="http/);
    expect(page.headers['content-security-policy']).toBeTruthy();
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    for (const body of [json.body, page.body]) {
      for (const marker of [MARKERS.evidence, MARKERS.notes, MARKERS.rationale, MARKERS.interviewer, 'Other Person', b.sub, c.sub]) expect(body).not.toContain(marker);
    }
  });

  it('refuses revoked, expired, tampered, wrong-application and staff tokens', async () => {
    const revoked = await link();
    expect((await ctx.app.inject({ method: 'DELETE', url: `/applications/${applicationId}/candidate-link/${revoked.linkId}`, headers: recruiter.auth })).statusCode).toBe(204);
    expectProblem(await asCandidate(revoked.token), 401);

    const expired = await link();
    await ctx.database.db.update(candidateLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(candidateLinks.id, expired.linkId));
    expectProblem(await asCandidate(expired.token), 401);
    const signedExpired = linkSigner(ctx.config)({ orgId: org.orgId, applicationId, candidateId, linkId: (await link()).linkId }, new Date(Date.now() - 60_000));
    expectProblem(await asCandidate(signedExpired), 401);

    const good = await link();
    const [h, p, s] = good.token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), app: otherApplicationId })).toString('base64url')}.${s}`;
    expectProblem(await asCandidate(tampered), 401);
    // Correctly signed, but the link was issued for another application.
    const crossed = linkSigner(ctx.config)({ orgId: org.orgId, applicationId: otherApplicationId, candidateId, linkId: good.linkId }, new Date(Date.now() + 3_600_000));
    expectProblem(await asCandidate(crossed), 401);

    expectProblem(await asCandidate(recruiter.token), 401);
    expectProblem(await asCandidate('garbage'), 401);
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/candidate/rubric' }), 401);
    // And a candidate token is no staff token.
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${good.token}` } }), 401);
    expectProblem(await ctx.app.inject({ method: 'GET', url: `/applications/${applicationId}`, headers: { authorization: `Bearer ${good.token}` } }), 401);
  });

  it('gives the candidate their data and records an erasure request an admin sees', async () => {
    const { token } = await link();
    const data = (await asCandidate(token, '/candidate/data')).json();
    expect(data.candidate).toMatchObject({ name: MARKERS.name, email: MARKERS.email });
    expect(data.applications[0]).toMatchObject({ applicationId, role: 'Product Manager', status: 'rejected' });
    expect(JSON.stringify(data)).not.toContain(MARKERS.evidence);
    const requested = await ctx.app.inject({ method: 'POST', url: '/candidate/erasure-request', headers: { authorization: `Bearer ${token}` } });
    expect(requested.statusCode).toBe(202);
    const pending = (await ctx.app.inject({ url: '/erasure-requests', headers: org.admin.auth })).json();
    expect(pending.items.map((i: { candidateId: string }) => i.candidateId)).toContain(candidateId);
    expectProblem(await ctx.app.inject({ url: '/erasure-requests', headers: recruiter.auth }), 403);
  });

  it('erases every trace of personal data while funnel events and numeric ratings stay', async () => {
    const { token } = await link();
    const eventsBefore = (await ctx.database.db.select({ n: count() }).from(stageEvents).where(eq(stageEvents.applicationId, applicationId)))[0]!.n;
    const ratingsBefore = await ctx.database.db.select({ rating: scorecardRatings.rating }).from(scorecardRatings).where(eq(scorecardRatings.criterionId, role.criteria.discovery));

    expectProblem(await ctx.app.inject({ method: 'POST', url: `/candidates/${candidateId}/erase`, headers: recruiter.auth }), 403);
    const erased = await ctx.app.inject({ method: 'POST', url: `/candidates/${candidateId}/erase`, headers: org.admin.auth });
    expect(erased.statusCode, erased.body).toBe(200);
    expectProblem(await asCandidate(token), 401);

    // Every text, varchar and jsonb column of every table, searched for every marker.
    const columns = (await ctx.database.db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'ARRAY')`)) as unknown as { rows: { table_name: string; column_name: string }[] };
    expect(columns.rows.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const { table_name, column_name } of columns.rows) {
      for (const marker of [MARKERS.name, MARKERS.email, MARKERS.evidence, MARKERS.notes, MARKERS.rationale, MARKERS.rejection, '+49 30 1234567']) {
        const found = (await ctx.database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text like ${`%${marker}%`}`)) as unknown as { rows: { n: number }[] };
        if (found.rows[0]!.n > 0) leaks.push(`${table_name}.${column_name} holds ${marker}`);
      }
    }
    expect(leaks).toEqual([]);

    const eventsAfter = (await ctx.database.db.select({ n: count() }).from(stageEvents).where(eq(stageEvents.applicationId, applicationId)))[0]!.n;
    expect(eventsAfter).toBe(eventsBefore);
    const ratingsAfter = await ctx.database.db.select({ rating: scorecardRatings.rating }).from(scorecardRatings).where(eq(scorecardRatings.criterionId, role.criteria.discovery));
    expect(ratingsAfter).toEqual(ratingsBefore);
    const audit = (await ctx.app.inject({ url: `/audit?entity=candidate&entityId=${candidateId}`, headers: org.admin.auth })).json();
    expect(audit.items[0]).toMatchObject({ action: 'candidate.erase' });
    expectProblem(await ctx.app.inject({ method: 'POST', url: `/candidates/${candidateId}/erase`, headers: org.admin.auth }), 409);
  });

  it('rate-limits the candidate routes', async () => {
    // Earlier tests in this file share the budget of this loopback client: at most 60 a minute.
    const responses = [];
    for (let i = 0; i < 61; i++) responses.push(await asCandidate('not-a-token'));
    const statuses = responses.map((r) => r.statusCode);
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThanOrEqual(0);
    expect(statuses.slice(0, firstLimited).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);
    expectProblem(responses[firstLimited]!, 429);
  });
});
