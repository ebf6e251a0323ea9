// Scorecards are resolved (their application, interviewer, step, criteria) while the batch before
// them is still being written. They must still never be resolved before the applications written
// ahead of them have committed, whether or not the source adapter flushed in between.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Importer } from '../../src/imports/importer.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';

describe('the importer’s write order', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('places scorecards only on applications that have committed, without a flush between them', async () => {
    const org = await createOrg(ctx);
    const imp = new Importer(ctx.database.db, org.orgId, 'greenhouse-harvest-v1', randomUUID());
    const at = (file: string, index: number) => ({ file, index });
    // A full batch of candidates is written at once; applications and scorecards stay buffered
    // until finish(), which writes the applications and then the scorecards that point at them.
    for (let i = 0; i < 1000; i++) await imp.candidate({ ...at('candidates', i), externalId: `c${i}`, name: `Candidate ${i}` });
    for (let i = 0; i < 200; i++) await imp.application({ ...at('applications', i), externalId: `a${i}`, role: { externalId: 'job', title: 'Engineer' }, candidate: { externalId: `c${i}` }, status: 'active' });
    for (let i = 0; i < 200; i++) {
      await imp.scorecard({
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
    }
    await imp.finish();
    expect(imp.tally.skipped).toEqual([]);
    expect(imp.tally.created).toMatchObject({ candidates: 1000, applications: 200, scorecards: 200 });
  });
});
