import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { createToken } from '../../src/services/auth/tokens.js';
import { operator } from '../../src/services/context.js';
import { updateOrganisation } from '../../src/services/organisations.js';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import { seedCatalogue } from '../helpers/web-seed.js';
import { chooseLanguage, inPage, launchChromium, openPage, phone, screenshot, signInContext, startWebServer, type WebServer } from '../helpers/browser.js';

const languages = ['en', 'fa', 'ar'] as const;
const messages = Object.fromEntries(
  languages.map((l) => [l, JSON.parse(readFileSync(new URL(`../../web/src/i18n/${l}.json`, import.meta.url), 'utf8')) as Record<string, string>]),
);

let server: WebServer;
let world: World;
let browser: Browser;
let kitId: string;

/** A small, plausible catalogue and site list, so the screenshots show what people will see. */
async function seedScreens() {
  const ctx = { db: server.store.db, actor: operator };
  await updateOrganisation(ctx, world.partner.id, {
    contacts: [{ name: 'Amal Haddad', role: 'Warehouse lead', email: 'amal@example.org', phone: '+970 59 123 4567' }],
  });
  const catalogue = await seedCatalogue(server, world);
  kitId = catalogue.parcel.id;
  await createToken(server.store.db, world.people.partner.admin.userId!, { name: 'Tablet, Deir al-Balah store', expiresInDays: 90 });
}

beforeAll(async () => {
  server = await startWebServer();
  world = await seedWorld(server);
  await seedScreens();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a screen and waits until its data is on it (a title, and no "Loading…"). */
async function show(page: Page, path: string) {
  await page.goto(path);
  await page.locator('main h1').waitFor();
  await page.locator('main .loading').waitFor({ state: 'detached' });
}

describe.each(languages)('the main screens in %s', (language) => {
  const t = messages[language]!;
  const dir = language === 'en' ? 'ltr' : 'rtl';

  it('are drawn in the language and direction chosen, without errors, and saved as screenshots', async () => {
    const signedOut = await openPage(browser, server.baseUrl);
    await signedOut.page.goto('/sign-in');
    await chooseLanguage(signedOut.page, language);
    await show(signedOut.page, '/sign-in');
    expect(await signedOut.page.locator('main h1').textContent()).toBe(t['signIn.title']);
    await screenshot(signedOut.page, `${language}-sign-in`);
    await signedOut.context.close();

    const { page, context, problems } = await openPage(browser, server.baseUrl);
    await signInContext(context, 'admin@partner.test', TEST_PASSWORD);
    await show(page, '/');
    await chooseLanguage(page, language);
    const screens: [name: string, path: string, title?: string][] = [
      ['dashboard', '/', t['dashboard.title']],
      ['organisations', '/organisations', t['organisations.title']],
      ['organisation', `/organisations/${world.partner.id}`],
      ['members', `/organisations/${world.partner.id}/members`, t['members.title']],
      ['catalogue', '/catalogue', t['catalogue.title']],
      ['kit', `/catalogue/${kitId}`],
      ['new-item', '/catalogue/new', t['catalogue.new']],
      ['places', `/locations?parent=${referenceLocationId('PS02')}`, t['locations.title']],
      ['sites', `/locations?parent=${referenceLocationId('PS0265')}`, t['locations.title']],
      ['new-site', `/locations/new?parentId=${referenceLocationId('PS0265')}`, t['locations.add']],
      ['tokens', '/account/tokens', t['nav.tokens']],
      ['password', '/account/password', t['password.title']],
    ];
    for (const [name, path, title] of screens) {
      await show(page, path);
      expect(await inPage(page, 'document.documentElement.dir'), name).toBe(dir);
      if (title) expect(await page.locator('main h1').textContent(), name).toBe(title);
      await screenshot(page, `${language}-${name}`);
    }

    const small = await context.newPage();
    await small.setViewportSize(phone);
    await show(small, '/catalogue');
    expect(await inPage(small, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    await screenshot(small, `${language}-phone-catalogue`);
    await small.locator('.menu-button').click();
    await screenshot(small, `${language}-phone-menu`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
