import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createTestApp, expectProblem, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import { hoursAgo } from '../helpers/fixtures.js';

describe('role and interviewer calibration over HTTP', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember, owner: StaffMember, lenient: StaffMember, b: StaffMember, c: StaffMember;
  let role: { id: string; criteria: { id: string; name: string }[]; steps: { id: string; name: string }[] };

  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
    recruiter = await org.addUser(['recruiter']);
    [owner, lenient, b, c] = await Promise.all([org.addUser(['interviewer']), org.addUser(['interviewer'], 'Lenient'), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
    const send = (who: StaffMember, url: string, payload?: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, ...(payload ? { payload } : {}) });
    role = (
      await send(recruiter, '/roles/from-rubric', {
        template: 'product-manager',
        decisionOwnerId: owner.userId,
        interviewers: { 'Recruiter screen': [b.userId], 'Discovery deep dive': [lenient.userId, b.userId, c.userId], 'Prioritization work sample': [c.userId], 'Working session with the trio': [b.userId] },
      })
    ).json();
    await send(recruiter, `/roles/${role.id}/open`);
    const deepDive = role.steps.find((s) => s.name === 'Discovery deep dive')!.id;
    const discovery = role.criteria.find((x) => x.name === 'Discovery habits')!.id;
    const outcome = role.criteria.find((x) => x.name === 'Outcome orientation')!.id;
    // Eight applications: b and c disagree a little; the lenient interviewer is always above both.
    for (let i = 0; i < 8; i++) {
      const candidate = (await send(recruiter, '/candidates', { name: `Cal ${i}`, email: `cal${i}.${Math.random().toString(36).slice(2)}@c.test` })).json();
      const application = (await send(recruiter, '/applications', { candidateId: candidate.id, roleId: role.id })).json();
      const interview = (await send(recruiter, `/applications/${application.id}/interviews`, { stepId: deepDive, interviewerIds: [lenient.userId, b.userId, c.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
      const bRating = 2 + (i % 2);
      const cRating = 2 + ((i + 1) % 3 === 0 ? 1 : 0);
      const lenientRating = i % 3 === 0 ? 3 : 4;
      const card = (rating: number) => ({ ratings: [{ criterionId: discovery, rating, evidence: 'Example given.' }, { criterionId: outcome, rating, evidence: 'Metric named.' }] });
      for (const [who, rating] of [[lenient, lenientRating], [b, bRating], [c, cRating]] as const) {
        const response = await send(who, `/interviews/${interview.id}/scorecard/submit`, card(rating));
        expect(response.statusCode, response.body).toBe(200);
      }
    }
  });
  afterAll(() => ctx.close());

  const get = (who: StaffMember, url: string) => ctx.app.inject({ method: 'GET', url, headers: who.auth });

  it('names the lenient interviewer with a 95% interval that excludes zero', async () => {
    const response = await get(owner, `/roles/${role.id}/calibration`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    const byId = Object.fromEntries(report.interviewers.map((i: { userId: string }) => [i.userId, i]));
    expect(byId[lenient.userId].n).toBe(16);
    expect(byId[lenient.userId].leniency.mean).toBeGreaterThan(0.8);
    expect(byId[lenient.userId].leniency.low).toBeGreaterThan(0);
    expect(byId[lenient.userId].leniency.shrunk).toBeGreaterThan(0);
    expect(byId[lenient.userId].leniency.shrunk).toBeLessThanOrEqual(byId[lenient.userId].leniency.mean);
    expect(byId[b.userId].leniency.mean).toBeLessThan(0);
    expect(byId[lenient.userId].focusAdherence).toBe(1);

    const discovery = report.criteria.find((x: { name: string }) => x.name === 'Discovery habits');
    expect(discovery).toMatchObject({ units: 8, ratings: 24, iccPanel: { units: 8, raters: 3 } });
    expect(discovery.icc.icc21).not.toBeNull();
    expect(discovery.alpha.interval).not.toBeNull();
    expect(discovery.predictiveValidity).toMatchObject({ rho: null, n: 0, warning: expect.stringMatching(/Too few hires/) });
    // A criterion nobody rated: every value null, each with its reason.
    const unrated = report.criteria.find((x: { name: string }) => x.name === 'Stakeholder management');
    expect(unrated.icc.icc21).toBeNull();
    expect(unrated.iccReasons.icc21).toBeTruthy();
    expect(unrated.alphaReasons.ordinal).toBeTruthy();
    expect(response.body).not.toContain('NaN');
  });

  it('feeds the shrunk offsets into the synthesis as leniency-adjusted means', async () => {
    // With the whole panel rating, offsets cancel out; they matter when only part of it rates:
    // here the lenient interviewer and b alone.
    const send = (who: StaffMember, url: string, payload?: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, ...(payload ? { payload } : {}) });
    const candidate = (await send(recruiter, '/candidates', { name: 'Pair', email: `pair.${Math.random().toString(36).slice(2)}@c.test` })).json();
    const application = (await send(recruiter, '/applications', { candidateId: candidate.id, roleId: role.id })).json();
    const deepDive = role.steps.find((s) => s.name === 'Discovery deep dive')!.id;
    const discoveryId = role.criteria.find((x) => x.name === 'Discovery habits')!.id;
    const interview = (await send(recruiter, `/applications/${application.id}/interviews`, { stepId: deepDive, interviewerIds: [lenient.userId, b.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
    for (const who of [lenient, b]) await send(who, `/interviews/${interview.id}/scorecard/submit`, { ratings: [{ criterionId: discoveryId, rating: 3, evidence: 'Example.' }] });
    const synthesis = (await get(owner, `/applications/${application.id}/synthesis`)).json();
    const discovery = synthesis.criteria.find((x: { name: string }) => x.name === 'Discovery habits');
    expect(discovery.adjustment).toBe('leniency');
    expect(discovery.mean).toBe(3);
    // The lenient offset (≈ +1) outweighs b's (≈ −0.5): the adjusted mean drops below the raw one.
    expect(discovery.adjustedMean).toBeLessThan(discovery.mean);
  });

  it('shows an interviewer their own calibration with drift by quarter, and nobody else’s', async () => {
    const mine = await get(lenient, `/interviewers/${lenient.userId}/calibration`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().drift).toHaveLength(1);
    expect(mine.json().drift[0].quarter).toMatch(/^\d{4}-Q[1-4]$/);
    expect(mine.json().leniency.low).toBeGreaterThan(0);
    expectProblem(await get(b, `/interviewers/${lenient.userId}/calibration`), 403);
    expect((await get(recruiter, `/interviewers/${lenient.userId}/calibration`)).statusCode).toBe(200);
    expectProblem(await get(b, `/roles/${role.id}/calibration`), 403);
    expect((await get(recruiter, `/roles/${role.id}/calibration`)).statusCode).toBe(200);
  });
});
