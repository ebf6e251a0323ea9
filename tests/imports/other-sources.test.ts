import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { importLinks } from '../../src/db/schema.js';
import type { ImportSource } from '../../src/imports/types.js';
import { ASHBY_SCALE, LEVER_SCALE, GREENHOUSE_SCALE } from '../../src/imports/scales.js';
import { createOrg, createTestApp, type TestContext } from '../helpers/app.js';
import { ashby, greenhouseV3, lever, writeFolder } from './fixtures.js';
import { importFolder } from './helpers.js';

type Rating = { criterionId: string; rating: number | null; evidence: string | null };
type Card = { authorId: string; recommendation: string | null; notes: string | null; ratings: Rating[] };

describe('imports from Greenhouse v3, Lever and Ashby', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  async function run(source: ImportSource, folder: Record<string, unknown[]>, roleExternalId: string, applicationExternalId: string) {
    const org = await createOrg(ctx);
    const recruiter = await org.addUser(['recruiter']);
    const summary = await importFolder(ctx, org.orgId, source, writeFolder(folder));
    const link = async (kind: 'role' | 'application', externalId: string) =>
      (await ctx.database.db.select().from(importLinks).where(and(eq(importLinks.orgId, org.orgId), eq(importLinks.kind, kind), eq(importLinks.externalId, externalId))))[0]!.targetId;
    const roleId = await link('role', roleExternalId);
    const applicationId = await link('application', applicationExternalId);
    const role = (await ctx.app.inject({ url: `/roles/${roleId}`, headers: recruiter.auth })).json();
    const criteria = (await ctx.app.inject({ url: `/roles/${roleId}/criteria`, headers: recruiter.auth })).json().items as { id: string; name: string }[];
    const names = new Map(criteria.map((c) => [c.id, c.name]));
    const cards = (await ctx.app.inject({ url: `/applications/${applicationId}/scorecards`, headers: recruiter.auth })).json().items as Card[];
    const users = (await ctx.app.inject({ url: '/users?limit=200', headers: org.admin.auth })).json().items as { id: string; name: string }[];
    const author = new Map(users.map((u) => [u.id, u.name]));
    const view = cards
      .map((c) => ({ by: author.get(c.authorId), recommendation: c.recommendation, notes: c.notes, ratings: Object.fromEntries(c.ratings.map((r) => [names.get(r.criterionId), [r.rating, r.evidence]])) }))
      .sort((a, b) => String(a.by).localeCompare(String(b.by)));
    const synthesis = (await ctx.app.inject({ url: `/applications/${applicationId}/synthesis`, headers: recruiter.auth })).json();
    return { summary, role, view, flags: synthesis.flags.map((f: { code: string }) => f.code) as string[] };
  }

  it('Greenhouse v3: attribute rows join their scorecard; a bad row is skipped alone; drafts are not imported', async () => {
    const { summary, role, view, flags } = await run('greenhouse-harvest-v3', greenhouseV3(), '20', '601');
    expect(summary.status).toBe('completed');
    expect(summary.created).toMatchObject({ roles: 1, criteria: 1, users: 2, candidates: 1, applications: 1, interviews: 2, scorecards: 2 });
    expect(summary.ignored).toEqual({ drafts: 1 });
    expect(summary.skipped).toEqual([
      { file: 'scorecard_candidate_attributes.json', index: 1, reason: expect.stringMatching(/^candidate_attribute_rating: not a Greenhouse rating/) },
      { file: 'scorecard_candidate_attributes.json', index: 3, reason: 'job_candidate_attribute_id: attribute 99 is not in job_candidate_attributes' },
      { file: 'scorecard_candidate_attributes.json', index: 4, reason: 'scorecard_id: scorecard 2999 is not among the scorecards' },
    ]);
    expect(role).toMatchObject({ title: 'Data Scientist', status: 'closed' });
    expect(role.scale.map((s: { label: string }) => s.label)).toEqual(GREENHOUSE_SCALE);
    expect(view).toEqual([
      { by: 'Eve Rater', recommendation: 'strong_no', notes: 'Solid\n\nPrivate: check refs', ratings: { Statistics: [5, 'Derived the <p-value> correctly'] } },
      { by: 'Fay Rater', recommendation: null, notes: 'Solid', ratings: {} },
    ]);
    expect(flags).not.toContain('NO_EVIDENCE');
  });

  it('Lever: score-system is the recommendation, score and scorecard fields rate criteria, comments are evidence', async () => {
    const { summary, role, view, flags } = await run('lever', lever(), 'post-1', 'opp-1');
    expect(summary.status).toBe('completed');
    expect(summary.created).toEqual({ roles: 1, steps: 1, criteria: 3, users: 2, candidates: 1, applications: 1, interviews: 2, scorecards: 2 });
    expect(summary.ignored).toEqual({ drafts: 1 });
    expect(summary.skipped).toEqual([{ file: 'feedback.json', index: 3, reason: 'deletedAt: the feedback was deleted in Lever' }]);
    expect(role).toMatchObject({ title: 'Frontend Engineer', status: 'closed' });
    expect(role.scale.map((s: { label: string }) => s.label)).toEqual(LEVER_SCALE);
    expect(view).toEqual([
      { by: 'Hal Lever', recommendation: 'strong_yes', notes: 'Summary\nGood pairing', ratings: { Ownership: [3, null], Coding: [4, 'Wrote clean code'], Debugging: [3, null] } },
      { by: 'Ivy Lever', recommendation: 'strong_no', notes: 'Summary\nGood pairing', ratings: { Ownership: [1, null], Coding: [2, 'Struggled'], Debugging: [1, 'Could not find the bug'] } },
    ]);
    expect(flags).toContain('NO_EVIDENCE');
  });

  it('Ashby: scores as numbers or strings; a section\'s text is its score\'s evidence; overall recommendation', async () => {
    const { summary, role, view } = await run('ashby', ashby(), 'ash-job-1', 'ash-app-1');
    expect(summary.status).toBe('completed');
    expect(summary.created).toEqual({ roles: 1, steps: 1, criteria: 2, users: 2, candidates: 1, applications: 1, interviews: 2, scorecards: 2 });
    expect(summary.ignored).toEqual({ drafts: 1 });
    expect(summary.skipped).toEqual([]);
    expect(role).toMatchObject({ title: 'Product Designer', status: 'closed' });
    expect(role.scale.map((s: { label: string }) => s.label)).toEqual(ASHBY_SCALE);
    expect(view).toEqual([
      { by: 'Kim Ashby', recommendation: 'strong_yes', notes: 'Summary\nStrong', ratings: { 'Problem solving': [4, 'Broke the problem down'], Collaboration: [3, null] } },
      { by: 'Lee Ashby', recommendation: 'strong_no', notes: null, ratings: { 'Problem solving': [2, null], Collaboration: [1, null] } },
    ]);
  });

  it('a folder without a required file fails the import and writes nothing', async () => {
    const org = await createOrg(ctx);
    const { feedback: _, ...withoutFeedback } = ashby();
    const summary = await importFolder(ctx, org.orgId, 'ashby', writeFolder(withoutFeedback));
    expect(summary.status).toBe('failed');
    expect(summary.error).toBe('The folder lacks feedback.json (JSON array or NDJSON, .json or .ndjson).');
    expect(Object.values(summary.created).every((n) => n === 0)).toBe(true);
  });
});
