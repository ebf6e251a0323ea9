import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { importLinks } from '../../src/db/schema.js';
import { GREENHOUSE_SCALE } from '../../src/imports/scales.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { greenhouseV1, writeFolder } from './fixtures.js';
import { importFolder, zeroCounts } from './helpers.js';

describe('Greenhouse Harvest v1 import', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  async function imported() {
    const org = await createOrg(ctx);
    const recruiter = await org.addUser(['recruiter']);
    const existing = await org.addUser(['interviewer'], 'Existing Interviewer');
    const matchedEmail = `${existing.sub}@example.test`;
    const dir = writeFolder(greenhouseV1(matchedEmail), ['scorecards']);
    const summary = await importFolder(ctx, org.orgId, 'greenhouse-harvest-v1', dir);
    const link = async (kind: 'role' | 'application' | 'scorecard', externalId: string) =>
      (await ctx.database.db.select().from(importLinks).where(and(eq(importLinks.orgId, org.orgId), eq(importLinks.kind, kind), eq(importLinks.externalId, externalId))))[0]!.targetId;
    return { org, recruiter, existing, summary, dir, link };
  }

  it('maps jobs, steps, attributes, interviewers, candidates and scorecards, and says what it skipped', async () => {
    const { recruiter, existing, summary, link } = await imported();
    expect(summary.status).toBe('completed');
    expect(summary.created).toEqual({ roles: 1, steps: 1, criteria: 3, users: 2, candidates: 2, applications: 2, interviews: 3, scorecards: 3 });
    expect(summary.updated).toEqual({});
    expect(summary.ignored).toEqual({ drafts: 1 });
    expect(summary.skipped).toEqual([
      { file: 'applications.json', index: 2, reason: 'jobs: the application names no job' },
      { file: 'scorecards.ndjson', index: 4, reason: 'application 999 is not among the imported applications' },
      { file: 'scorecards.ndjson', index: 5, reason: expect.stringMatching(/^attributes\.0\.rating: not a Greenhouse rating/) },
    ]);

    const roleId = await link('role', '10');
    const role = (await ctx.app.inject({ url: `/roles/${roleId}`, headers: recruiter.auth })).json();
    expect(role).toMatchObject({ title: 'Backend Engineer', status: 'closed', decisionOwnerId: null });
    expect(role.scale.map((s: { label: string }) => s.label)).toEqual(GREENHOUSE_SCALE);
    const criteria = (await ctx.app.inject({ url: `/roles/${roleId}/criteria`, headers: recruiter.auth })).json();
    const design = criteria.items.find((c: { name: string }) => c.name === 'System design');
    expect(design).toMatchObject({ description: 'Skills', bar: 4 });
    expect(design.anchors.map((a: { text: string }) => a.text)).toEqual(GREENHOUSE_SCALE);
    const steps = (await ctx.app.inject({ url: `/roles/${roleId}/steps`, headers: recruiter.auth })).json();
    expect(steps.items.map((s: { name: string }) => s.name)).toEqual(['Technical interview']);

    const applicationId = await link('application', '501');
    const cards = (await ctx.app.inject({ url: `/applications/${applicationId}/scorecards`, headers: recruiter.auth })).json();
    const byName = new Map(criteria.items.map((c: { id: string; name: string }) => [c.id, c.name]));
    const first = cards.items.find((c: { id: string }) => c.id === cardIdOf(cards, existing.userId));
    expect(first).toMatchObject({ status: 'submitted', recommendation: 'strong_yes', authorId: existing.userId });
    expect(first.notes).toBe('Key Take-Aways\nStrong on design\n\nPrivate Notes\nAsk about on-call');
    const ratings = Object.fromEntries(first.ratings.map((r: { criterionId: string; rating: number | null; evidence: string | null }) => [byName.get(r.criterionId), [r.rating, r.evidence]]));
    expect(ratings).toEqual({
      'System design': [5, 'Designed a queue & retries\nExplained trade-offs'],
      Communication: [3, null],
      Testing: [null, null],
    });
    const second = cards.items.find((c: { authorId: string }) => c.authorId !== existing.userId);
    // "mixed" as an overall recommendation is none of ours.
    expect(second.recommendation).toBeNull();
    expect(second.ratings.map((r: { rating: number }) => r.rating).sort()).toEqual([1, 2, 4]);

    const rejected = (await ctx.app.inject({ url: `/applications/${await link('application', '502')}`, headers: recruiter.auth })).json();
    expect(rejected.status).toBe('rejected');
    const third = (await ctx.app.inject({ url: `/applications/${await link('application', '502')}/scorecards`, headers: recruiter.auth })).json();
    expect(third.items[0].recommendation).toBeNull();
  });

  it('matches interviewers to existing users by email, and creates the others without permissions', async () => {
    const { org, existing } = await imported();
    const users = (await ctx.app.inject({ url: '/users?limit=200', headers: org.admin.auth })).json().items as { id: string; name: string; email: string | null; permissions: string[] }[];
    expect(users.filter((u) => u.name === 'Ada Matched')).toEqual([]);
    expect(users.find((u) => u.id === existing.userId)!.name).toBe('Existing Interviewer');
    const bo = users.find((u) => u.name === 'Bo New')!;
    expect(bo).toMatchObject({ email: 'bo.new@source.test', permissions: [] });
    expect(users.find((u) => u.name === 'Cy New')).toMatchObject({ email: null, permissions: [] });
  });

  it('shows a rating without a note as NO_EVIDENCE in the synthesis', async () => {
    const { recruiter, link } = await imported();
    const synthesis = await ctx.app.inject({ url: `/applications/${await link('application', '501')}/synthesis`, headers: recruiter.auth });
    expect(synthesis.statusCode, synthesis.body).toBe(200);
    const codes = synthesis.json().flags.map((f: { code: string }) => f.code);
    expect(codes).toContain('NO_EVIDENCE');
  });

  it('feeds the role calibration', async () => {
    const { recruiter, link } = await imported();
    const calibration = (await ctx.app.inject({ url: `/roles/${await link('role', '10')}/calibration`, headers: recruiter.auth })).json();
    const design = calibration.criteria.find((c: { name: string }) => c.name === 'System design');
    expect(design).toMatchObject({ units: 2, ratings: 3 });
    expect(calibration.interviewers).toHaveLength(3);
  });
});

function cardIdOf(cards: { items: { id: string; authorId: string }[] }, authorId: string) {
  return cards.items.find((c) => c.authorId === authorId)!.id;
}
