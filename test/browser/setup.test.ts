import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src/services/auth/setup.js';
import { control, fieldError, launchChromium, openPage, startWebServer, type WebServer } from '../helpers/browser.js';

const en = JSON.parse(readFileSync(new URL('../../web/src/i18n/en.json', import.meta.url), 'utf8')) as Record<string, string>;

// A server with no users at all, as after the first `npm start`.
let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  server = await startWebServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('first-time setup', () => {
  it('creates the first administrator with the token from the server log, and only once', async () => {
    const setupToken = (await issueSetupToken(server.store.db))!;
    expect(setupToken).toMatch(/^kvsetup_/);
    const { page, problems, context } = await openPage(browser, server.baseUrl);
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('link', { name: en['signIn.setupLink'] }).click();
    await page.waitForURL('**/setup');

    await control(page, 'setupToken').fill('kvsetup_not-the-one');
    await control(page, 'displayName').fill('Leila Karimi');
    await control(page, 'email').fill('leila@karvan.example');
    await control(page, 'password').fill('short');
    await page.locator('main form button[type="submit"]').click();
    // The server checks the input's shape first: the short password is named beside its field.
    await expect.poll(() => fieldError(page, 'password').textContent()).toBe(en['error.invalid_input.password']);
    await control(page, 'password').fill('pomegranate garden gate');
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => fieldError(page, 'setupToken').textContent()).toBe(en['error.wrong_setup_token']);

    await control(page, 'setupToken').fill(setupToken);
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => page.locator('[data-screen="dashboard"] p').first().textContent()).toContain('Leila Karimi');
    expect(await page.locator('[data-screen="dashboard"]').textContent()).toContain(en['dashboard.noMembershipsAdmin']);

    // The token is spent: a second set-up is refused.
    const again = await context.request.post('/api/setup', {
      data: { setupToken, email: 'other@karvan.example', displayName: 'Other', password: 'another long password' },
    });
    expect(again.status()).toBe(409);
    expect(problems).toEqual([]);
    await context.close();
  });
});
