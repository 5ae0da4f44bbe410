import { testDeps } from './app.js';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { buildApp, type App } from '../../src/http/app.js';
import type { Store } from '../../src/db/client.js';
import { webDistDir } from '../../src/cli/web-build.js';
import { openTestStore } from './db.js';

export { launchChromium } from './chromium.js';

/** The real server (API and built web app) on a free port, on a test database of its own. */
export interface WebServer {
  app: App;
  store: Store;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startWebServer(): Promise<WebServer> {
  if (!existsSync(path.join(webDistDir, 'index.html'))) throw new Error('web/dist is missing: run npm run build:web');
  const store = await openTestStore();
  const app = await buildApp({ ...testDeps(store), web: { distDir: webDistDir } });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    store,
    baseUrl: address,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export const desktop = { width: 1280, height: 860 };
export const phone = { width: 360, height: 740 };

/**
 * A page in a context of its own (its own cookies and storage, like a separate device). Errors the
 * page throws or logs are collected, so a test can assert the app ran cleanly.
 */
/** The time zone of the pages' devices (a phone in Isfahan): its date runs ahead of UTC's from 20:30 UTC. */
export const DEVICE_TIME_ZONE = 'Asia/Tehran';

/** Today's date (YYYY-MM-DD) on the pages' devices, as the app writes it in what they record. */
export const deviceToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: DEVICE_TIME_ZONE }).format(new Date());

export async function openPage(
  browser: Browser,
  baseUrl: string,
  viewport = desktop,
  timezoneId = DEVICE_TIME_ZONE,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'en-GB', timezoneId });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 4xx answer the app handles (a wrong password) is logged by chromium as a failed resource.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('[data-field="email"] input').fill(email);
  await page.locator('[data-field="password"] input').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/** Signs a browser context in through the API (quicker, for tests about something else). */
export async function signInContext(context: BrowserContext, email: string, password: string): Promise<void> {
  const response = await context.request.post('/api/auth/sign-in', { data: { email, password } });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
}

/** Chooses a language with the switcher in the top bar. */
export async function chooseLanguage(page: Page, language: 'en' | 'fa' | 'ar'): Promise<void> {
  await page.locator('.language-switcher select').selectOption(language);
  // A locator, not waitForFunction: the app's Content-Security-Policy forbids evaluating strings.
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
}

/**
 * Evaluates an expression in the page. Written as text because the tests are type-checked for
 * Node, without the browser's types.
 */
export const inPage = <T>(page: Page, expression: string): Promise<T> => page.evaluate(expression) as Promise<T>;

/** The input, select, text area or checkbox that the API calls `field` (forms mark each with data-field). */
export const control = (page: Page, field: string) => page.locator(`[data-field="${field}"]`).locator('input, select, textarea').first();

/** Types into the item or place picker that the API calls `field`, then chooses the offer whose text matches. */
export async function pick(page: Page, field: string, typed: string, choice: string | RegExp): Promise<void> {
  await control(page, field).fill(typed);
  await page.locator(`[data-field="${field}"] [role="option"]`, { hasText: choice }).first().click();
}

/** Fills a date field (day, month, year in the page's calendar) that the API calls `field`. */
export async function fillDate(page: Page, field: string, parts: { day: string; month: number; year: string }): Promise<void> {
  const inputs = page.locator(`[data-field="${field}"]`);
  await inputs.locator('input').nth(0).fill(parts.day);
  await inputs.locator('select').selectOption(String(parts.month));
  await inputs.locator('input').nth(1).fill(parts.year);
}

/** The text of the error shown beside the input the API calls `field`. */
export const fieldError = (page: Page, field: string) => page.locator(`[data-field="${field}"] .field-error`);

const screenshotDir = fileURLToPath(new URL('../../screenshots/', import.meta.url));

/** Saves what the page (or one part of it) shows to screenshots/<name>.png (a folder git ignores), for people to look at. */
export async function screenshot(page: Page, name: string, part?: Locator): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.evaluate('document.fonts.ready.then(() => true)');
  const file = path.join(screenshotDir, `${name}.png`);
  await (part ? part.screenshot({ path: file }) : page.screenshot({ path: file, fullPage: true }));
}

/** The app's texts in a language, as the tests compare what the page shows with them. */
export const messagesOf = (language: 'en' | 'fa' | 'ar'): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../web/src/i18n/${language}.json`, import.meta.url), 'utf8')) as Record<string, string>;
