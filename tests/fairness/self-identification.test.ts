import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fairnessAnswers } from '../../src/db/schema.js';
import { createTestApp, expectProblem, type TestContext } from '../helpers/app.js';
import { openRoleCast } from '../helpers/fixtures.js';
import { applyWithLink, asCandidate, questionsByLabel } from './helpers.js';

describe('candidate self-identification', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const setup = async () => {
    const cast = await openRoleCast(ctx);
    const me = await applyWithLink(ctx, cast.recruiter, cast.role.roleId, 'Sasha');
    const { question } = await questionsByLabel(ctx, cast.org.admin);
    return { cast, me, sex: question('Sex'), race: question('Race/ethnicity') };
  };
  const storedAnswers = async (candidateId: string) =>
    (await ctx.database.db.select({ n: count() }).from(fairnessAnswers).where(eq(fairnessAnswers.candidateId, candidateId)))[0]!.n;

  it('shows the form, takes answers, prefer-not-to-say and withdrawal, and replaces them each time', async () => {
    const { cast, me, sex, race } = await setup();
    const empty = await asCandidate(ctx, me, 'GET', '/candidate/self-identification');
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.headers['cache-control']).toBe('no-store');
    expect(empty.json()).toMatchObject({ answers: [], note: expect.stringMatching(/voluntary/) });
    expect(empty.json().questions.map((q: { label: string }) => q.label)).toEqual(['Sex', 'Race/ethnicity']);

    const answers = [{ questionId: sex.id, categoryId: sex.category('Female') }, { questionId: race.id, categoryId: null }];
    const put = await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().answers).toEqual(answers);
    expect((await asCandidate(ctx, me, 'GET', '/candidate/self-identification')).json().answers).toEqual(answers);

    // Their own data export carries the answers, in words.
    const export_ = await asCandidate(ctx, me, 'GET', '/candidate/data');
    expect(export_.headers['cache-control']).toBe('no-store');
    const data = export_.json();
    expect(data.selfIdentification).toEqual([
      { question: 'Sex', answer: 'Female', answeredAt: expect.any(String) },
      { question: 'Race/ethnicity', answer: 'Prefer not to say', answeredAt: expect.any(String) },
    ]);

    // A question left out is no longer answered; the answer kept keeps the time it was given.
    const fewer = await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers: [answers[0]] });
    expect(fewer.json().answers).toEqual([answers[0]]);
    const kept = (await asCandidate(ctx, me, 'GET', '/candidate/data')).json().selfIdentification;
    expect(kept).toEqual([data.selfIdentification[0]]);
    // Changing an answer replaces it (one answer per question).
    const changedTo = [{ questionId: sex.id, categoryId: sex.category('Another') }];
    expect((await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers: changedTo })).json().answers).toEqual(changedTo);
    expect(await storedAnswers(me.candidateId)).toBe(1);
    const none = await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers: [] });
    expect(none.json().answers).toEqual([]);
    expect(await storedAnswers(me.candidateId)).toBe(0);

    // The audit says that the answers changed (four times), never what they are; an unchanged PUT is not a change.
    await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers: [] });
    const audit = (await ctx.app.inject({ url: `/audit?entity=candidate&entityId=${me.candidateId}`, headers: cast.org.admin.auth })).json();
    const changes = audit.items.filter((i: { action: string }) => i.action === 'candidate.self_identification_changed');
    expect(changes).toHaveLength(4);
    for (const change of changes) expect([change.before, change.after, change.actorId]).toEqual([null, null, null]);
    const auditText = JSON.stringify(audit);
    for (const id of [sex.category('Female'), sex.id, race.id]) expect(auditText).not.toContain(id);
  });

  it('refuses answers that do not fit the form, changing nothing', async () => {
    const { cast, me, sex, race } = await setup();
    const kept = [{ questionId: sex.id, categoryId: sex.category('Male') }];
    await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers: kept });
    const other = await openRoleCast(ctx);
    const theirs = (await questionsByLabel(ctx, other.org.admin)).question('Sex');
    const cases: [object, number][] = [
      [{ answers: [{ questionId: crypto.randomUUID(), categoryId: null }] }, 422],
      [{ answers: [{ questionId: theirs.id, categoryId: theirs.category('Male') }] }, 422],
      [{ answers: [{ questionId: sex.id, categoryId: race.category('Asian') }] }, 422],
      [{ answers: [{ questionId: sex.id, categoryId: null }, { questionId: sex.id, categoryId: sex.category('Male') }] }, 422],
      [{ answers: [{ questionId: sex.id }] }, 400],
      [{ answers: [{ questionId: sex.id, categoryId: null, note: 'x' }] }, 400],
      [{}, 400],
    ];
    for (const [payload, status] of cases) expectProblem(await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', payload), status);
    expect((await asCandidate(ctx, me, 'GET', '/candidate/self-identification')).json().answers).toEqual(kept);

    // A retired category: a new choice of it is refused, the candidate's own answer can be sent back.
    const set = (await ctx.app.inject({ url: '/fairness/questions', headers: cast.org.admin.auth })).json().questions;
    const body = set.map((q: { id: string; label: string; categories: { id: string; label: string }[] }) => ({
      id: q.id,
      label: q.label,
      categories: q.categories.filter((c) => c.label !== 'Male' && c.label !== 'Female').map((c) => ({ id: c.id, label: c.label })),
    }));
    expect((await ctx.app.inject({ method: 'PUT', url: '/fairness/questions', headers: cast.org.admin.auth, payload: { questions: body } })).statusCode).toBe(200);
    const form = (await asCandidate(ctx, me, 'GET', '/candidate/self-identification')).json();
    expect(form.questions[0].categories.map((c: { label: string }) => c.label)).toEqual(['Another']);
    expect(form.answers).toEqual(kept);
    expect((await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers: kept })).statusCode).toBe(200);
    const newcomer = await applyWithLink(ctx, cast.recruiter, cast.role.roleId, 'Tal');
    expectProblem(await asCandidate(ctx, newcomer, 'PUT', '/candidate/self-identification', { answers: kept }), 422);
    // Female had no answers: deleted, so it is not even a category any more.
    expectProblem(await asCandidate(ctx, newcomer, 'PUT', '/candidate/self-identification', { answers: [{ questionId: sex.id, categoryId: sex.category('Female') }] }), 422);
  });

  it('is for the candidate link only, and erasure removes the answers', async () => {
    const { cast, me, sex } = await setup();
    for (const method of ['GET', 'PUT'] as const) {
      const payload = method === 'PUT' ? { answers: [] } : undefined;
      for (const headers of [{}, cast.org.admin.auth, cast.recruiter.auth]) {
        expectProblem(await ctx.app.inject({ method, url: '/candidate/self-identification', headers, ...(payload ? { payload } : {}) }), 401);
      }
    }
    await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers: [{ questionId: sex.id, categoryId: sex.category('Another') }] });
    expect(await storedAnswers(me.candidateId)).toBe(1);
    const erased = await ctx.app.inject({ method: 'POST', url: `/candidates/${me.candidateId}/erase`, headers: cast.org.admin.auth });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await storedAnswers(me.candidateId)).toBe(0);
    expectProblem(await asCandidate(ctx, me, 'PUT', '/candidate/self-identification', { answers: [{ questionId: sex.id, categoryId: null }] }), 401);
    expect(await storedAnswers(me.candidateId)).toBe(0);
  });
});
