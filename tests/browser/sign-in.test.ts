import { describe, expect, it } from 'vitest';
import { createOrg } from '../helpers/app.js';
import { dialogsOf, expectAccessiblePage, noBrowser, watchForScripts, useBrowserSuite } from '../helpers/browser.js';

describe.skipIf(noBrowser)('signing in, in a browser', () => {
  const suite = useBrowserSuite({ smtp: true });

  it('asks for an email, mails a link, and the link opens the home page; sign-out ends it', async () => {
    const org = await createOrg(suite.served);
    const email = `browser-${Date.now()}@example.test`;
    await suite.served.app.inject({ method: 'POST', url: '/users', headers: org.admin.auth, payload: { email, name: 'Ines Interviewer', permissions: ['interviewer'] } });
    await suite.smtp.waitFor(email);

    const page = await (await suite.browser.newContext()).newPage();
    watchForScripts(page);
    await page.goto(`${suite.served.baseUrl}/app`);
    expect(new URL(page.url()).pathname).toBe('/');
    await expectAccessiblePage(page);

    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await expectAccessiblePage(page);

    await page.getByLabel('Work email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await expectAccessiblePage(page);

    const [, mail] = await suite.smtp.waitFor(email, 2);
    await page.goto(mail!.links[0]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'What needs you' }).waitFor();
    expect(await page.getByRole('button', { name: /Sign out Ines Interviewer/ }).isVisible()).toBe(true);
    await expectAccessiblePage(page);

    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${suite.served.baseUrl}/app`);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(dialogsOf(page)).toEqual([]);
  });
});
