import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createOrg } from '../helpers/app.js';
import { hoursAgo, openRoleCast } from '../helpers/fixtures.js';
import { dialogsOf, expectAccessiblePage, noBrowser, signedInPage, useBrowserSuite } from '../helpers/browser.js';

const hostile = '<img src=x onerror=alert(1)>';

describe.skipIf(noBrowser)('a recruiter, in a browser', () => {
  const suite = useBrowserSuite();

  const submit = async (page: Page, name: string | RegExp) => {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).first().click()]);
  };

  it('builds a role from scratch to open, adds a candidate, schedules an interview and creates a candidate link', async () => {
    const org = await createOrg(suite.served);
    const recruiter = await org.addUser(['recruiter'], 'Rita Recruiter');
    await org.addUser(['interviewer'], 'Dana Owner');
    await org.addUser(['interviewer'], 'Ivan Interviewer');
    const page = await signedInPage(suite.browser, suite.served, org.orgId, recruiter.userId);

    await page.goto(`${suite.served.baseUrl}/app/roles`);
    await expectAccessiblePage(page);
    await page.getByRole('link', { name: 'Create a role' }).click();
    await page.getByRole('heading', { name: 'Create a role' }).waitFor();
    await expectAccessiblePage(page);
    await page.locator('#f-role-title').fill(hostile);
    await submit(page, 'Create the draft role');
    await page.locator('#checklist').waitFor();
    expect(await page.locator('h1').textContent()).toContain(hostile);
    await expectAccessiblePage(page);

    // Each checklist reason links to its fix on the same page.
    const ownerLink = page.locator('#checklist a[href="#f-role-decisionOwnerId"]');
    await ownerLink.click();
    expect(await page.evaluate(() => location.hash)).toBe('#f-role-decisionOwnerId');
    await page.locator('#f-role-decisionOwnerId').selectOption({ label: 'Dana Owner' });
    await submit(page, 'Save the role');

    await page.locator('#f-metric-new-name').fill('Pipelines shipped');
    await page.locator('#f-metric-new-measurement').fill('count per quarter');
    await page.locator('#f-metric-new-target').fill('2 per quarter');
    await submit(page, 'Add metric');

    // A validation error shows beside the field and keeps what was typed.
    await page.locator('#f-criterion-new-name').fill('Data modelling');
    await submit(page, 'Add criterion');
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-criterion-new-name').inputValue()).toBe('Data modelling');
    await expectAccessiblePage(page);
    await page.locator('#f-criterion-new-description').fill('Models data so it answers questions.');
    for (let level = 0; level < 4; level++) await page.locator(`#f-criterion-new-anchors-${level}`).fill(`Level ${level + 1} behaviour`);
    await page.locator('#add-criterion').getByLabel('Pipelines shipped').check();
    await submit(page, 'Add criterion');

    await page.locator('#f-step-new-name').fill('Technical interview');
    await page.locator('#f-step-new-briefing').fill('Model a schema together.');
    await submit(page, 'Add step');
    await page.getByLabel('Ivan Interviewer assesses Data modelling').check();
    await submit(page, /Save assignments/);
    await page.locator('#checklist-complete').waitFor();
    await expectAccessiblePage(page);
    await submit(page, 'Open the role');
    expect(await page.locator('h1 .tag').textContent()).toBe('open');

    await page.getByRole('link', { name: 'Pipeline' }).click();
    await page.getByRole('heading', { name: /Pipeline/ }).first().waitFor();
    await page.getByLabel('Name', { exact: true }).fill(hostile);
    await page.getByLabel('Email').fill('candidate@example.test');
    await submit(page, 'Add the candidate to this role');
    expect(new URL(page.url()).pathname).toMatch(/^\/app\/applications\//);
    await expectAccessiblePage(page);

    await page.locator('#schedule-i-' + (await page.locator('input[name="interviewerIds"]').first().getAttribute('value'))).check();
    await page.getByLabel('Starts (UTC)').fill('2030-03-04T10:00');
    await page.getByLabel('Ends (UTC)').fill('2030-03-04T11:00');
    await submit(page, 'Schedule the interview');
    expect(await page.locator('section[aria-labelledby="schedule"]').textContent()).toContain('4 Mar 2030, 10:00 UTC');

    await submit(page, 'Create a candidate link');
    const url = (await page.locator('#new-link').textContent())!.trim();
    expect(url).toContain('/candidate/rubric?token=');
    expect(await page.locator('button[data-copy="new-link"]').isVisible()).toBe(true);
    await expectAccessiblePage(page);

    await page.goto(url);
    expect(await page.content()).toContain('Data modelling');

    const roleId = await (async () => {
      await page.goto(`${suite.served.baseUrl}/app/roles`);
      await expectAccessiblePage(page);
      return (await page.locator('main a[href^="/app/roles/"]').last().getAttribute('href'))!.split('/').pop()!;
    })();
    await page.goto(`${suite.served.baseUrl}/app/roles/${roleId}/pipeline`);
    expect(await page.locator('main').textContent()).toContain(hostile);
    await expectAccessiblePage(page);
    await page.goto(`${suite.served.baseUrl}/app/roles/${roleId}`);
    await expectAccessiblePage(page);
    expect(dialogsOf(page)).toEqual([]);
  });

  it('shows interviewers and the decision owner read-only pages that pass the same checks', async () => {
    const { org, role, recruiter, a, b } = await openRoleCast(suite.served);
    const api = (who: { auth: Record<string, string> }, method: 'POST', url: string, payload: object) => suite.served.app.inject({ method, url, headers: who.auth, payload });
    const candidate = (await api(recruiter, 'POST', '/candidates', { name: hostile, email: 'c@example.test' })).json();
    const application = (await api(recruiter, 'POST', '/applications', { candidateId: candidate.id, roleId: role.roleId })).json();
    const interview = (await api(recruiter, 'POST', `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
    const card = (criterionIds: string[]) => ({ ratings: criterionIds.map((criterionId) => ({ criterionId, rating: 3, evidence: 'Concrete example given.' })), recommendation: 'yes' });
    await api(a, 'POST', `/interviews/${interview.id}/scorecard/submit`, card([role.criteria.discovery, role.criteria.prioritization]));
    await api(b, 'POST', `/interviews/${interview.id}/scorecard/submit`, card([role.criteria.discovery, role.criteria.collaboration]));

    const asA = await signedInPage(suite.browser, suite.served, org.orgId, a.userId);
    await asA.goto(`${suite.served.baseUrl}/app/roles/${role.roleId}`);
    expect(await asA.locator('main form').count()).toBe(0);
    await expectAccessiblePage(asA);
    await asA.goto(`${suite.served.baseUrl}/app/applications/${application.id}`);
    await asA.locator('#colleagues').waitFor();
    await expectAccessiblePage(asA);

    const asOwner = await signedInPage(suite.browser, suite.served, org.orgId, role.decisionOwner.userId);
    await asOwner.goto(`${suite.served.baseUrl}/app/applications/${application.id}`);
    expect(await asOwner.locator('h1').textContent()).toBe(hostile);
    await expectAccessiblePage(asOwner);
    await asOwner.goto(`${suite.served.baseUrl}/app/roles/${role.roleId}/pipeline`);
    await expectAccessiblePage(asOwner);
    expect([...dialogsOf(asA), ...dialogsOf(asOwner)]).toEqual([]);
  });
});
