// The first submission in one database round trip (scorecard_submit) against the transactional
// path it stands in for: the same rows, audit entry, outbox message and calibration rows, and
// nothing written whenever it does not apply, leaving the answer to the transactional path.
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, calibrationRatings, candidates, outboxMessages, scorecardRatings, scorecards } from '../../src/db/schema.js';
import type { StaffContext } from '../../src/plugins/auth.js';
import { submitFirstInOneStatement } from '../../src/scorecards/usecases.js';
import { createTestApp, expectProblem, type StaffMember, type TestContext } from '../helpers/app.js';
import { hoursAgo, interviewedCandidate, openRoleCast, type SeededRole } from '../helpers/fixtures.js';

describe('a first submission in one statement', () => {
  let ctx: TestContext;
  let recruiter: StaffMember;
  let a: StaffMember, b: StaffMember, c: StaffMember;
  let role: SeededRole;
  let orgId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    let org;
    ({ org, recruiter, a, b, c, role } = await openRoleCast(ctx));
    orgId = org.orgId;
  });
  afterAll(() => ctx.close());

  const send = (method: 'POST' | 'PUT', who: StaffMember, url: string, payload?: object, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...who.auth, ...headers }, ...(payload ? { payload } : {}) });
  const actor = (who: StaffMember): StaffContext => ({ orgId, userId: who.userId, sub: who.sub, permissions: ['interviewer'], via: 'jwt' });

  const interviewed = () => interviewedCandidate(ctx, recruiter, role, [a, b]);

  // A is assigned discovery and prioritization: collaboration is off-assignment, prioritization not
  // assessed; evidence and notes arrive padded, and the emoji counts two UTF-16 units as in the API.
  const cardA = () => ({
    ratings: [
      { criterionId: role.criteria.discovery, rating: 3, evidence: '  Walked through six customer interviews 👍  ' },
      { criterionId: role.criteria.prioritization, rating: null },
      { criterionId: role.criteria.collaboration, rating: 4, evidence: 'Pairs weekly with the designer.' },
    ],
    recommendation: 'yes' as const,
    notes: '  Solid examples 👍 ',
  });
  const cardB = () => ({
    ratings: [{ criterionId: role.criteria.discovery, rating: 2, evidence: 'Could not name a recent interview.' }],
    recommendation: 'no' as const,
  });

  async function written(applicationId: string) {
    const db = ctx.database.db;
    const cards = await db.select().from(scorecards).where(eq(scorecards.applicationId, applicationId)).orderBy(asc(scorecards.authorId));
    const rows = await Promise.all(
      cards.map(async (card) => ({
        card: { authorId: card.authorId, status: card.status, recommendation: card.recommendation, notes: card.notes, assigned: card.assignedCriteria, assessed: card.assessedCriteria, submitted: card.submittedAt !== null },
        ratings: (await db.select().from(scorecardRatings).where(eq(scorecardRatings.scorecardId, card.id)))
          .map((r) => ({ criterionId: r.criterionId, rating: r.rating, evidence: r.evidence, offAssignment: r.offAssignment, isCurrent: r.isCurrent, amendmentId: r.amendmentId }))
          .sort((x, y) => x.criterionId.localeCompare(y.criterionId)),
        audit: (await db.select({ action: auditLog.action, after: auditLog.after, actorId: auditLog.actorId }).from(auditLog).where(and(eq(auditLog.entity, 'scorecard'), eq(auditLog.entityId, card.id)))),
        events: (await db.select({ kind: outboxMessages.kind, data: outboxMessages.data, status: outboxMessages.status }).from(outboxMessages).where(sql`${outboxMessages.data}->>'scorecardId' = ${card.id}`)).map(
          (m) => ({ ...m, data: { ...(m.data as object), applicationId: 'app', scorecardId: 'card', interviewId: 'interview' } }),
        ),
      })),
    );
    const calibration = (await db.select().from(calibrationRatings).where(eq(calibrationRatings.applicationId, applicationId)))
      .map((r) => ({ criterionId: r.criterionId, interviewerId: r.interviewerId, rating: r.rating, coRaters: r.coRaters, coTotal: r.coTotal, coLevels: r.coLevels, panel: r.panel }))
      .sort((x, y) => `${x.criterionId}${x.interviewerId}`.localeCompare(`${y.criterionId}${y.interviewerId}`));
    return { rows, calibration };
  }

  const withoutIdsAndTimes = (view: Record<string, unknown>) => ({ ...view, id: 'id', interviewId: 'interview', applicationId: 'app', submittedAt: 'at', createdAt: 'at', updatedAt: 'at' });

  it('writes what the transactional path writes, and answers the same', async () => {
    const one = await interviewed();
    const other = await interviewed();
    const viewA = await submitFirstInOneStatement(ctx.database, actor(a), one.interviewId, cardA());
    const viewB = await submitFirstInOneStatement(ctx.database, actor(b), one.interviewId, cardB());
    expect(viewA).toBeDefined();
    expect(viewB).toBeDefined();

    // With an Idempotency-Key the route takes the transactional path.
    const slowA = await send('POST', a, `/interviews/${other.interviewId}/scorecard/submit`, cardA(), { 'idempotency-key': `a-${other.interviewId}` });
    const slowB = await send('POST', b, `/interviews/${other.interviewId}/scorecard/submit`, cardB(), { 'idempotency-key': `b-${other.interviewId}` });
    expect(slowA.statusCode, slowA.body).toBe(200);
    expect(slowB.statusCode, slowB.body).toBe(200);

    expect(withoutIdsAndTimes(viewA!)).toEqual(withoutIdsAndTimes(slowA.json()));
    expect(withoutIdsAndTimes(viewB!)).toEqual(withoutIdsAndTimes(slowB.json()));
    expect(viewA!.ratings.map((r) => r.offAssignment)).toEqual([false, false, true]);
    expect(viewA!.submittedAt).toBe(viewA!.createdAt);

    const fast = await written(one.applicationId);
    const slow = await written(other.applicationId);
    expect(fast).toEqual(slow);
    // The comparison has substance: focus, audit sizes, the event and co-raters are all there.
    expect(fast.rows.find((r) => r.card.authorId === a.userId)!.card).toMatchObject({ assigned: 2, assessed: 1, notes: 'Solid examples 👍' });
    expect(fast.rows.flatMap((r) => r.audit.map((e) => e.after))).toContainEqual(
      expect.objectContaining({ notesChars: 'Solid examples 👍'.length, ratings: expect.arrayContaining([expect.objectContaining({ evidenceChars: 'Walked through six customer interviews 👍'.length, offAssignment: false })]) }),
    );
    expect(fast.rows.every((r) => r.events.length === 1 && r.events[0]!.kind === 'scorecard.submitted')).toBe(true);
    expect(fast.calibration.filter((r) => r.criterionId === role.criteria.discovery).map((r) => r.coRaters)).toEqual([1, 1]);
  });

  it('writes nothing when it does not apply, and the route still answers exactly', async () => {
    const counts = async () => {
      const [row] = (
        (await ctx.database.db.execute(sql`select
          (select count(*) from scorecards where org_id = ${orgId})::int as cards,
          (select count(*) from audit_log where org_id = ${orgId})::int as audit,
          (select count(*) from outbox_messages where org_id = ${orgId} and kind = 'scorecard.submitted')::int as events`)) as unknown as { rows: unknown[] }
      ).rows as { cards: number; audit: number; events: number }[];
      return row;
    };
    const cases: [string, () => Promise<{ who: StaffMember; interviewId: string; body: ReturnType<typeof cardB> }>, number][] = [
      ['a criterion of another role', async () => ({ who: b, interviewId: (await interviewed()).interviewId, body: { ...cardB(), ratings: [{ criterionId: crypto.randomUUID(), rating: 2, evidence: 'x' }] } }), 422],
      ['a rating above the scale', async () => ({ who: b, interviewId: (await interviewed()).interviewId, body: { ...cardB(), ratings: [{ criterionId: role.criteria.discovery, rating: 5, evidence: 'x' }] } }), 422],
      ['a rating without evidence', async () => ({ who: b, interviewId: (await interviewed()).interviewId, body: { ...cardB(), ratings: [{ criterionId: role.criteria.discovery, rating: 2, evidence: '   ' }] } }), 422],
      ['a criterion rated twice', async () => ({ who: b, interviewId: (await interviewed()).interviewId, body: { ...cardB(), ratings: [cardB().ratings[0]!, cardB().ratings[0]!] } }), 422],
      ['someone not on the interview', async () => ({ who: c, interviewId: (await interviewed()).interviewId, body: cardB() }), 404],
      [
        'a submission already there',
        async () => {
          const { interviewId } = await interviewed();
          expect((await send('POST', b, `/interviews/${interviewId}/scorecard/submit`, cardB())).statusCode).toBe(200);
          return { who: b, interviewId, body: cardB() };
        },
        409,
      ],
      [
        'a rejected application',
        async () => {
          const { interviewId, applicationId } = await interviewed();
          expect((await send('POST', recruiter, `/applications/${applicationId}/reject`, { reason: 'The role was filled.' })).statusCode).toBe(200);
          return { who: b, interviewId, body: cardB() };
        },
        409,
      ],
      [
        'an erased candidate',
        async () => {
          const { interviewId, candidateId } = await interviewed();
          await ctx.database.db.update(candidates).set({ erasedAt: new Date() }).where(eq(candidates.id, candidateId));
          return { who: b, interviewId, body: cardB() };
        },
        409,
      ],
      [
        // A draft is not a first submission: the transactional path submits over it.
        'a saved draft',
        async () => {
          const { interviewId } = await interviewed();
          expect((await send('PUT', b, `/interviews/${interviewId}/scorecard`, { ratings: [] })).statusCode).toBe(200);
          return { who: b, interviewId, body: cardB() };
        },
        200,
      ],
    ];
    for (const [name, arrange, status] of cases) {
      const { who, interviewId, body } = await arrange();
      const before = await counts();
      expect(await submitFirstInOneStatement(ctx.database, actor(who), interviewId, body), name).toBeUndefined();
      expect(await counts(), name).toEqual(before);
      const answer = await send('POST', who, `/interviews/${interviewId}/scorecard/submit`, body);
      if (status === 200) expect(answer.statusCode, `${name}: ${answer.body}`).toBe(200);
      else expectProblem(answer, status);
    }
  });

  it('keeps co-raters exact when the panel submits at once', async () => {
    for (let round = 0; round < 5; round++) {
      const { interviewId, applicationId } = await interviewed();
      const answers = await Promise.all([send('POST', a, `/interviews/${interviewId}/scorecard/submit`, cardA()), send('POST', b, `/interviews/${interviewId}/scorecard/submit`, cardB())]);
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
      const discovery = (await written(applicationId)).calibration.filter((r) => r.criterionId === role.criteria.discovery);
      expect(discovery.map((r) => [r.coRaters, r.coTotal]).sort()).toEqual([
        [1, 2],
        [1, 3],
      ]);
    }
  });

  it('runs on the embedded database too', async () => {
    const { openDatabase } = await import('../../src/db/client.js');
    const { migrate } = await import('../../src/db/migrate.js');
    const { buildApp } = await import('../../src/app.js');
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrate(database);
    const embedded: TestContext = { ...ctx, database, app: await buildApp({ config: ctx.config, database, migrate: false, logger: false }) };
    try {
      const cast = await openRoleCast(embedded);
      const post = (who: StaffMember, url: string, payload: object) => embedded.app.inject({ method: 'POST', url, headers: who.auth, payload });
      const candidate = (await post(cast.recruiter, '/candidates', { name: 'Sam', email: 'sam@c.test' })).json();
      const application = (await post(cast.recruiter, '/applications', { candidateId: candidate.id, roleId: cast.role.roleId })).json();
      const interview = (await post(cast.recruiter, `/applications/${application.id}/interviews`, { stepId: cast.role.steps.interview, interviewerIds: [cast.a.userId, cast.b.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
      const view = await submitFirstInOneStatement(database, { orgId: cast.org.orgId, userId: cast.a.userId, sub: cast.a.sub, permissions: ['interviewer'], via: 'jwt' }, interview.id, {
        ratings: [{ criterionId: cast.role.criteria.discovery, rating: 3, evidence: 'Six interviews.' }],
      });
      expect(view).toMatchObject({ status: 'submitted', ratings: [{ rating: 3, offAssignment: false }] });
      const second = await post(cast.b, `/interviews/${interview.id}/scorecard/submit`, { ratings: [{ criterionId: cast.role.criteria.discovery, rating: 4, evidence: 'Ran a fake-door test.' }] });
      expect(second.statusCode, second.body).toBe(200);
      const rows = await database.db.select().from(calibrationRatings).where(eq(calibrationRatings.applicationId, application.id));
      expect(rows.map((r) => r.coRaters)).toEqual([1, 1]);
      // The synthesis reads both cards through its own statement built once, on PGlite as well.
      const synthesis = await embedded.app.inject({ url: `/applications/${application.id}/synthesis`, headers: cast.recruiter.auth });
      expect(synthesis.statusCode, synthesis.body).toBe(200);
      expect(synthesis.json().criteria.find((c: { criterionId: string }) => c.criterionId === cast.role.criteria.discovery)).toMatchObject({ n: 2, mean: 3.5 });
    } finally {
      await embedded.app.close();
      await database.close();
    }
  });
});
