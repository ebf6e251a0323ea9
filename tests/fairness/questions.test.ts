import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type StaffMember, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';
import { applyWithLink, asCandidate } from './helpers.js';

interface Item { id: string; label: string; retired: boolean }
interface Question extends Item { categories: Item[] }

describe('self-identification questions', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const getSet = async (who: StaffMember) => {
    const response = await ctx.app.inject({ url: '/fairness/questions', headers: who.auth });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().questions as Question[];
  };
  const putSet = (who: StaffMember, questions: object[]) => ctx.app.inject({ method: 'PUT', url: '/fairness/questions', headers: who.auth, payload: { questions } });
  /** The body that keeps a set as it is. */
  const asBody = (set: Question[]) => set.map((q) => ({ id: q.id, label: q.label, retired: q.retired, categories: q.categories.map((c) => ({ id: c.id, label: c.label, retired: c.retired })) }));

  it('starts every organization with the default set, for admins and compliance', async () => {
    const cast = await openRoleCast(ctx);
    const compliance = await cast.org.addUser(['compliance']);
    const set = await getSet(compliance);
    expect(set.map((q) => [q.label, q.retired, q.categories.map((c) => c.label)])).toEqual([
      ['Sex', false, ['Female', 'Male', 'Another']],
      [
        'Race/ethnicity',
        false,
        ['Hispanic or Latino', 'White', 'Black or African American', 'Native Hawaiian or Other Pacific Islander', 'Asian', 'American Indian or Alaska Native', 'Two or More Races'],
      ],
    ]);
    expect(await getSet(cast.org.admin)).toEqual(set);
    for (const who of [cast.recruiter, cast.a, cast.role.decisionOwner]) expectProblem(await ctx.app.inject({ url: '/fairness/questions', headers: who.auth }), 403);
    expectProblem(await putSet(compliance, asBody(set)), 403);
    expectProblem(await putSet(cast.recruiter, asBody(set)), 403);
  });

  it('relabels, adds, deletes what nobody answered and retires what someone did', async () => {
    const cast = await openRoleCast(ctx);
    const admin = cast.org.admin;
    const [sex, race] = await getSet(admin);
    const female = sex!.categories[0]!;
    const another = sex!.categories[2]!;
    // Two candidates answer: one "Another" on sex, one prefer-not-to-say on race.
    const first = await applyWithLink(ctx, cast.recruiter, cast.role.roleId, 'Quinn');
    const second = await applyWithLink(ctx, cast.recruiter, cast.role.roleId, 'Remy');
    expect((await asCandidate(ctx, first, 'PUT', '/candidate/self-identification', { answers: [{ questionId: sex!.id, categoryId: another.id }] })).statusCode).toBe(200);
    expect((await asCandidate(ctx, second, 'PUT', '/candidate/self-identification', { answers: [{ questionId: race!.id, categoryId: null }] })).statusCode).toBe(200);

    const response = await putSet(admin, [
      // Relabelled, "Male" left out (nobody chose it: deleted), "Another" left out (chosen: retired), one new category.
      { id: sex!.id, label: 'Gender', categories: [{ id: female.id, label: 'Woman' }, { label: 'Man' }, { label: 'Non-binary' }] },
      { label: 'Veteran status', categories: [{ label: 'Protected veteran' }, { label: 'Not a protected veteran' }] },
      // Race/ethnicity left out: someone answered it (even if only "prefer not to say"), so it is retired.
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const set = response.json().questions as Question[];
    expect(set).toEqual(await getSet(admin));
    expect(set.map((q) => [q.label, q.retired])).toEqual([['Gender', false], ['Veteran status', false], ['Race/ethnicity', true]]);
    const gender = set[0]!;
    expect(gender.id).toBe(sex!.id);
    expect(gender.categories.map((c) => [c.label, c.retired])).toEqual([['Woman', false], ['Man', false], ['Non-binary', false], ['Another', true]]);
    expect(gender.categories[0]!.id).toBe(female.id);
    expect(gender.categories[3]!.id).toBe(another.id);
    expect(gender.categories.map((c) => c.id)).not.toContain(sex!.categories[1]!.id);
    for (const q of set) for (const c of q.categories) expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(set[2]!.categories.map((c) => c.id)).toEqual(race!.categories.map((c) => c.id));

    // The answers stay: the candidate still holds "Another", though the form no longer offers it.
    const form = (await asCandidate(ctx, first, 'GET', '/candidate/self-identification')).json();
    expect(form.answers).toEqual([{ questionId: sex!.id, categoryId: another.id }]);
    expect(form.questions.map((q: { label: string }) => q.label)).toEqual(['Gender', 'Veteran status']);
    expect(form.questions[0].categories.map((c: { label: string }) => c.label)).toEqual(['Woman', 'Man', 'Non-binary']);
    // The report keeps the retired category and the retired question.
    const report = (await ctx.app.inject({ url: `/analytics/adverse-impact?roleId=${cast.role.roleId}`, headers: admin.auth })).json();
    expect(report.questions.map((q: { label: string }) => q.label)).toEqual(['Gender', 'Veteran status', 'Race/ethnicity']);
    expect(report.questions[0].stages[0].categories.map((c: { label: string }) => c.label)).toEqual(['Woman', 'Man', 'Non-binary', 'Another']);

    // Listing a retired category again brings it back to the form; retired: true retires explicitly.
    const back = await putSet(admin, [
      { id: gender.id, label: 'Gender', categories: [...gender.categories.slice(0, 3).map((c) => ({ id: c.id, label: c.label })), { id: another.id, label: 'Another gender' }] },
      { id: set[1]!.id, label: 'Veteran status', retired: true, categories: set[1]!.categories.map((c) => ({ id: c.id, label: c.label })) },
      { id: set[2]!.id, label: 'Race/ethnicity', retired: true, categories: set[2]!.categories.map((c) => ({ id: c.id, label: c.label })) },
    ]);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().questions.map((q: Question) => [q.label, q.retired])).toEqual([['Gender', false], ['Veteran status', true], ['Race/ethnicity', true]]);
    expect(back.json().questions[0].categories.map((c: Item) => [c.label, c.retired])).toEqual([['Woman', false], ['Man', false], ['Non-binary', false], ['Another gender', false]]);

    // The audit records the design, never an answer.
    const audit = (await ctx.app.inject({ url: '/audit?entity=fairness_questions', headers: admin.auth })).json();
    expect(audit.items.map((i: { action: string }) => i.action)).toEqual(['fairness_questions.update', 'fairness_questions.update']);
    expect(JSON.stringify(audit)).not.toContain(first.candidateId);
  });

  it('keeps an emptied set empty', async () => {
    const cast = await openRoleCast(ctx);
    const response = await putSet(cast.org.admin, []);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ questions: [] });
    expect(await getSet(cast.org.admin)).toEqual([]);
  });

  it('refuses a set that names unknown ids or would confuse the form, and changes nothing', async () => {
    const cast = await openRoleCast(ctx);
    const admin = cast.org.admin;
    const before = await getSet(admin);
    const [sex, race] = before;
    const cases: [object[], number, RegExp][] = [
      [[{ id: crypto.randomUUID(), label: 'Sex', categories: [{ label: 'A' }] }], 422, /body\.questions\.0\.id/],
      [[{ id: sex!.id, label: 'Sex', categories: [{ id: race!.categories[0]!.id, label: 'A' }] }], 422, /body\.questions\.0\.categories\.0\.id/],
      [[{ label: 'Sex', categories: [{ label: 'A' }] }, { label: ' sex ', categories: [{ label: 'B' }] }], 422, /body\.questions\.1\.label/],
      [[{ label: 'Q', categories: [{ label: 'Yes' }, { label: 'YES' }] }], 422, /body\.questions\.0\.categories\.1\.label/],
      [[{ label: 'Q', categories: [{ label: 'Yes', retired: true }] }], 422, /body\.questions\.0\.categories/],
      [[{ id: sex!.id, label: 'Sex', categories: [{ label: 'A' }] }, { id: sex!.id, label: 'Again', categories: [{ label: 'B' }] }], 422, /appears more than once/],
      [[{ label: 'Q', categories: [] }], 400, /categories/],
      [[{ label: '', categories: [{ label: 'A' }] }], 400, /label/],
      [[{ label: 'Q', categories: [{ label: 'A' }], colour: 'red' }], 400, /colour|Unrecognized/i],
      [[{ label: 'Q\u0000', categories: [{ label: 'A' }] }], 400, /questions\.0\.label.*NUL/],
      [[{ label: 'Q', categories: [{ label: 'A\ud800' }] }], 400, /categories\.0\.label.*surrogate/],
    ];
    for (const [questions, status, pattern] of cases) {
      const problem = expectProblem(await putSet(admin, questions), status);
      expect(JSON.stringify(problem), JSON.stringify(questions)).toMatch(pattern);
    }
    expect(await getSet(admin)).toEqual(before);
  });
});
