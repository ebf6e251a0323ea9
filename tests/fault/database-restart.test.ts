// The database goes away mid-load: the service answers 503 problem+json while it is down,
// recovers without a restart, and retries with the same Idempotency-Keys leave exactly one
// scorecard per key with audit rows matching the committed submissions one to one.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { auditLog, scorecards } from '../../src/db/schema.js';
import { createOrg, expectProblem, type StaffMember, type TestContext } from '../helpers/app.js';
import { testConfig } from '../helpers/config.js';
import { hoursAgo, seedOpenRole } from '../helpers/fixtures.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres-server.js';

const binDir = inject('postgresBinDir');
const INTERVIEWS = 40;

describe.skipIf(!binDir)('PostgreSQL stopped and restarted under load', () => {
  let server: ThrowawayPostgres;
  let database: Database;
  let ctx: TestContext;
  let a: StaffMember;
  const interviewIds: string[] = [];

  beforeAll(async () => {
    server = await startThrowawayPostgres(binDir!, { durable: true });
    const dbConfig = { kind: 'postgres' as const, url: server.url, poolSize: 6, statementTimeoutMs: 5000 };
    database = await openDatabase(dbConfig);
    await migrate(database);
    const config = testConfig({ database: dbConfig });
    const app = await buildApp({ config, database, migrate: false, logger: false });
    ctx = { app, database, config, close: async () => app.close() };
    const org = await createOrg(ctx);
    const recruiter = await org.addUser(['recruiter']);
    const [ia, b, c] = await Promise.all([org.addUser(['interviewer']), org.addUser(['interviewer']), org.addUser(['interviewer'])]);
    a = ia;
    const role = await seedOpenRole(ctx, org, { a, b, c });
    for (let i = 0; i < INTERVIEWS / 4; i++) {
      const candidate = (await app.inject({ method: 'POST', url: '/candidates', headers: recruiter.auth, payload: { name: `F${i}`, email: `f${i}@fault.test` } })).json();
      const application = (await app.inject({ method: 'POST', url: '/applications', headers: recruiter.auth, payload: { candidateId: candidate.id, roleId: role.roleId } })).json();
      for (let j = 0; j < 4; j++) {
        const interview = await app.inject({ method: 'POST', url: `/applications/${application.id}/interviews`, headers: recruiter.auth, payload: { stepId: role.steps.interview, interviewerIds: [a.userId], startsAt: hoursAgo(3 + j), endsAt: hoursAgo(2 + j) } });
        interviewIds.push(interview.json().id);
      }
    }
    (globalThis as { faultCriterion?: string }).faultCriterion = role.criteria.discovery;
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
    await database?.close();
    server?.stop();
  }, 60_000);

  it('answers 503 while down, recovers by itself, and keys give exactly one scorecard each', async () => {
    const criterionId = (globalThis as { faultCriterion?: string }).faultCriterion!;
    const submit = (interviewId: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/interviews/${interviewId}/scorecard/submit`,
        headers: { ...a.auth, 'idempotency-key': `fault-${interviewId}` },
        payload: { ratings: [{ criterionId, rating: 3, evidence: 'Specific example.' }], recommendation: 'yes' },
      });
    const acknowledged = new Map<string, string>();
    const record = (interviewId: string, response: Awaited<ReturnType<typeof submit>>) => {
      if (response.statusCode === 200) acknowledged.set(interviewId, response.json().id);
      return response.statusCode;
    };

    // A bounded load, four at a time; the server is stopped hard after the first third.
    const statuses: number[] = [];
    for (let i = 0; i < interviewIds.length; i += 4) {
      if (i === 12) server.pgCtl('stop', '-m', 'immediate');
      const batch = interviewIds.slice(i, i + 4);
      statuses.push(...(await Promise.all(batch.map(async (id) => record(id, await submit(id))))));
    }
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expectProblem(await ctx.app.inject('/ready'), 503);

    server.pgCtl('start');
    // Retry every unacknowledged submission with its own key until it is acknowledged.
    for (let attempt = 0; attempt < 20 && acknowledged.size < interviewIds.length; attempt++) {
      for (const id of interviewIds.filter((x) => !acknowledged.has(x))) record(id, await submit(id));
      if (acknowledged.size < interviewIds.length) await new Promise((r) => setTimeout(r, 250));
    }
    expect(acknowledged.size).toBe(interviewIds.length);
    expect((await ctx.app.inject('/ready')).statusCode).toBe(200);

    // A retry of an acknowledged one replays it; nothing is stored twice.
    const replay = await submit(interviewIds[0]!);
    expect(replay.json().id).toBe(acknowledged.get(interviewIds[0]!));

    const stored = await database.db.select().from(scorecards).where(inArray(scorecards.interviewId, interviewIds));
    expect(stored).toHaveLength(interviewIds.length);
    expect(new Set(stored.map((s) => s.interviewId)).size).toBe(interviewIds.length);
    expect(stored.map((s) => s.id).sort()).toEqual([...acknowledged.values()].sort());
    const audits = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'scorecard.submit'), inArray(auditLog.entityId, stored.map((s) => s.id))));
    expect(audits).toHaveLength(stored.length);
  }, 120_000);
});
