import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { flagCodes } from '../../src/synthesis/output.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';

describe('seed-demo', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('seeds a product-manager loop whose candidates raise every flag, the lunch story included', async () => {
    const org = await createOrg(ctx, 'Demo');
    const summary = await seedDemo(ctx.app, ctx.config, org.orgId, { sub: org.admin.sub });
    const raised = new Set(summary.candidates.flatMap((c) => c.flags));
    expect([...raised].sort()).toEqual([...flagCodes].sort());
    const robin = summary.candidates.find((c) => c.name === 'Robin Rivera')!;
    expect(robin.flags).toEqual(expect.arrayContaining(['UNPLANNED_STEP', 'UNFRAMED_STEP', 'VETO_STYLE', 'BIAS_LANGUAGE']));
    const me = await ctx.app.inject({ url: '/me', headers: { authorization: `Bearer ${summary.tokens.decisionOwner}` } });
    expect(me.statusCode).toBe(200);
    // Everyone in the story can sign in on the pages: each was invited by mail.
    expect(summary.people.map((p) => p.role)).toEqual(['recruiter', 'decision owner', 'interviewer', 'interviewer', 'interviewer', 'interviewer', 'interviewer']);
    const { readdirSync, readFileSync } = await import('node:fs');
    const outbox = readdirSync(`${ctx.config.dataDir}/outbox`).map((f) => readFileSync(`${ctx.config.dataDir}/outbox/${f}`, 'utf8'));
    for (const person of summary.people) expect(outbox.some((mail) => mail.includes(`To: ${person.email}`) && mail.includes('/sign-in/email/'))).toBe(true);
  });
});
