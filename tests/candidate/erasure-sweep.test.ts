// Erasure reaches every copy: a distinct marker goes into every free-text field a candidate's data
// can reach (through their applications, interviews, scorecards, amendments, decisions, outcomes,
// stage reasons, stored idempotent replies and audit payloads). After the erasure no marker is
// left in any text, varchar, array or json column of any table (discovered from the catalogue, so
// a future table is swept too), nor in any answer: replays of every write with its old
// Idempotency-Key, every GET route as every kind of staff, the audit log, both exports with pii=true.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type StaffMember, type TestContext } from '../helpers/app.js';
import { hoursAgo, openRoleCast, seedOpenRole } from '../helpers/fixtures.js';

const P = `zq${Math.random().toString(36).slice(2, 10)}`;
const RUN = crypto.randomUUID();
const m = (field: string) => `${P}-${field}`;

interface Write {
  who: StaffMember;
  method: 'POST' | 'PUT';
  url: string;
  payload?: object;
  key: string;
}

describe('erasure sweep', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof openRoleCast>>;
  const writes: Write[] = [];
  const ids: Record<string, string> = {};
  let linkToken = '';

  // Every write goes through here with its own Idempotency-Key, so each can be replayed later.
  const write = async (who: StaffMember, method: Write['method'], url: string, payload?: object) => {
    const entry: Write = { who, method, url, payload, key: `sweep-${writes.length}-${RUN}` };
    writes.push(entry);
    const response = await ctx.app.inject({ method, url, headers: { ...who.auth, 'idempotency-key': entry.key }, ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await openRoleCast(ctx);
    const { recruiter, a, b, c, role, org } = cast;
    const [role2, role3] = [await seedOpenRole(ctx, org, { a, b, c, decisionOwner: role.decisionOwner }), await seedOpenRole(ctx, org, { a, b, c, decisionOwner: role.decisionOwner })];

    const candidate = await write(recruiter, 'POST', '/candidates', { name: m('name'), email: `${m('email')}@sweep.test`, phone: m('phone'), notes: m('candidate-notes') });
    ids.candidateId = candidate.id;
    const application = await write(recruiter, 'POST', '/applications', { candidateId: candidate.id, roleId: role.roleId });
    ids.applicationId = application.id;
    ids.roleId = role.roleId;
    const interview = await write(recruiter, 'POST', `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: hoursAgo(5), endsAt: hoursAgo(4) });
    ids.interviewId = interview.id;
    const adHoc = await write(recruiter, 'POST', `/applications/${application.id}/interviews`, { adHocName: m('ad-hoc-name'), interviewerIds: [c.userId], startsAt: hoursAgo(4), endsAt: hoursAgo(3) });
    // Scheduled and never submitted: the decision needs an override reason.
    ids.pendingInterviewId = (await write(recruiter, 'POST', `/applications/${application.id}/interviews`, { stepId: role.steps.workSample, interviewerIds: [c.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).id;

    // A saves a draft, then submits it with no body (the reproduction of issue 20).
    await write(a, 'PUT', `/interviews/${interview.id}/scorecard`, {
      ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: m('draft-evidence') }, { criterionId: role.criteria.prioritization, rating: 2, evidence: m('draft-evidence-2') }],
      recommendation: 'yes',
      notes: m('draft-notes'),
    });
    const cardA = await write(a, 'POST', `/interviews/${interview.id}/scorecard/submit`);
    ids.scorecardId = cardA.id;
    await write(b, 'POST', `/interviews/${interview.id}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: m('submit-evidence') }], recommendation: 'yes', notes: m('submit-notes') });
    await write(c, 'POST', `/interviews/${adHoc.id}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.collaboration, rating: 2, evidence: m('ad-hoc-evidence') }], recommendation: 'no', notes: m('ad-hoc-notes') });
    await write(a, 'POST', `/scorecards/${cardA.id}/amendments`, { reason: m('amendment-reason'), ratings: [{ criterionId: role.criteria.prioritization, rating: 3, evidence: m('amended-evidence') }] });
    await write(role.decisionOwner, 'POST', `/applications/${application.id}/decision`, {
      decision: 'hire',
      rationale: m('rationale'),
      criterionIds: [role.criteria.discovery],
      overrideReason: m('override-reason'),
    });
    const metricId = (await ctx.app.inject({ url: `/roles/${role.roleId}/success-metrics`, headers: recruiter.auth })).json().items[0].id;
    ids.metricId = metricId;
    await write(recruiter, 'POST', `/applications/${application.id}/outcomes`, { outcomes: [{ metricId, attainment: 1.1, notes: m('outcome-notes') }] });

    // The same candidate on two more roles: rejected with a reason, and withdrawn with one.
    const second = await write(recruiter, 'POST', '/applications', { candidateId: candidate.id, roleId: role2.roleId });
    await write(recruiter, 'POST', `/applications/${second.id}/advance`, { stepId: role2.steps.interview });
    await write(recruiter, 'POST', `/applications/${second.id}/reject`, { reason: m('rejection-reason') });
    const third = await write(recruiter, 'POST', '/applications', { candidateId: candidate.id, roleId: role3.roleId });
    await write(recruiter, 'POST', `/applications/${third.id}/withdraw`, { reason: m('withdrawal-reason') });

    const link = await write(recruiter, 'POST', `/applications/${application.id}/candidate-link`, { expiresInDays: 7 });
    ids.linkId = link.linkId;
    linkToken = link.token;
    const asked = await ctx.app.inject({ method: 'POST', url: '/candidate/erasure-request', headers: { authorization: `Bearer ${linkToken}` } });
    expect(asked.statusCode).toBe(202);

    // Every marker is really somewhere before the erasure: the sweep below would otherwise prove nothing.
    const before = await columnsHolding(ctx, P);
    for (const where of ['candidates.name', 'candidates.email', 'candidates.phone', 'candidates.notes', 'scorecard_ratings.evidence', 'scorecards.notes', 'scorecard_amendments.reason', 'decisions.rationale', 'decisions.override_reason', 'outcomes.notes', 'applications.rejection_reason', 'stage_events.reason', 'interviews.ad_hoc_name', 'idempotency_keys.response', 'audit_log.after']) {
      expect(before, where).toContain(where);
    }

    const erased = await write(org.admin, 'POST', `/candidates/${candidate.id}/erase`);
    expect(erased.storedReplies).toBeGreaterThanOrEqual(writes.length - 2);
  }, 120_000);
  afterAll(() => ctx.close());

  it('leaves no marker in any text, varchar, array or json column of any table', async () => {
    expect(await columnsHolding(ctx, P)).toEqual([]);
  });

  it('answers every replayed write without the erased reply, and without running it again', async () => {
    for (const entry of writes.slice(0, -1)) {
      const replay = await ctx.app.inject({ method: entry.method, url: entry.url, headers: { ...entry.who.auth, 'idempotency-key': entry.key }, ...(entry.payload ? { payload: entry.payload } : {}) });
      expect(replay.body, `${entry.method} ${entry.url}`).not.toContain(P);
      expect(expectProblem(replay, 410).detail).toMatch(/erased/);
    }
    // The erasure's own reply names no personal data and replays as usual.
    const last = writes[writes.length - 1]!;
    const again = await ctx.app.inject({ method: last.method, url: last.url, headers: { ...last.who.auth, 'idempotency-key': last.key } });
    expect(again.statusCode).toBe(200);
    expect(await columnsHolding(ctx, P)).toEqual([]);
  });

  it('records nothing new about the erased candidate: every write about their applications is 409', async () => {
    const { recruiter, a, c, role } = cast;
    const attempts = [
      await ctx.app.inject({ method: 'PUT', url: `/interviews/${ids.pendingInterviewId}/scorecard`, headers: c.auth, payload: { ratings: [{ criterionId: role.criteria.collaboration, rating: 3, evidence: m('after-erasure') }] } }),
      await ctx.app.inject({ method: 'POST', url: `/scorecards/${ids.scorecardId}/amendments`, headers: a.auth, payload: { reason: m('after-erasure'), ratings: [{ criterionId: role.criteria.discovery, rating: 2, evidence: m('after-erasure') }] } }),
      await ctx.app.inject({ method: 'POST', url: `/applications/${ids.applicationId}/decision`, headers: role.decisionOwner.auth, payload: { decision: 'no_hire', rationale: m('after-erasure'), criterionIds: [role.criteria.discovery], overrideReason: m('after-erasure') } }),
      await ctx.app.inject({ method: 'POST', url: `/applications/${ids.applicationId}/outcomes`, headers: recruiter.auth, payload: { outcomes: [{ metricId: ids.metricId, attainment: 1, notes: m('after-erasure') }] } }),
      await ctx.app.inject({ method: 'POST', url: `/applications/${ids.applicationId}/interviews`, headers: recruiter.auth, payload: { adHocName: m('after-erasure'), interviewerIds: [a.userId], startsAt: hoursAgo(2), endsAt: hoursAgo(1) } }),
      await ctx.app.inject({ method: 'POST', url: `/applications/${ids.applicationId}/candidate-link`, headers: recruiter.auth, payload: {} }),
    ];
    for (const attempt of attempts) expect(expectProblem(attempt, 409).detail).toMatch(/erased/);
    expect(await columnsHolding(ctx, P)).toEqual([]);
  });

  it('shows no marker on any GET route, to any staff member, in the audit log or in either export with pii=true', async () => {
    const { org, recruiter, a, role } = cast;
    const param = (name: string) => ids[name] ?? (name === 'criterionId' ? role.criteria.discovery : name === 'stepId' ? role.steps.interview : name === 'userId' ? a.userId : crypto.randomUUID());
    const urls = ctx.app.registeredRoutes
      .filter((r) => r.documented && r.method === 'GET' && !r.url.startsWith('/docs'))
      .map((r) => r.url.replace(/:(\w+)/g, (_, name: string) => param(name)));
    urls.push(
      `/exports/funnel?format=csv&pii=true&roleId=${role.roleId}`,
      '/exports/funnel?format=ndjson&pii=true',
      `/applications?roleId=${role.roleId}`,
      `/audit?entity=candidate&entityId=${ids.candidateId}`,
      '/audit?limit=200',
    );
    let reached = 0;
    for (const url of urls) {
      for (const who of [org.admin, recruiter, role.decisionOwner, a]) {
        const response = await ctx.app.inject({ url, headers: who.auth });
        if (response.statusCode === 200) reached++;
        expect(response.body, `GET ${url}`).not.toContain(P);
      }
    }
    expect(reached).toBeGreaterThan(60);
    const audit = (await ctx.app.inject({ url: '/audit?limit=200', headers: org.admin.auth })).json();
    expect(audit.items.length).toBeGreaterThan(20);
    expect(audit.nextCursor).toBeNull();
    // The candidate's own routes are closed once erased.
    for (const url of ['/candidate/rubric', '/candidate/data']) expectProblem(await ctx.app.inject({ url, headers: { authorization: `Bearer ${linkToken}` } }), 401);
  });
});

/** "table.column" of every text-like column holding `marker`, found from the catalogue. */
async function columnsHolding(ctx: TestContext, marker: string): Promise<string[]> {
  const result = (await ctx.database.db.execute(
    sql`select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and data_type in ('text', 'character varying', 'character', 'ARRAY', 'json', 'jsonb')`,
  )) as unknown as { rows: { table_name: string; column_name: string }[] };
  expect(result.rows.length).toBeGreaterThan(30);
  const found: string[] = [];
  for (const { table_name, column_name } of result.rows) {
    const hit = (await ctx.database.db.execute(
      sql`select 1 from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ilike ${`%${marker}%`} limit 1`,
    )) as unknown as { rows: unknown[] };
    if (hit.rows.length) found.push(`${table_name}.${column_name}`);
  }
  return found;
}
