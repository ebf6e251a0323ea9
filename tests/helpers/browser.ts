// Browser tests: playwright-core driving Debian's chromium (never a downloaded browser). Without
// chromium the browser suites skip loudly; with REQUIRE_BROWSER=1 (CI) they fail instead.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { createTestApp, type TestContext } from './app.js';
import { freePort } from './run.js';
import { sessionFor } from './browser-session.js';
import { SESSION_COOKIE } from '../../src/sign-in/sessions.js';
import { startSmtp, type TestSmtp } from './smtp.js';

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path) => path && existsSync(path));
  if (found) return found;
  const onPath = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).stdout.trim();
  return onPath || undefined;
}

export const chromiumPath = findChromium();
if (!chromiumPath) {
  if (process.env.REQUIRE_BROWSER === '1') throw new Error('REQUIRE_BROWSER=1 but no chromium was found (install the Debian package "chromium", or set CHROMIUM_PATH).');
  console.warn('\n*** Browser tests SKIPPED: chromium not found. Install the Debian package "chromium" (or set CHROMIUM_PATH) to run them. ***\n');
}
/** For `describe.skipIf(noBrowser)`. */
export const noBrowser = !chromiumPath;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    headless: true,
    // Root in CI needs --no-sandbox; the rest keeps chromium off the (closed) network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface ServedApp extends TestContext {
  baseUrl: string;
}

/** The service on a real loopback port, its links (mails, candidate links) pointing at that port. */
export async function serveTestApp(overrides: Partial<Config> = {}): Promise<ServedApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const ctx = await createTestApp({ publicUrl: baseUrl, ...overrides });
  await ctx.app.listen({ port, host: '127.0.0.1' });
  return { ...ctx, baseUrl };
}

/** A browser page already signed in as this user (a real session cookie, as the email link would set). */
export async function signedInPage(browser: Browser, served: ServedApp, orgId: string, userId: string): Promise<Page> {
  const session = await sessionFor(served, orgId, userId);
  const context = await browser.newContext();
  await context.addCookies([{ name: SESSION_COOKIE, value: session.cookie, url: served.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  watchForScripts(page);
  return page;
}

const dialogs = new WeakMap<Page, string[]>();

/** Records (and dismisses) every dialog: none of our pages opens one, so one means injected script ran. */
export function watchForScripts(page: Page) {
  const seen: string[] = [];
  dialogs.set(page, seen);
  page.on('dialog', (dialog) => {
    seen.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

export const dialogsOf = (page: Page) => dialogs.get(page) ?? [];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The checks every page must pass (SPEC "Pages"): no serious or critical axe-core violation at
 * 1280 px and at 320 px, and no sideways scrolling at 320 px.
 */
export async function expectAccessiblePage(page: Page) {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not apply.
    await page.evaluate(axeSource);
    const violations = (await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return result.violations;
    })) as AxeViolation[];
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${page.url()} at ${width}px`).toEqual([]);
    if (width === 320) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${page.url()} scrolls sideways at 320px`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

export interface BrowserSuite {
  browser: Browser;
  served: ServedApp;
  /** Present when the suite asked for mail: a real SMTP server the service sends to. */
  smtp: TestSmtp;
}

/** Registers a browser suite's hooks: the service on a real port (mailing a real SMTP server when asked) and one browser. */
export function useBrowserSuite(options: { smtp?: boolean } = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    if (options.smtp) suite.smtp = await startSmtp();
    suite.served = await serveTestApp(options.smtp ? { mail: { smtpUrl: suite.smtp.url, from: 'Hiring <no-reply@example.test>' } } : {});
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.served?.close();
    await suite.smtp?.close();
  });
  return suite;
}
