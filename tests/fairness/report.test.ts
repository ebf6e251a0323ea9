// A hand-computed adverse-impact report: 31 self-identified candidates through a three-step plan.
//
//              screen           interview         work sample (→ hired)   whole process
//   Female     12 → 12 (1)      12 → 6 (.5)       6 → 6 (1)              12 → 6 (.5)
//   Male       12 → 11 (.917)   11 → 8 (.727)     8 → 7 (.875)           12 → 7 (.583)
//   Another     3 → 1           1 → 0             —                      3 → 0        (fewer than 5: suppressed)
//   not answ.   4 → 4           4 → 2             2 → 2                  4 → 2        (2 prefer not to say, 2 no answer)
//
// Women pass the interview at .5 / (8/11) = .6875 of the men's rate: below four-fifths there,
// and only there (whole process 6/7 = .857).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type StaffMember, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';
import { applyWithLink, asCandidate, questionsByLabel, type Applicant } from './helpers.js';

type Path = 'rejectAtScreen' | 'rejectAtInterview' | 'rejectAtWorkSample' | 'hired';
interface Person extends Applicant {
  group: 'F' | 'M' | 'A' | 'pnts' | 'none';
}

describe('adverse-impact report, computed by hand', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof openRoleCast>>;
  let compliance: StaffMember;
  let sex: Awaited<ReturnType<typeof questionsByLabel>>['question'] extends (l: string) => infer Q ? Q : never;
  const people: Person[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await openRoleCast(ctx);
    compliance = await cast.org.addUser(['compliance']);
    const { question } = await questionsByLabel(ctx, cast.org.admin);
    sex = question('Sex');
    const { recruiter, role } = cast;
    const post = (who: StaffMember, url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: who.auth, payload });
    const plan: [Person['group'], Path, number][] = [
      ['F', 'rejectAtInterview', 6], ['F', 'hired', 6],
      ['M', 'rejectAtScreen', 1], ['M', 'rejectAtInterview', 3], ['M', 'rejectAtWorkSample', 1], ['M', 'hired', 7],
      ['A', 'rejectAtScreen', 2], ['A', 'rejectAtInterview', 1],
      ['pnts', 'rejectAtInterview', 1], ['pnts', 'hired', 1], ['none', 'rejectAtInterview', 1], ['none', 'hired', 1],
    ];
    const category = { F: sex.category('Female'), M: sex.category('Male'), A: sex.category('Another') };
    for (const [group, path, n] of plan) {
      for (let i = 0; i < n; i++) {
        const person: Person = { ...(await applyWithLink(ctx, recruiter, role.roleId, `${group} ${path} ${i}`)), group };
        people.push(person);
        if (group !== 'none') {
          const answers = [{ questionId: sex.id, categoryId: group === 'pnts' ? null : category[group] }];
          const put = await asCandidate(ctx, person, 'PUT', '/candidate/self-identification', { answers });
          expect(put.statusCode, put.body).toBe(200);
        }
        const id = person.applicationId;
        const advance = (stepId: string) => post(recruiter, `/applications/${id}/advance`, { stepId });
        const reject = async () => expect((await post(recruiter, `/applications/${id}/reject`, { reason: 'Not this time' })).statusCode).toBe(200);
        if (path === 'rejectAtScreen') { await reject(); continue; }
        await advance(role.steps.interview);
        if (path === 'rejectAtInterview') { await reject(); continue; }
        await advance(role.steps.workSample);
        if (path === 'rejectAtWorkSample') { await reject(); continue; }
        const hire = await post(role.decisionOwner, `/applications/${id}/decision`, { decision: 'hire', rationale: 'Evidence on discovery.', criterionIds: [role.criteria.discovery] });
        expect(hire.statusCode, hire.body).toBe(201);
      }
    }
  });
  afterAll(() => ctx.close());

  const report = async (who: StaffMember, query = '') => {
    const response = await ctx.app.inject({ url: `/analytics/adverse-impact?roleId=${cast.role.roleId}${query}`, headers: who.auth });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const stagesOf = (body: { questions: { questionId: string; stages: unknown[] }[] }, questionId: string) =>
    body.questions.find((q) => q.questionId === questionId)!.stages as { stepId: string | null; name: string; notAnswered: number; categories: Record<string, unknown>[] }[];
  const suppressed = (categoryId: string, label: string) => ({
    categoryId, label, suppressed: true, entered: null, passed: null, rate: null, impactRatio: null, belowFourFifths: null, fisherP: null, reference: false, warning: null,
  });

  it('gives every figure of every stage as computed by hand', async () => {
    const body = await report(compliance);
    expect(body.roleId).toBe(cast.role.roleId);
    expect(body.questions.map((q: { label: string }) => q.label)).toEqual(['Sex', 'Race/ethnicity']);
    const [screen, interview, workSample, whole] = stagesOf(body, sex.id);
    expect([screen, interview, workSample, whole].map((s) => [s!.stepId, s!.name])).toEqual([
      [cast.role.steps.screen, 'Recruiter screen'],
      [cast.role.steps.interview, 'Discovery interview'],
      [cast.role.steps.workSample, 'Work sample'],
      [null, 'Whole process'],
    ]);
    const F = sex.category('Female');
    const M = sex.category('Male');
    const A = sex.category('Another');
    const row = (stage: typeof screen, id: string) => stage!.categories.find((c) => c.categoryId === id)!;

    // Screen: women 12/12 are the reference; men 11/12 = .9167 (5·11·12 = 660 ≥ 4·12·12 = 576).
    // Fisher: the only tables with these margins put the one failure in either row, equally likely: p = 1.
    // Expected failures 12·1/24 = .5 < 5: warned.
    expect(screen!.notAnswered).toBe(4);
    expect(row(screen, F)).toEqual({ categoryId: F, label: 'Female', suppressed: false, entered: 12, passed: 12, rate: 1, impactRatio: 1, belowFourFifths: false, fisherP: null, reference: true, warning: null });
    expect(row(screen, M)).toMatchObject({ entered: 12, passed: 11, belowFourFifths: false, reference: false, suppressed: false });
    expect(row(screen, M).rate).toBeCloseTo(11 / 12, 12);
    expect(row(screen, M).impactRatio).toBeCloseTo(11 / 12, 12);
    expect(row(screen, M).fisherP).toBeCloseTo(1, 12);
    expect(row(screen, M).warning).toMatch(/0\.50, below 5/);
    expect(row(screen, A)).toEqual(suppressed(A, 'Another'));

    // Interview: men 8/11 are the reference; women 6/12 = .5, ratio .5 · 11/8 = .6875, and
    // 5·6·11 = 330 < 4·8·12 = 384: below four-fifths.
    // Fisher, margins: women 12, men 11; passed 14, failed 9; P(x) = C(14,x)·C(9,12−x)/C(23,12), C(23,12) = 1,352,078.
    // Terms x = 3…12: 364, 9009, 72072, 252252 (observed, x = 6), 432432, 378378, 168168, 36036, 3276, 91.
    // No more likely than 252252: all but 432432 and 378378, summing to 541,268.
    // Expected counts 12·14/23 = 7.30, 12·9/23 = 4.70, 11·14/23 = 6.70, 11·9/23 = 4.30: the smallest is warned of.
    expect(interview!.notAnswered).toBe(4);
    expect(row(interview, M)).toMatchObject({ entered: 11, passed: 8, impactRatio: 1, belowFourFifths: false, fisherP: null, reference: true, warning: null });
    expect(row(interview, M).rate).toBeCloseTo(8 / 11, 12);
    expect(row(interview, F)).toMatchObject({ entered: 12, passed: 6, rate: 0.5, belowFourFifths: true, reference: false });
    expect(row(interview, F).impactRatio).toBeCloseTo(0.6875, 12);
    expect(row(interview, F).fisherP).toBeCloseTo(541268 / 1352078, 12);
    expect(row(interview, F).warning).toMatch(/ 4\.30, below 5/);
    expect(row(interview, A)).toEqual(suppressed(A, 'Another'));

    // Work sample: women 6/6 the reference; men 7/8 = .875 (5·7·6 = 210 ≥ 4·6·8 = 192).
    // Fisher: terms C(13,7) = 1716 (observed) and C(13,8) = 1287: both count, p = 1.
    expect(workSample!.notAnswered).toBe(2);
    expect(row(workSample, F)).toMatchObject({ entered: 6, passed: 6, rate: 1, reference: true });
    expect(row(workSample, M)).toMatchObject({ entered: 8, passed: 7, rate: 0.875, impactRatio: 0.875, belowFourFifths: false, reference: false });
    expect(row(workSample, M).fisherP).toBeCloseTo(1, 12);
    expect(row(workSample, A)).toEqual(suppressed(A, 'Another'));

    // Whole process (applied → hired): men 7/12 the reference; women 6/12, ratio 6/7 = .857
    // (5·6·12 = 360 ≥ 4·7·12 = 336): not below. Fisher: the observed table is the most likely
    // one (C(13,6)·C(11,6) = 792,792 of 2,704,156, the largest term), so p = 1.
    // Expected counts 6.5, 5.5, 6.5, 5.5: no warning.
    expect(whole!.notAnswered).toBe(4);
    expect(row(whole, M)).toMatchObject({ entered: 12, passed: 7, reference: true, impactRatio: 1 });
    expect(row(whole, F)).toMatchObject({ entered: 12, passed: 6, rate: 0.5, belowFourFifths: false, reference: false, warning: null });
    expect(row(whole, F).impactRatio).toBeCloseTo(6 / 7, 12);
    expect(row(whole, F).fisherP).toBeCloseTo(1, 12);
    expect(row(whole, A)).toEqual(suppressed(A, 'Another'));
  });

  it('counts everyone as not answered on a question nobody answered, with every category suppressed', async () => {
    const body = await report(cast.org.admin);
    const race = body.questions.find((q: { label: string }) => q.label === 'Race/ethnicity');
    const stages = stagesOf(body, race.questionId);
    expect(stages.map((s) => s.notAnswered)).toEqual([31, 28, 16, 31]);
    for (const stage of stages) {
      expect(stage.categories).toHaveLength(7);
      expect(stage.categories.every((c) => c.suppressed === true && c.entered === null && c.reference === false)).toBe(true);
    }
  });

  it('filters the cohort by application date as the funnel does', async () => {
    const future = encodeURIComponent('2999-01-01T00:00:00Z');
    const empty = await report(compliance, `&from=${future}`);
    for (const stage of stagesOf(empty, sex.id)) {
      expect(stage.notAnswered).toBe(0);
      expect(stage.categories.every((c) => c.suppressed)).toBe(true);
    }
    const past = encodeURIComponent('2000-01-01T00:00:00Z');
    expect(stagesOf(await report(compliance, `&from=${past}&to=${future}`), sex.id)).toEqual(stagesOf(await report(compliance), sex.id));
    expectProblem(await ctx.app.inject({ url: `/analytics/adverse-impact?roleId=${cast.role.roleId}&from=${future}&to=${past}`, headers: compliance.auth }), 400);
    expectProblem(await ctx.app.inject({ url: '/analytics/adverse-impact', headers: compliance.auth }), 400);
    expectProblem(await ctx.app.inject({ url: `/analytics/adverse-impact?roleId=${crypto.randomUUID()}`, headers: compliance.auth }), 404);
  });

  it('is for admins and compliance only', async () => {
    const reportUrl = `/analytics/adverse-impact?roleId=${cast.role.roleId}`;
    for (const who of [cast.recruiter, cast.a, cast.role.decisionOwner]) expectProblem(await ctx.app.inject({ url: reportUrl, headers: who.auth }), 403);
    expectProblem(await ctx.app.inject({ url: reportUrl }), 401);
    const other = await openRoleCast(ctx);
    expectProblem(await ctx.app.inject({ url: reportUrl, headers: other.org.admin.auth }), 404);
  });

  it('loses an erased candidate’s answers: the counts move to not answered', async () => {
    const woman = people.find((p) => p.group === 'F')!;
    const erase = await ctx.app.inject({ method: 'POST', url: `/candidates/${woman.candidateId}/erase`, headers: cast.org.admin.auth });
    expect(erase.statusCode, erase.body).toBe(200);
    const [screen, interview] = stagesOf(await report(compliance), sex.id);
    const F = sex.category('Female');
    expect(screen!.notAnswered).toBe(5);
    expect(screen!.categories.find((c) => c.categoryId === F)).toMatchObject({ entered: 11, passed: 11 });
    // This woman was rejected at the interview: 5 of 11 now pass it.
    expect(interview!.notAnswered).toBe(5);
    expect(interview!.categories.find((c) => c.categoryId === F)).toMatchObject({ entered: 11, passed: 6 });
  });
});

describe('adverse-impact counting, as the funnel counts', () => {
  it('counts an application once per step, and as passed when any of its visits passed', async () => {
    const ctx = await createTestApp();
    try {
      const { org, recruiter, role } = await openRoleCast(ctx);
      const sex = (await questionsByLabel(ctx, org.admin)).question('Sex');
      const advance = (id: string, stepId: string) => ctx.app.inject({ method: 'POST', url: `/applications/${id}/advance`, headers: recruiter.auth, payload: { stepId } });
      // Five women go back from the interview to the screen, then through the interview to the work sample, where they are rejected.
      for (let i = 0; i < 5; i++) {
        const person = await applyWithLink(ctx, recruiter, role.roleId, `Back and forth ${i}`);
        await asCandidate(ctx, person, 'PUT', '/candidate/self-identification', { answers: [{ questionId: sex.id, categoryId: sex.category('Female') }] });
        for (const stepId of [role.steps.interview, role.steps.screen, role.steps.interview, role.steps.workSample]) expect((await advance(person.applicationId, stepId)).statusCode).toBe(200);
        await ctx.app.inject({ method: 'POST', url: `/applications/${person.applicationId}/reject`, headers: recruiter.auth, payload: { reason: 'No' } });
      }
      const body = (await ctx.app.inject({ url: `/analytics/adverse-impact?roleId=${role.roleId}`, headers: org.admin.auth })).json();
      const stages = body.questions[0].stages as { categories: { categoryId: string; entered: number; passed: number }[] }[];
      const women = stages.map((s) => s.categories.find((c) => c.categoryId === sex.category('Female'))!).map((c) => [c.entered, c.passed]);
      expect(women).toEqual([[5, 5], [5, 5], [5, 0], [5, 0]]);
    } finally {
      await ctx.close();
    }
  });
});
