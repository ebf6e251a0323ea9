import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { seedDemo } from '../../src/demo/seed.js';
import { createOrg } from '../helpers/app.js';
import { dialogsOf, expectAccessiblePage, noBrowser, signedInPage, useBrowserSuite } from '../helpers/browser.js';

describe.skipIf(noBrowser)('the decision owner in a browser', () => {
  const suite = useBrowserSuite();

  it('reads the debrief of the "one last step" story, with its flags and the grid, and decides citing criteria', async () => {
    const org = await createOrg(suite.served, 'Demo');
    const summary = await seedDemo(suite.served.app, suite.served.config, org.orgId, { sub: org.admin.sub });
    const robin = summary.candidates.find((c) => c.name === 'Robin Rivera')!;
    const [owner] = await suite.served.database.db.select().from(users).where(and(eq(users.orgId, org.orgId), eq(users.name, 'Dana Decider')));

    const page = await signedInPage(suite.browser, suite.served, org.orgId, owner!.id);
    await page.goto(`${suite.served.baseUrl}/app`);
    await page.getByRole('link', { name: /Robin Rivera/ }).click();
    await page.getByRole('heading', { name: 'Debrief: Robin Rivera' }).waitFor();

    for (const code of ['UNPLANNED_STEP', 'UNFRAMED_STEP', 'VETO_STYLE', 'BIAS_LANGUAGE']) {
      const flag = page.locator(`li.flag[data-code="${code}"]`).first();
      expect(await flag.isVisible(), code).toBe(true);
      // Each flag carries its one actionable sentence.
      expect((await flag.locator('p').nth(1).textContent())!.length, code).toBeGreaterThan(20);
    }
    expect(await page.locator('li.flag[data-code="BIAS_LANGUAGE"]').first().textContent()).toMatch(/Matched “/);
    const grid = page.getByRole('table', { name: /Ratings per criterion and interviewer/ });
    expect(await grid.getByRole('rowheader').count()).toBeGreaterThan(2);
    expect(await grid.getByText('meets bar').count()).toBeGreaterThan(0);
    // No verdict of its own.
    expect(await page.getByText(/we recommend|recommended decision/i).count()).toBe(0);
    await expectAccessiblePage(page);

    // Deciding without a rationale or criteria: errors beside the fields.
    await page.getByLabel('No hire').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Write the rationale');
    expect(await page.getByLabel('No hire').isChecked()).toBe(true);
    await expectAccessiblePage(page);

    await page.getByLabel('Rationale').fill('Every framed criterion meets the bar; the lunch added nothing assessable.');
    const criteria = page.getByRole('group', { name: 'Criteria your decision rests on' });
    await criteria.getByRole('checkbox').first().check();
    await page.getByLabel('Hire', { exact: true }).check();
    const override = page.getByLabel(/Why decide with/);
    if (await override.count()) await override.fill('The missing card is from the unplanned lunch.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('Your decision is recorded.').waitFor();
    expect(await page.locator('#decision').locator('..').getByText(/Hire/).first().isVisible()).toBe(true);

    const synthesis = (await suite.served.app.inject({ url: `/applications/${robin.applicationId}/synthesis`, headers: { authorization: `Bearer ${summary.tokens.decisionOwner}` } })).json();
    expect(synthesis.decisions).toHaveLength(1);
    expect(synthesis.decisions[0]).toMatchObject({ decision: 'hire', decidedBy: owner!.id });
    expect(synthesis.decisions[0].criterionIds).toHaveLength(1);
    expect(dialogsOf(page)).toEqual([]);
  });
});
