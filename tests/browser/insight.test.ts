// The analysts', admins' and candidates' pages in a real browser: accessible at 1280 and 320 px
// with no sideways scroll, labels with markup shown as text, and the candidate's erasure flow
// from their link to the admin's queue.
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidates, roles } from '../../src/db/schema.js';
import { createOrg, type StaffMember, type TestOrg } from '../helpers/app.js';
import type { SeededRole } from '../helpers/fixtures.js';
import { dialogsOf, expectAccessiblePage, launchBrowser, noBrowser, serveTestApp, signedInPage, watchForScripts, type ServedApp } from '../helpers/browser.js';
import { seedWebhookDelivery } from '../webhooks/seed.js';
import { post, seedCandidateLink, seedFunnel, seedLenientPanel } from '../insight/helpers.js';

const XSS = '<img src=x onerror=alert(1)>';

describe.skipIf(noBrowser)('insight, admin and candidate pages in a browser', () => {
  let browser: Browser;
  let served: ServedApp;
  let org: TestOrg;
  let recruiter: StaffMember;
  let funnelRole: SeededRole;
  let panel: Awaited<ReturnType<typeof seedLenientPanel>>;

  beforeAll(async () => {
    served = await serveTestApp();
    browser = await launchBrowser();
    org = await createOrg(served);
    recruiter = await org.addUser(['recruiter'], `Rita ${XSS}`);
    funnelRole = await seedFunnel(served, org, recruiter);
    await served.database.db.update(roles).set({ title: `PM ${XSS}` }).where(eq(roles.id, funnelRole.roleId));
    panel = await seedLenientPanel(served, org, recruiter);
    await post(served, recruiter, '/calibration/exercises', {
      title: `Samples ${XSS}`,
      roleId: panel.role.id,
      interviewerIds: [panel.lenient.userId],
      items: [{ criterionId: panel.discovery, evidence: `Evidence ${XSS}`, referenceRating: 3 }],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('renders every staff page accessibly at 1280 and 320 px, markup in labels as text', async () => {
    const hook = await seedWebhookDelivery(served, org.orgId, funnelRole.roleId);
    const visits: [StaffMember, string][] = [
      [recruiter, `/app/roles/${funnelRole.roleId}/funnel`],
      [recruiter, `/app/roles/${funnelRole.roleId}/funnel?from=nonsense`],
      [recruiter, `/app/roles/${panel.role.id}/calibration`],
      [panel.lenient, '/app/me/calibration'],
      [org.admin, '/app/fairness'],
      [org.admin, `/app/fairness?roleId=${funnelRole.roleId}`],
      [org.admin, '/app/admin/users'],
      [org.admin, `/app/admin/users/${recruiter.userId}`],
      [org.admin, '/app/admin/erasure'],
      [org.admin, '/app/admin/audit'],
      [org.admin, '/app/admin/imports'],
      [org.admin, '/app/admin/webhooks'],
      [org.admin, `/app/admin/webhooks/${hook.webhookId}`],
    ];
    for (const [who, path] of visits) {
      const page = await signedInPage(browser, served, org.orgId, who.userId);
      await page.goto(`${served.baseUrl}${path}`);
      await expectAccessiblePage(page);
      expect(dialogsOf(page), path).toEqual([]);
      await page.context().close();
    }
  }, 180_000);

  it('shows validation errors beside the fields of the invite form, accessibly', async () => {
    const page = await signedInPage(browser, served, org.orgId, org.admin.userId);
    await page.goto(`${served.baseUrl}/app/admin/users`);
    await page.getByLabel('Name').fill(XSS);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
    await expectAccessiblePage(page);
    expect(await page.getByLabel('Name').inputValue()).toBe(XSS);
    expect(dialogsOf(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('lets an interviewer rate an exercise in the browser', async () => {
    const page = await signedInPage(browser, served, org.orgId, panel.lenient.userId);
    await page.goto(`${served.baseUrl}/app/me/calibration`);
    await page.getByLabel('3. yes').first().check();
    await page.getByRole('button', { name: 'Submit ratings' }).click();
    await expect.poll(() => page.getByText('Rated: 1 of 1.').isVisible()).toBe(true);
    await expectAccessiblePage(page);
    expect(dialogsOf(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('a candidate opens the link, downloads their data and asks for erasure; the admin erases from the queue', async () => {
    const { candidateId, link } = await seedCandidateLink(served, recruiter, funnelRole.roleId, `Casey ${XSS}`);
    const context = await browser.newContext();
    const page = await context.newPage();
    watchForScripts(page);
    await page.goto(link.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`PM ${XSS}`);
    await expectAccessiblePage(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()]);
    const data = JSON.parse(await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8'));
    expect(data.candidate.name).toBe(`Casey ${XSS}`);

    await page.getByRole('button', { name: 'Ask for erasure' }).click();
    await expect.poll(() => page.getByText('Your request is recorded.').isVisible()).toBe(true);
    await expectAccessiblePage(page);
    expect(dialogsOf(page)).toEqual([]);

    const admin = await signedInPage(browser, served, org.orgId, org.admin.userId);
    await admin.goto(`${served.baseUrl}/app/admin/erasure`);
    await expectAccessiblePage(admin);
    await admin.getByRole('button', { name: `Erase candidate ${candidateId}` }).click();
    await expect.poll(() => admin.getByText('No request is waiting.').isVisible()).toBe(true);
    const [person] = await served.database.db.select().from(candidates).where(eq(candidates.id, candidateId));
    expect(person!.erasedAt).not.toBeNull();

    // The link now answers with a page that explains itself.
    await page.goto(link.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('This link no longer works');
    await expectAccessiblePage(page);
    await admin.context().close();
    await context.close();
  }, 120_000);
});
