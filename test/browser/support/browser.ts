/**
 * Browser test support: Debian's chromium driven by playwright-core, one isolated context per signed-in user
 * (the console keeps the API key in sessionStorage, so contexts do not share a session), and helpers that wait
 * for a command's progress to end.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.TIERCHAIN_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('../../../test-output/screenshots/', import.meta.url).pathname;

export const WIDE = { width: 1280, height: 800 };
export const NARROW = { width: 390, height: 844 };

/**
 * Why the browser tests cannot run here, or null when they can. Without chromium they are skipped locally, and
 * fail in CI (`CI` set): CI installs chromium (.ci/run), so a missing browser there is a broken set-up.
 */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM)) return null;
  return `chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set TIERCHAIN_CHROMIUM`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** A signed-in user of the console in its own browser context. */
export class ConsoleUser {
  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly baseUrl: string,
    readonly errors: string[],
  ) {}

  static async signIn(browser: Browser, baseUrl: string, name: string, apiKey: string, p: { locale?: 'en' | 'zh-CN' } = {}): Promise<ConsoleUser> {
    const context = await browser.newContext({ viewport: WIDE, locale: p.locale ?? 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`${name}: console: ${m.text()}`);
    });
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('API key', { exact: true }).fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    return new ConsoleUser(name, context, page, baseUrl, errors);
  }

  /** Navigates with the menu (a real click on the link, as a user would). */
  async open(menuLabel: string): Promise<void> {
    const nav = this.page.getByRole('navigation', { name: 'Main' });
    const toggle = nav.getByRole('button', { name: /Menu/ });
    if (await toggle.isVisible()) await toggle.click();
    await nav.getByRole('link', { name: menuLabel, exact: true }).click();
    await this.page.locator('main h1').waitFor();
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
    await this.page.getByTestId('whoami').waitFor();
  }

  /** A card (section) of the page by its heading. */
  card(title: string | RegExp): Locator {
    return this.page.locator('section.card').filter({ has: this.page.getByRole('heading', { name: title, level: 2 }) });
  }

  /** Writes `test-output/screenshots/<name>-<width>.png` at the wide and the narrow size. */
  async screenshot(name: string, p: { narrow?: boolean } = { narrow: true }): Promise<string[]> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const files: string[] = [];
    for (const size of p.narrow === false ? [WIDE] : [WIDE, NARROW]) {
      await this.page.setViewportSize(size);
      await this.page.evaluate(() => window.scrollTo(0, 0));
      await this.page.waitForTimeout(250);
      const file = join(SCREENSHOTS, `${name}-${size.width}.png`);
      await this.page.screenshot({ path: file, fullPage: true });
      files.push(file);
    }
    await this.page.setViewportSize(WIDE);
    return files;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/**
 * Waits until the command progress inside `scope` ends, and returns its phase and text. A command shows
 * accepted → submitted → confirmed, or failed (the chain's decoded reason), or refused (the API said no).
 */
export async function commandOutcome(scope: Locator, timeoutMs = 60_000): Promise<{ phase: string; text: string }> {
  const live = scope.locator('.command-live[data-phase]').last();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await live.count()) {
      const phase = (await live.getAttribute('data-phase')) ?? '';
      if (phase === 'confirmed' || phase === 'failed' || phase === 'refused') return { phase, text: (await live.innerText()).trim() };
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for a command to finish in ${scope}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Like commandOutcome, and the command must have been confirmed. */
export async function confirmed(scope: Locator, what: string): Promise<string> {
  const { phase, text } = await commandOutcome(scope);
  if (phase !== 'confirmed') throw new Error(`${what}: ${phase}: ${text}`);
  return text;
}

/** Polls `check` (a page read) until it holds; for figures that follow the indexer. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
