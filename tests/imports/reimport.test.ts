import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { importLinks } from '../../src/db/schema.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { greenhouseV1, writeFolder } from './fixtures.js';
import { importFolder, zeroCounts } from './helpers.js';

describe('re-importing the same history', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('creates nothing new, updates only what changed, and skips a malformed record by position', async () => {
    const org = await createOrg(ctx);
    const recruiter = await org.addUser(['recruiter']);
    const data = greenhouseV1('nobody@example.test');
    const first = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', writeFolder(data, ['scorecards']));
    expect(first.status).toBe('completed');

    const again = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', writeFolder(data, ['scorecards']));
    expect(again.created).toEqual(zeroCounts);
    expect(again.updated).toEqual({});
    expect(again.skipped).toEqual(first.skipped);
    expect(again.ignored).toEqual({ drafts: 1 });

    // The source changed one rating and one candidate's email; one line of the file is broken.
    const edited = structuredClone(data);
    const card = edited.scorecards![1] as { attributes: { name: string; rating: string; note: string }[] };
    card.attributes[0] = { ...card.attributes[0]!, rating: 'strong_yes', note: 'Revised: a sound, scalable design' };
    (edited.candidates![1] as { email_addresses: { value: string }[] }).email_addresses[0]!.value = 'dana.new@cand.test';
    const dir = writeFolder(edited, ['scorecards']);
    appendFileSync(join(dir, 'scorecards.ndjson'), '{"id": 1007, "application_id": 501, "interviewer": \n');
    const third = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', dir);
    expect(third.created).toEqual(zeroCounts);
    expect(third.updated).toEqual({ candidates: 1, scorecards: 1 });
    expect(third.skipped).toContainEqual({ file: 'scorecards.ndjson', index: 6, reason: 'not valid JSON' });
    expect(third.skipped).toHaveLength(first.skipped.length + 1);

    const link = async (kind: 'application' | 'candidate' | 'role', externalId: string) =>
      (await ctx.database.db.select().from(importLinks).where(and(eq(importLinks.orgId, org.orgId), eq(importLinks.kind, kind), eq(importLinks.externalId, externalId))))[0]!.targetId;
    const cards = (await ctx.app.inject({ url: `/applications/${await link('application', '501')}/scorecards`, headers: recruiter.auth })).json().items as { ratings: { rating: number; evidence: string | null }[] }[];
    expect(cards.flatMap((c) => c.ratings).find((r) => r.evidence === 'Revised: a sound, scalable design')?.rating).toBe(5);
    expect(cards).toHaveLength(2);
    const candidate = (await ctx.app.inject({ url: `/candidates/${await link('candidate', '302')}`, headers: recruiter.auth })).json();
    expect(candidate.email).toBe('dana.new@cand.test');
    // The calibration follows the edit: System design on 501 is now rated 5 and 5.
    const calibration = (await ctx.app.inject({ url: `/roles/${await link('role', '10')}/calibration`, headers: recruiter.auth })).json();
    expect(calibration.criteria.find((c: { name: string }) => c.name === 'System design').distribution).toEqual({ '2': 1, '5': 2 });
  });

  it('leaves an erased candidate erased', async () => {
    const org = await createOrg(ctx);
    const data = greenhouseV1('nobody@example.test');
    await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', writeFolder(data));
    const candidateId = (await ctx.database.db.select().from(importLinks).where(and(eq(importLinks.orgId, org.orgId), eq(importLinks.kind, 'candidate'), eq(importLinks.externalId, '301'))))[0]!.targetId;
    const erased = await ctx.app.inject({ method: 'POST', url: `/candidates/${candidateId}/erase`, headers: org.admin.auth });
    expect(erased.statusCode, erased.body).toBe(200);
    const changed = structuredClone(data);
    (changed.candidates![0] as { first_name: string }).first_name = 'Renamed';
    const summary = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', writeFolder(changed));
    expect(summary.updated).toEqual({});
    const candidate = (await ctx.app.inject({ url: `/candidates/${candidateId}`, headers: org.admin.auth })).json();
    expect(candidate.name).toBeNull();

    // The source edits a note about the erased candidate: it does not come back.
    const noted = structuredClone(changed);
    const card = noted.scorecards![0] as { attributes: { note: string }[] };
    card.attributes[0]!.note = 'A new remark about the person';
    const later = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', writeFolder(noted));
    expect(later.updated).toEqual({});
    expect(later.skipped).toContainEqual({ file: 'scorecards.json', index: 0, reason: 'the candidate of this application was erased; their scorecards are not imported again' });
  });
});
