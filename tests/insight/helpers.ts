// Shared set-ups for the insight page tests: a hand-computed funnel, a deliberately lenient
// interviewer, a candidate with a link, and form posts with a session.
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { stageEvents } from '../../src/db/schema.js';
import type { StaffMember, TestContext, TestOrg } from '../helpers/app.js';
import { sessionFor, type TestSession } from '../helpers/browser-session.js';
import { hoursAgo, seedOpenRole, type SeededRole } from '../helpers/fixtures.js';

export const post = (ctx: TestContext, who: StaffMember, url: string, payload?: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, ...(payload ? { payload } : {}) });

/** A urlencoded form post with the session's cookie and its CSRF field, as a browser sends it. */
export function postForm(ctx: TestContext, session: TestSession | undefined, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  if (session) body.append('_csrf', session.csrfToken);
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return ctx.app.inject({ method: 'POST', url, headers: { ...(session?.headers ?? {}), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: body.toString() });
}

export const getPage = (ctx: TestContext, session: TestSession, url: string) => ctx.app.inject({ method: 'GET', url, headers: { ...session.headers, accept: 'text/html' } });

/**
 * The funnel of tests/analytics/funnel.test.ts: five applications. Screen: entered 5, passed 3,
 * rejected 1, withdrawn 0. Interview: entered 2, passed 1. Work sample: entered 2, passed 1, withdrawn 1.
 */
export async function seedFunnel(ctx: TestContext, org: TestOrg, recruiter: StaffMember): Promise<SeededRole> {
  const [a, b, c] = await Promise.all([org.addUser(['interviewer']), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
  const role = await seedOpenRole(ctx, org, { a, b, c });
  const apply = async (name: string) => {
    const candidate = (await post(ctx, recruiter, '/candidates', { name, email: `${name.toLowerCase()}.${Math.random().toString(36).slice(2)}@funnel.test` })).json();
    return (await post(ctx, recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json().id as string;
  };
  const { screen, interview, workSample } = role.steps;
  const advance = (id: string, stepId: string) => post(ctx, recruiter, `/applications/${id}/advance`, { stepId });
  const a1 = await apply('Aaron');
  await advance(a1, interview);
  await advance(a1, workSample);
  await post(ctx, role.decisionOwner, `/applications/${a1}/decision`, { decision: 'hire', rationale: 'Strong evidence.', criterionIds: [role.criteria.discovery] });
  const a2 = await apply('Bea');
  await post(ctx, recruiter, `/applications/${a2}/reject`, { reason: 'Chose others' });
  const a3 = await apply('Cal');
  await advance(a3, workSample);
  await post(ctx, recruiter, `/applications/${a3}/withdraw`, {});
  const a4 = await apply('Dee');
  await advance(a4, interview);
  await advance(a4, screen);
  await advance(a4, interview);
  await apply('Eve');
  const t0 = new Date('2026-06-01T00:00:00Z');
  const hours: [string, number[]][] = [[a1, [0, 10, 15, 25]], [a2, [0, 20]], [a3, [0, 30, 32]], [a4, [0, 40, 41, 91]]];
  for (const [id, offsets] of hours) {
    const events = await ctx.database.db.select().from(stageEvents).where(eq(stageEvents.applicationId, id)).orderBy(asc(stageEvents.at), asc(stageEvents.id));
    expect(events).toHaveLength(offsets.length);
    for (const [i, event] of events.entries()) await ctx.database.db.update(stageEvents).set({ at: new Date(t0.getTime() + offsets[i]! * 3_600_000) }).where(eq(stageEvents.id, event.id));
  }
  return role;
}

/** A product-manager role where `lenient` always rates above the two co-panelists. */
export async function seedLenientPanel(ctx: TestContext, org: TestOrg, recruiter: StaffMember) {
  const [owner, lenient, b, c] = await Promise.all([org.addUser(['interviewer'], 'Owner'), org.addUser(['interviewer'], 'Lenient <img src=x onerror=alert(1)>'), org.addUser(['interviewer'], 'Bo'), org.addUser(['interviewer'], 'Cy')]);
  const role = (
    await post(ctx, recruiter, '/roles/from-rubric', {
      template: 'product-manager',
      decisionOwnerId: owner.userId,
      interviewers: { 'Recruiter screen': [b.userId], 'Discovery deep dive': [lenient.userId, b.userId, c.userId], 'Prioritization work sample': [c.userId], 'Working session with the trio': [b.userId] },
    })
  ).json() as { id: string; criteria: { id: string; name: string }[]; steps: { id: string; name: string }[] };
  await post(ctx, recruiter, `/roles/${role.id}/open`);
  const deepDive = role.steps.find((s) => s.name === 'Discovery deep dive')!.id;
  const discovery = role.criteria.find((x) => x.name === 'Discovery habits')!.id;
  const outcome = role.criteria.find((x) => x.name === 'Outcome orientation')!.id;
  for (let i = 0; i < 8; i++) {
    const candidate = (await post(ctx, recruiter, '/candidates', { name: `Cal ${i}`, email: `cal${i}.${Math.random().toString(36).slice(2)}@c.test` })).json();
    const application = (await post(ctx, recruiter, '/applications', { candidateId: candidate.id, roleId: role.id })).json();
    const interview = (await post(ctx, recruiter, `/applications/${application.id}/interviews`, { stepId: deepDive, interviewerIds: [lenient.userId, b.userId, c.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
    const card = (rating: number) => ({ ratings: [{ criterionId: discovery, rating, evidence: 'Example given.' }, { criterionId: outcome, rating, evidence: 'Metric named.' }] });
    for (const [who, rating] of [[lenient, i % 3 === 0 ? 3 : 4], [b, 2 + (i % 2)], [c, 2 + ((i + 1) % 3 === 0 ? 1 : 0)]] as const) {
      const response = await post(ctx, who, `/interviews/${interview.id}/scorecard/submit`, card(rating));
      expect(response.statusCode, response.body).toBe(200);
    }
  }
  return { role, owner, lenient, b, c, discovery };
}

/** A candidate with an application on `roleId` and a live link. */
export async function seedCandidateLink(ctx: TestContext, recruiter: StaffMember, roleId: string, name = 'Casey Candidate') {
  const candidate = (await post(ctx, recruiter, '/candidates', { name, email: `casey.${Math.random().toString(36).slice(2)}@c.test` })).json();
  const application = (await post(ctx, recruiter, '/applications', { candidateId: candidate.id, roleId })).json();
  const link = (await post(ctx, recruiter, `/applications/${application.id}/candidate-link`, { expiresInDays: 7 })).json() as { linkId: string; url: string; token: string; expiresAt: string };
  return { candidateId: candidate.id as string, applicationId: application.id as string, link };
}

export { sessionFor };

/** The text of a table row whose header cell is `label` (tags stripped), for golden checks. */
export function rowCells(page: string, label: string): string[] {
  const rows = page.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? [];
  const row = rows.find((r) => r.includes(`<th scope="row">${label}`));
  if (!row) return [];
  return (row.match(/<t[hd][^>]*>[\s\S]*?<\/t[hd]>/g) ?? []).map((cell) => cell.replace(/<[^>]+>/g, '').trim());
}
