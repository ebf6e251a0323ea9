// Scorecards are resolved (their application, interviewer, step, criteria) while the batch before
// them is still being written, two scorecard batches are written at once, and the calibration
// refresh runs beside the writes. A batch must never be resolved before the applications ahead of
// it have committed, whether or not the source adapter flushed in between, nor written beside a
// batch holding one of its records, nor handed to the refresh before it has committed itself.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { BATCH_SIZE, Importer } from '../../src/imports/importer.js';
import { resolveScorecards, writeScorecards } from '../../src/imports/scorecards.js';
import type { ScorecardIn } from '../../src/imports/types.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';

const at = (file: string, index: number) => ({ file, index });
const scorecard = (i: number): ScorecardIn => ({
  ...at('scorecards', i),
  externalId: `s${i}`,
  applicationExternalId: `a${i}`,
  interviewer: { externalId: `u${i % 7}`, name: `Interviewer ${i % 7}` },
  step: { key: 'onsite', name: 'Onsite' },
  interviewedAt: null,
  submittedAt: new Date('2024-05-01T10:00:00Z'),
  recommendation: 'yes',
  notes: null,
  ratings: [{ criterion: 'Coding', description: null, rating: 3, evidence: 'Wrote tests first.' }],
});

/** `count` candidates with one application each (a0, a1, …), written and committed. */
async function placeApplications(imp: Importer, count: number) {
  for (let i = 0; i < count; i++) {
    await imp.candidate({ ...at('candidates', i), externalId: `c${i}` });
    await imp.application({ ...at('applications', i), externalId: `a${i}`, role: { externalId: 'job', title: 'Engineer' }, candidate: { externalId: `c${i}` }, status: 'active' });
  }
  await imp.flush();
}

describe('the importer’s write order', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('places scorecards only on applications that have committed, without a flush between them', async () => {
    const org = await createOrg(ctx);
    const imp = new Importer(ctx.database.db, org.orgId, 'greenhouse-harvest-v1', randomUUID());
    // A full batch of candidates is written at once; applications and scorecards stay buffered
    // until finish(), which writes the applications and then the scorecards that point at them.
    for (let i = 0; i < 1000; i++) await imp.candidate({ ...at('candidates', i), externalId: `c${i}`, name: `Candidate ${i}` });
    for (let i = 0; i < 200; i++) await imp.application({ ...at('applications', i), externalId: `a${i}`, role: { externalId: 'job', title: 'Engineer' }, candidate: { externalId: `c${i}` }, status: 'active' });
    for (let i = 0; i < 200; i++) await imp.scorecard(scorecard(i));
    await imp.finish();
    expect(imp.tally.skipped).toEqual([]);
    expect(imp.tally.created).toMatchObject({ candidates: 1000, applications: 200, scorecards: 200 });
  });

  it('writes a record the next batch repeats after the batch holding it, never beside it', async () => {
    const org = await createOrg(ctx);
    const imp = new Importer(ctx.database.db, org.orgId, 'greenhouse-harvest-v1', randomUUID());
    await placeApplications(imp, 50);
    const card = (i: number, position = i): ScorecardIn => ({ ...scorecard(i), ...at('scorecards', position), applicationExternalId: `a${i % 50}` });
    // The first batch is in the database when the second is full; the second repeats s3, now rated 5.
    for (let i = 0; i < BATCH_SIZE; i++) await imp.scorecard(card(i));
    await imp.scorecard({ ...card(3, BATCH_SIZE), ratings: [{ criterion: 'Coding', description: null, rating: 5, evidence: 'Refactored the module safely.' }] });
    for (let i = BATCH_SIZE + 1; i < 2 * BATCH_SIZE; i++) await imp.scorecard(card(i));
    await imp.finish();
    expect(imp.tally.skipped).toEqual([]);
    expect(imp.tally.created.scorecards).toBe(2 * BATCH_SIZE - 1);
    expect(imp.tally.updated.scorecards).toBe(1);
    const rows = async (query: ReturnType<typeof sql>) => ((await ctx.database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
    expect(await rows(sql`select count(*)::int as n from scorecards where org_id = ${org.orgId}`)).toEqual([{ n: 2 * BATCH_SIZE - 1 }]);
    expect(
      await rows(sql`select r.rating from import_links l join scorecard_ratings r on r.scorecard_id = l.target_id
                     where l.org_id = ${org.orgId} and l.kind = 'scorecard' and l.external_id = 's3'`),
    ).toEqual([{ rating: 5 }]);
  });

  it('hands a batch’s applications to the calibration refresh only once the batch has committed', async () => {
    const org = await createOrg(ctx);
    const imp = new Importer(ctx.database.db, org.orgId, 'greenhouse-harvest-v1', randomUUID());
    await placeApplications(imp, 3);
    const resolved = await resolveScorecards(ctx.database.db, imp.dims, imp.scope, imp.tally, [0, 1, 2].map(scorecard));
    // The same database, with a transaction that says whether it is still open (until COMMIT returns).
    let open = false;
    const watched = new Proxy(ctx.database.db, {
      get: (target, key, receiver) =>
        key === 'transaction'
          ? async (run: Parameters<Db['transaction']>[0]) => {
              open = true;
              try {
                return await target.transaction(run);
              } finally {
                open = false;
              }
            }
          : Reflect.get(target, key, receiver),
    });
    const handed: boolean[] = [];
    const touched = new (class extends Map<string, string> {
      override set(applicationId: string, roleId: string) {
        handed.push(open);
        return super.set(applicationId, roleId);
      }
    })();
    await writeScorecards(watched, imp.scope, imp.tally, resolved, touched);
    expect(touched.size).toBe(3);
    expect(handed.every((wasOpen) => !wasOpen)).toBe(true);
  });
});
