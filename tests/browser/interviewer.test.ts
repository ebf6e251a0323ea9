import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hoursAgo, openRoleCast } from '../helpers/fixtures.js';
import { dialogsOf, expectAccessiblePage, noBrowser, signedInPage, watchForScripts, useBrowserSuite } from '../helpers/browser.js';

const xss = '<img src=x onerror=alert(1)><script>alert(2)</script>';

describe.skipIf(noBrowser)('the interviewer in a browser', () => {
  const suite = useBrowserSuite({ smtp: true });

  async function signInByEmail(page: Page, email: string, mailsBefore: number) {
    await page.goto(suite.served.baseUrl);
    await page.getByLabel('Work email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const mails = await suite.smtp.waitFor(email, mailsBefore + 1);
    await page.goto(mails[mailsBefore]!.links[0]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'What needs you' }).waitFor();
  }

  it('scores an interview: evidence required beside the field, draft kept across a reload, review, submit, then amend', async () => {
    const { org, recruiter, a, b, role } = await openRoleCast(suite.served);
    const email = `ines-${Date.now()}@example.test`;
    await suite.served.database.db.execute(`update users set email = '${email}', name = 'Ines ${xss.replace(/'/g, "''")}' where id = '${a.userId}'`);
    const post = (who: { auth: Record<string, string> }, url: string, payload: object) => suite.served.app.inject({ method: 'POST', url, headers: who.auth, payload });
    const candidate = (await post(recruiter, '/candidates', { name: `Cam ${xss}`, email: `cam-${Date.now()}@example.test` })).json();
    const application = (await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json();
    const interview = (await post(recruiter, `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId, b.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
    // A colleague has already written theirs.
    await post(b, `/interviews/${interview.id}/scorecard/submit`, { ratings: [{ criterionId: role.criteria.discovery, rating: 3, evidence: 'Walked through three customer interviews from last month.' }], recommendation: 'yes' });

    const page = await (await suite.browser.newContext()).newPage();
    watchForScripts(page);
    await signInByEmail(page, email, 0);
    await expectAccessiblePage(page);
    await page.getByRole('link', { name: /Discovery interview/ }).click();
    await page.getByRole('heading', { name: /Discovery interview/ }).waitFor();
    expect(await page.getByText('Ask for a recent discovery cycle, end to end.').isVisible()).toBe(true);
    // Anchors beside each level; "not assessed"; no neutral recommendation.
    expect(await page.getByText('discovery level 3 (yes): observable behaviour').isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: /Discovery habits/ }).getByLabel('Not assessed').count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Overall recommendation' }).getByRole('radio').count()).toBe(4);
    await expectAccessiblePage(page);

    // A rating without evidence: refused beside the field, what was typed kept.
    const discovery = page.getByRole('group', { name: /Discovery habits/ });
    await discovery.getByLabel(/^3 · yes/).check();
    const prioritization = page.getByRole('group', { name: /Prioritization with evidence/ });
    await prioritization.getByLabel(/^2 · no/).check();
    await prioritization.getByLabel('Evidence for Prioritization with evidence').fill('Ranked the backlog by gut feeling, no data.');
    await page.getByLabel('Notes').fill('Good energy.');
    await page.getByRole('button', { name: 'Review and submit' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Discovery habits: write the evidence for your rating');
    expect(await discovery.locator('.field-error').textContent()).toContain('write the evidence');
    expect(await prioritization.getByLabel('Evidence for Prioritization with evidence').inputValue()).toBe('Ranked the backlog by gut feeling, no data.');
    expect(await discovery.getByLabel(/^3 · yes/).isChecked()).toBe(true);
    await expectAccessiblePage(page);

    // Save a draft, reload: everything is still there.
    await discovery.getByLabel('Evidence for Discovery habits').fill('Described weekly interviews with five customers and what changed after.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Your draft is saved').waitFor();
    await page.reload();
    expect(await page.getByLabel('Evidence for Discovery habits').inputValue()).toBe('Described weekly interviews with five customers and what changed after.');
    expect(await page.getByRole('group', { name: /Discovery habits/ }).getByLabel(/^3 · yes/).isChecked()).toBe(true);

    // Review (warned that it is final), then submit.
    await page.getByRole('group', { name: 'Overall recommendation' }).getByLabel('Hire', { exact: true }).check();
    await page.getByRole('button', { name: 'Review and submit' }).click();
    await page.getByRole('heading', { name: 'Check your scorecard before you submit it' }).waitFor();
    expect(await page.getByText('Submitting is final.').isVisible()).toBe(true);
    await expectAccessiblePage(page);
    await page.getByRole('button', { name: 'Submit scorecard' }).click();
    await page.getByText('Your scorecard is submitted').waitFor();
    expect(await page.getByRole('link', { name: 'Read your colleagues’ scorecards' }).getAttribute('href')).toBe(`/app/applications/${application.id}`);
    await expectAccessiblePage(page);

    // Amend with a reason: the original stays visible.
    await page.getByRole('group', { name: /Prioritization with evidence/ }).getByLabel(/^1 · strong no/).check();
    await page.getByRole('button', { name: 'Amend scorecard' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Say why you are amending');
    await page.getByLabel('Why are you amending it?').fill('Misread my notes.');
    await page.getByRole('button', { name: 'Amend scorecard' }).click();
    await page.getByText('Your amendment is recorded').waitFor();
    expect(await page.getByText('Misread my notes.').isVisible()).toBe(true);

    const card = (await suite.served.app.inject({ url: `/applications/${application.id}/scorecards`, headers: recruiter.auth })).json().items.find((c: { authorId: string }) => c.authorId === a.userId);
    expect(card.originalRatings.find((r: { criterionId: string }) => r.criterionId === role.criteria.prioritization).rating).toBe(2);
    expect(card.ratings.find((r: { criterionId: string }) => r.criterionId === role.criteria.prioritization).rating).toBe(1);
    expect(card.recommendation).toBe('yes');
    expect(dialogsOf(page)).toEqual([]);
    expect(org.orgId).toBeTruthy();
  });

  it('autosaves the draft as the person types, and keeps the text when a save fails', async () => {
    const { org, recruiter, a, role } = await openRoleCast(suite.served);
    const post = (who: { auth: Record<string, string> }, url: string, payload: object) => suite.served.app.inject({ method: 'POST', url, headers: who.auth, payload });
    const candidate = (await post(recruiter, '/candidates', { name: 'Ada Autosave', email: `ada-${Date.now()}@example.test` })).json();
    const application = (await post(recruiter, '/applications', { candidateId: candidate.id, roleId: role.roleId })).json();
    const interview = (await post(recruiter, `/applications/${application.id}/interviews`, { stepId: role.steps.interview, interviewerIds: [a.userId], startsAt: hoursAgo(3), endsAt: hoursAgo(2) })).json();
    const page = await signedInPage(suite.browser, suite.served, org.orgId, a.userId);
    await page.goto(`${suite.served.baseUrl}/app/interviews/${interview.id}`);

    // The network fails: the person is told, and nothing they typed is touched.
    await page.route('**/app/interviews/**', (route) => (route.request().method() === 'POST' ? route.abort() : route.continue()));
    const evidence = page.getByLabel('Evidence for Discovery habits');
    await evidence.fill('Typed while offline.');
    await page.getByText(/Could not save the draft/).waitFor();
    expect(await evidence.inputValue()).toBe('Typed while offline.');

    // Back online: the next change saves, and a reload shows it.
    await page.unroute('**/app/interviews/**');
    await evidence.fill('Typed while offline, saved when back.');
    await page.getByText(/Draft saved at/).waitFor();
    await page.reload();
    expect(await page.getByLabel('Evidence for Discovery habits').inputValue()).toBe('Typed while offline, saved when back.');
    expect(dialogsOf(page)).toEqual([]);
  });
});
