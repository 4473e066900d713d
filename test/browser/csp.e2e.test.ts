/**
 * The built console (web/dist) and the API docs (/docs, swagger-ui) work in a real browser under the
 * Content-Security-Policy the platform sends: every page of the operator's menu, and the docs with an operation
 * opened and tried, with not one CSP violation, page error or console error. A console or swagger-ui change
 * that needs an inline script or style, eval, or another origin fails here, before users see a blank page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ensureConsole } from '../../web/build.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { browserUnavailable, launchBrowser, WIDE } from './support/browser.ts';

const unavailable = browserUnavailable();
const skip = unavailable && !process.env.CI ? `${unavailable} (the suite runs in CI, where it fails without chromium)` : false;

/** A page that records CSP violations, page errors and console errors. */
async function watchedPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: WIDE, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Which request failed, beside the browser's console line that does not say.
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`response ${r.status()}: ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { page, problems };
}

describe('the console and /docs under the Content-Security-Policy', { skip }, () => {
  let t: TestPlatform;
  let browser: Browser;

  before(async () => {
    if (unavailable) throw new Error(`CI requires the browser tests to run: ${unavailable}`);
    const build = await ensureConsole();
    assert.notEqual(build.status, 'failed', `the console must build: ${build.detail}`);
    t = await startTestPlatform();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('the console signs in and shows every page of the operator menu without a violation', async () => {
    const { page, problems } = await watchedPage(browser);
    const response = await page.goto(`${t.url}/`);
    assert.match(response!.headers()['content-security-policy'] ?? '', /script-src 'self'; style-src 'self'/);
    await page.getByLabel('API key', { exact: true }).fill(t.operator.apiKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    const labels = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    assert.ok(labels.length >= 3, `menu: ${labels.join(', ')}`);
    for (const label of labels) {
      await nav.getByRole('link', { name: label, exact: true }).click();
      await page.locator('main h1').waitFor();
      // The page has loaded its data (and drawn its charts) when no loading indicator is left (a page may show several).
      await page.waitForFunction(() => document.querySelector('main p.loading') === null, undefined, { timeout: 30_000 });
    }
    console.log(`console pages opened under the CSP: ${labels.join(', ')}`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('/docs lists the operations, opens one and runs it without a violation', async () => {
    const { page, problems } = await watchedPage(browser);
    const response = await page.goto(`${t.url}/docs`);
    assert.match(response!.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    // The API's tags are listed collapsed (expanded, swagger-ui stopped drawing a document this large part way).
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const tags = new Set(Object.values(doc.paths).flatMap((ms) => Object.values(ms).flatMap((o) => o.tags ?? [])));
    const tagBars = page.locator('.opblock-tag');
    await tagBars.nth(tags.size - 1).waitFor();
    assert.ok((await tagBars.count()) >= tags.size, `${await tagBars.count()} tags listed of ${tags.size}`);
    await page.locator('.opblock-tag', { hasText: 'system' }).first().click();
    const operations = tags.size;
    const health = page.locator('.opblock', { hasText: '/health' }).first();
    await health.locator('.opblock-summary').click();
    await health.getByRole('button', { name: 'Try it out' }).click();
    await health.getByRole('button', { name: 'Execute' }).click();
    await health.locator('.live-responses-table').waitFor();
    assert.match(await health.locator('.live-responses-table').innerText(), /200/);
    await page.getByRole('button', { name: /Authorize/ }).first().click();
    await page.locator('.modal-ux').waitFor();
    console.log(`/docs under the CSP: ${operations} tags listed, GET /health tried`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
