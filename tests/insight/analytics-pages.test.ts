import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../src/db/schema.js';
import { eq } from 'drizzle-orm';
import { createOrg, createTestApp, type StaffMember, type TestContext, type TestOrg } from '../helpers/app.js';
import type { SeededRole } from '../helpers/fixtures.js';
import { getPage, post, postForm, rowCells, seedFunnel, seedLenientPanel, sessionFor } from './helpers.js';

const XSS = '<img src=x onerror=alert(1)>';

describe('funnel, calibration and fairness pages', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let recruiter: StaffMember;
  let funnelRole: SeededRole;
  let panel: Awaited<ReturnType<typeof seedLenientPanel>>;

  beforeAll(async () => {
    ctx = await createTestApp();
    org = await createOrg(ctx);
    recruiter = await org.addUser(['recruiter'], 'Rita Recruiter');
    funnelRole = await seedFunnel(ctx, org, recruiter);
    // A label that would run script if it were not escaped.
    await ctx.database.db.update(roles).set({ title: `PM ${XSS}` }).where(eq(roles.id, funnelRole.roleId));
    panel = await seedLenientPanel(ctx, org, recruiter);
  });
  afterAll(() => ctx.close());

  it('shows the counts of a hand-computed funnel in the table beside the chart, with the exports’ links', async () => {
    const s = await sessionFor(ctx, org.orgId, recruiter.userId);
    const page = await getPage(ctx, s, `/app/roles/${funnelRole.roleId}/funnel`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    // step, entered, passed, rejected, withdrawn, pass-through, median, p90
    expect(rowCells(page.body, 'Recruiter screen')).toEqual(['Recruiter screen', '5', '3', '1', '0', '60%', '30.0 h', '46.0 h']);
    expect(rowCells(page.body, 'Discovery interview').slice(0, 6)).toEqual(['Discovery interview', '2', '1', '0', '0', '50%']);
    expect(rowCells(page.body, 'Work sample').slice(0, 6)).toEqual(['Work sample', '2', '1', '0', '1', '50%']);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain(`/exports/funnel?roleId=${funnelRole.roleId}&amp;format=csv`);
    expect(page.body).toContain(`/exports/funnel?roleId=${funnelRole.roleId}&amp;format=ndjson`);
    expect(page.body).not.toContain(XSS);
    expect(page.body).toContain('PM &lt;img src=x onerror=alert(1)&gt;');
  });

  it('filters by date and explains a bad date beside its field', async () => {
    const s = await sessionFor(ctx, org.orgId, recruiter.userId);
    const future = await getPage(ctx, s, `/app/roles/${funnelRole.roleId}/funnel?from=2099-01-01&to=2099-02-01`);
    expect(future.statusCode).toBe(200);
    expect(future.body).toContain('No application of this role was created in this period.');
    expect(future.body).toContain('from=2099-01-01T00%3A00%3A00Z');
    const bad = await getPage(ctx, s, `/app/roles/${funnelRole.roleId}/funnel?from=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    expect(bad.body).toMatch(/id="f-from-error"/);
    const reversed = await getPage(ctx, s, `/app/roles/${funnelRole.roleId}/funnel?from=2026-02-01&to=2026-01-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('The first day must be on or before the last day.');
  });

  it('refuses the funnel page as the API refuses /analytics/funnel', async () => {
    const interviewer = await org.addUser(['interviewer']);
    const s = await sessionFor(ctx, org.orgId, interviewer.userId);
    const api = await ctx.app.inject({ method: 'GET', url: `/analytics/funnel?roleId=${funnelRole.roleId}`, headers: interviewer.auth });
    const page = await getPage(ctx, s, `/app/roles/${funnelRole.roleId}/funnel`);
    expect(api.statusCode).toBe(403);
    expect(page.statusCode).toBe(403);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const admin = await sessionFor(ctx, org.orgId, org.admin.userId);
    expect((await getPage(ctx, admin, `/app/roles/${funnelRole.roleId}/funnel`)).statusCode).toBe(200);
    const other = await createOrg(ctx, 'Other');
    const otherRecruiter = await other.addUser(['recruiter']);
    expect((await getPage(ctx, await sessionFor(ctx, other.orgId, otherRecruiter.userId), `/app/roles/${funnelRole.roleId}/funnel`)).statusCode).toBe(404);
    const signedOut = await ctx.app.inject({ method: 'GET', url: `/app/roles/${funnelRole.roleId}/funnel` });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/');
  });

  it('shows the lenient interviewer’s 95% interval excluding 0, name escaped', async () => {
    const s = await sessionFor(ctx, org.orgId, recruiter.userId);
    const page = await getPage(ctx, s, `/app/roles/${panel.role.id}/calibration`);
    expect(page.statusCode, page.body).toBe(200);
    const label = 'Lenient &lt;img src=x onerror=alert(1)&gt;';
    const [, n, mean, interval, reading] = rowCells(page.body, label);
    expect(Number(n)).toBe(16);
    expect(Number(mean)).toBeGreaterThan(0.8);
    const [low, high] = interval!.split(' to ').map(Number);
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(low!);
    expect(reading).toBe('rates higher than co-panelists');
    expect(page.body).not.toContain(XSS);
    // Agreement against the reliability lines, with units, and the distributions.
    expect(page.body).toContain('.667');
    expect(page.body).toContain('.800');
    expect(rowCells(page.body, 'Discovery habits').slice(0, 3)).toEqual(['Discovery habits', '8', '24']);
    expect(page.body).toContain('Ratings of Discovery habits per level');
  });

  it('lets the decision owner read role calibration and refuses an interviewer of the role as the API does', async () => {
    const owner = await getPage(ctx, await sessionFor(ctx, org.orgId, panel.owner.userId), `/app/roles/${panel.role.id}/calibration`);
    expect(owner.statusCode).toBe(200);
    expect(owner.body).toContain('Exercise results are shown to recruiters.');
    const api = await ctx.app.inject({ method: 'GET', url: `/roles/${panel.role.id}/calibration`, headers: panel.b.auth });
    const page = await getPage(ctx, await sessionFor(ctx, org.orgId, panel.b.userId), `/app/roles/${panel.role.id}/calibration`);
    expect(api.statusCode).toBe(403);
    expect(page.statusCode).toBe(403);
    const stranger = await org.addUser(['interviewer']);
    expect((await ctx.app.inject({ method: 'GET', url: `/roles/${panel.role.id}/calibration`, headers: stranger.auth })).statusCode).toBe(404);
    expect((await getPage(ctx, await sessionFor(ctx, org.orgId, stranger.userId), `/app/roles/${panel.role.id}/calibration`)).statusCode).toBe(404);
  });

  it('shows an interviewer their own leniency and lets them rate an exercise blind through the form', async () => {
    const exercise = (
      await post(ctx, recruiter, '/calibration/exercises', {
        title: `Discovery samples ${XSS}`,
        roleId: panel.role.id,
        interviewerIds: [panel.lenient.userId],
        items: [
          { criterionId: panel.discovery, evidence: 'Ran five interviews last week.', referenceRating: 3 },
          { criterionId: panel.discovery, evidence: 'Relies on the sales team for feedback.', referenceRating: 2 },
        ],
      })
    ).json() as { id: string; items: { id: string }[] };
    const s = await sessionFor(ctx, org.orgId, panel.lenient.userId);
    const page = await getPage(ctx, s, '/app/me/calibration');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('a consistent difference');
    expect(page.body).toContain(`/app/me/calibration/exercises/${exercise.id}`);
    expect(page.body).not.toContain(XSS);

    const empty = await postForm(ctx, s, `/app/me/calibration/exercises/${exercise.id}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Choose a rating for item 1');
    expect(empty.body).toContain(`href="#ex-${exercise.id}-item-0"`);

    const rated = await postForm(ctx, s, `/app/me/calibration/exercises/${exercise.id}`, { [`rating-${exercise.items[0]!.id}`]: '3', [`rating-${exercise.items[1]!.id}`]: '4' });
    expect(rated.statusCode, rated.body).toBe(303);
    expect(rated.headers.location).toBe('/app/me/calibration');
    const after = await getPage(ctx, s, '/app/me/calibration');
    expect(after.body).toContain('Rated: 2 of 2.');
    // Same use case as the API: the ratings are final.
    const again = await postForm(ctx, s, `/app/me/calibration/exercises/${exercise.id}`, { [`rating-${exercise.items[0]!.id}`]: '3' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('ratings are blind and final');

    // The recruiter's role page lists the exercise; someone not named gets the API's 404.
    const recruiterPage = await getPage(ctx, await sessionFor(ctx, org.orgId, recruiter.userId), `/app/roles/${panel.role.id}/calibration`);
    expect(recruiterPage.body).toContain('Discovery samples &lt;img');
    const b = await sessionFor(ctx, org.orgId, panel.b.userId);
    expect((await postForm(ctx, b, `/app/me/calibration/exercises/${exercise.id}`, {})).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: `/calibration/exercises/${exercise.id}/responses`, headers: panel.b.auth, payload: { ratings: [{ itemId: exercise.items[0]!.id, rating: 2 }] } })).statusCode).toBe(404);
  });

  it('refuses a form post without the CSRF field', async () => {
    const s = await sessionFor(ctx, org.orgId, panel.lenient.userId);
    const response = await ctx.app.inject({ method: 'POST', url: `/app/me/calibration/exercises/${panel.role.id}`, headers: { ...s.headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x=1' });
    expect(response.statusCode).toBe(403);
  });

  it('shows the adverse-impact report to admin and compliance, and refuses others as the API does', async () => {
    const compliance = await org.addUser(['compliance']);
    const s = await sessionFor(ctx, org.orgId, compliance.userId);
    const chooser = await getPage(ctx, s, '/app/fairness');
    expect(chooser.statusCode).toBe(200);
    expect(chooser.body).toContain(`<option value="${funnelRole.roleId}">PM &lt;img src=x onerror=alert(1)&gt;</option>`);
    const report = await getPage(ctx, s, `/app/fairness?roleId=${funnelRole.roleId}`);
    expect(report.statusCode, report.body).toBe(200);
    // Nobody self-identified: every category is suppressed.
    expect(report.body).toContain('fewer than 5');
    expect(report.body).toContain('Whole process');
    const unknown = await getPage(ctx, s, '/app/fairness?roleId=00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Choose a role from the list.');
    for (const who of [recruiter, panel.owner, panel.b]) {
      const api = await ctx.app.inject({ method: 'GET', url: `/analytics/adverse-impact?roleId=${funnelRole.roleId}`, headers: who.auth });
      const page = await getPage(ctx, await sessionFor(ctx, org.orgId, who.userId), `/app/fairness?roleId=${funnelRole.roleId}`);
      expect([api.statusCode, page.statusCode]).toEqual([403, 403]);
    }
  });
});
