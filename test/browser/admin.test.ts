import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import {
  chooseLanguage,
  control,
  fieldError,
  inPage,
  launchChromium,
  messagesOf,
  openPage,
  phone,
  signIn,
  startWebServer,
  type WebServer,
} from '../helpers/browser.js';

const en = messagesOf('en');
const fa = messagesOf('fa');
const ar = messagesOf('ar');

let server: WebServer;
let world: World;
let browser: Browser;
beforeAll(async () => {
  server = await startWebServer();
  world = await seedWorld(server);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page for one person; the test fails if the app throws or logs an error on it. */
async function personPage(email?: string, viewport?: typeof phone) {
  const opened = await openPage(browser, server.baseUrl, viewport);
  if (email) await signIn(opened.page, email, TEST_PASSWORD);
  return opened;
}
const heading = (page: Page) => page.locator('main h1');
const nav = (page: Page, name: string) => page.locator('#site-nav').getByRole('link', { name, exact: true });
const submit = (page: Page) => page.locator('main form button[type="submit"]').first();
const idInUrl = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!;

describe('signing in and out', () => {
  it('sends a visitor to sign in, says when the password is wrong, then goes where they were headed', async () => {
    const { page, problems, context } = await personPage();
    await page.goto('/catalogue?kind=kits');
    await page.waitForURL(/\/sign-in\?next=/);
    await control(page, 'email').fill('coordinator@sending.test');
    await control(page, 'password').fill('not the password');
    await submit(page).click();
    await expect.poll(() => page.locator('.form-alert').textContent()).toBe(en['error.wrong_credentials']);

    await control(page, 'password').fill(TEST_PASSWORD);
    await submit(page).click();
    await page.waitForURL('**/catalogue?kind=kits');
    await expect.poll(() => heading(page).textContent()).toBe(en['catalogue.title']);
    expect(await page.locator('.filters select').nth(1).inputValue()).toBe('kits');

    await page.getByRole('button', { name: en['nav.signOut'] }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('organisations', () => {
  it('an instance administrator registers an organisation with names in three scripts and a contact', async () => {
    const { page, problems, context } = await personPage('root@karvan.test');
    await nav(page, en['nav.organisations']!).click();
    await page.getByRole('link', { name: en['organisations.new'] }).click();
    await control(page, 'kind').selectOption('donor');
    await control(page, 'names.en').fill('Isfahan Bazaar Donors');
    await control(page, 'names.fa').fill('خیرین بازار اصفهان');
    await control(page, 'names.ar').fill('متبرعو بازار أصفهان');
    await control(page, 'country').fill('ir');
    await page.getByRole('button', { name: en['organisations.addContact'] }).click();
    await control(page, 'contacts.0.name').fill('Maryam Rahimi');
    await control(page, 'contacts.0.email').fill('maryam@example.org');
    await control(page, 'contacts.0.phone').fill('+98 31 1234 5678');
    await submit(page).click();
    await page.waitForURL(/\/organisations\/[0-9a-f-]{36}$/);
    await expect.poll(() => heading(page).textContent()).toBe('Isfahan Bazaar Donors');

    const saved = (await world.admin.call('GET', `/api/organisations/${idInUrl(page)}`)).json();
    expect(saved).toMatchObject({
      kind: 'donor',
      country: 'IR',
      names: { en: 'Isfahan Bazaar Donors', fa: 'خیرین بازار اصفهان', ar: 'متبرعو بازار أصفهان' },
      contacts: [{ name: 'Maryam Rahimi', email: 'maryam@example.org', phone: '+98 31 1234 5678' }],
    });

    // A second contact with a broken e-mail address: the error sits beside that input.
    await page.getByRole('button', { name: en['organisations.addContact'] }).click();
    await control(page, 'contacts.1.name').fill('Hassan');
    await control(page, 'contacts.1.email').fill('not-an-address');
    await submit(page).click();
    await expect.poll(() => fieldError(page, 'contacts.1.email').textContent()).toBe(en['error.invalid_input.contacts.*.email']);
    expect(await control(page, 'contacts.1.email').getAttribute('aria-invalid')).toBe('true');
    expect(await fieldError(page, 'contacts.0.email').count()).toBe(0);
    expect((await world.admin.call('GET', `/api/organisations/${idInUrl(page)}`)).json().contacts).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an organisation administrator adds a person, who must change the temporary password at first sign-in', async () => {
    const admin = await personPage('admin@sending.test');
    await admin.page.goto(`/organisations/${world.sending.id}/members`);
    await expect.poll(() => admin.page.locator('tbody tr').count()).toBe(5);
    await control(admin.page, 'email').fill('zahra@sending.test');
    await control(admin.page, 'displayName').fill('Zahra Ahmadi');
    await control(admin.page, 'role').selectOption('warehouse');
    await submit(admin.page).click();
    const temporaryPassword = (await admin.page.locator('code.secret').textContent())!;
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
    await expect.poll(() => admin.page.locator('tbody tr').count()).toBe(6);

    const zahra = await personPage();
    await zahra.page.goto('/sign-in');
    await control(zahra.page, 'email').fill('zahra@sending.test');
    await control(zahra.page, 'password').fill(temporaryPassword);
    await submit(zahra.page).click();
    await zahra.page.waitForURL('**/account/password');
    expect(await zahra.page.locator('main .notice').first().textContent()).toBe(en['password.mustChange']);
    // Leaving for another screen is not possible yet.
    await zahra.page.goto('/catalogue');
    await zahra.page.waitForURL('**/account/password');

    await control(zahra.page, 'currentPassword').fill(temporaryPassword);
    await control(zahra.page, 'newPassword').fill('olive tree courtyard');
    await control(zahra.page, 'repeatPassword').fill('olive tree courtyarb');
    await submit(zahra.page).click();
    await expect.poll(() => fieldError(zahra.page, 'repeatPassword').textContent()).toBe(en['error.passwords_differ']);
    await control(zahra.page, 'repeatPassword').fill('olive tree courtyard');
    await submit(zahra.page).click();
    await zahra.page.waitForURL((url) => url.pathname === '/');
    await zahra.page.locator('[data-screen="dashboard"]').waitFor();
    expect(await zahra.page.locator('[data-screen="dashboard"] [aria-labelledby="dashboard-memberships"] li').textContent()).toContain(en['role.warehouse']);
    expect([...admin.problems, ...zahra.problems]).toEqual([]);
    await admin.context.close();
    await zahra.context.close();
  });
});

describe('catalogue', () => {
  it('a coordinator adds two items and a kit with a bill of materials, then finds them with the filters', async () => {
    const { page, problems, context } = await personPage('coordinator@sending.test');
    const addItem = async (code: string, name: string, sector: string, unit: string, weight: string) => {
      await page.goto('/catalogue');
      await page.getByRole('link', { name: en['catalogue.new'] }).click();
      await control(page, 'code').fill(code);
      await control(page, 'sector').selectOption(sector);
      await control(page, 'names.en').fill(name);
      await control(page, 'unit').fill(unit);
      await control(page, 'weightKgPerUnit').fill(weight);
      await control(page, 'volumeM3PerUnit').fill('0.001');
    };
    await addItem('FOOD-RICE-1KG', 'Rice, 1 kg bag', 'food_security', 'bag', '1');
    await submit(page).click();
    await page.waitForURL(/\/catalogue\/[0-9a-f-]{36}$/);
    await addItem('FOOD-LENTIL-1KG', 'Red lentils, 1 kg bag', 'food_security', 'bag', '1');
    await submit(page).click();
    await page.waitForURL(/\/catalogue\/[0-9a-f-]{36}$/);

    await addItem('KIT-FOOD-FAMILY', 'Family food parcel', 'food_security', 'parcel', '15.5');
    await control(page, 'isKit').check();
    await page.getByRole('button', { name: en['item.addComponent'] }).click();
    await control(page, 'components.0.itemId').selectOption({ label: 'FOOD-RICE-1KG · Rice, 1 kg bag' });
    await control(page, 'components.0.quantityUnits').fill('10');
    await page.getByRole('button', { name: en['item.addComponent'] }).click();
    // The same item twice breaks the kit rule; the server's answer lands beside the second line.
    await control(page, 'components.1.itemId').selectOption({ label: 'FOOD-RICE-1KG · Rice, 1 kg bag' });
    await control(page, 'components.1.quantityUnits').fill('5');
    await submit(page).click();
    await expect.poll(() => fieldError(page, 'components.1.itemId').textContent()).toBe(en['error.rule_violated.components.*.itemId']);
    await control(page, 'components.1.itemId').selectOption({ label: 'FOOD-LENTIL-1KG · Red lentils, 1 kg bag' });
    await submit(page).click();
    await page.waitForURL(/\/catalogue\/[0-9a-f-]{36}$/);
    await expect.poll(() => heading(page).textContent()).toBe('Family food parcel');
    const kit = (await world.admin.call('GET', `/api/items/${idInUrl(page)}`)).json();
    expect(kit).toMatchObject({ code: 'KIT-FOOD-FAMILY', isKit: true, weightKgPerUnit: 15.5 });
    expect(kit.components.map((c: { quantityUnits: number }) => c.quantityUnits).sort()).toEqual([10, 5]);

    // Editing the bill of materials of the kit: twelve bags of rice instead of ten.
    const rice = (await world.admin.call('GET', '/api/items?q=RICE')).json()[0];
    const riceLine = (await control(page, 'components.0.itemId').inputValue()) === rice.id ? 0 : 1;
    await control(page, `components.${riceLine}.quantityUnits`).fill('12');
    await submit(page).click();
    await expect.poll(() => page.locator('main .notice-ok').textContent()).toBe(en['common.saved']);
    const edited = (await world.admin.call('GET', `/api/items/${kit.id}`)).json();
    expect(edited.components).toEqual(expect.arrayContaining([{ itemId: rice.id, quantityUnits: 12 }]));
    expect(edited.components).toHaveLength(2);

    await page.goto('/catalogue?kind=kits');
    await expect.poll(() => page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('KIT-FOOD-FAMILY')]);
    await page.goto('/catalogue');
    await page.getByLabel(en['catalogue.search']!).fill('lentil');
    await expect.poll(() => page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('FOOD-LENTIL-1KG')]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('lentil');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('in Persian', () => {
  it('mirrors the whole layout, writes dates in the Solar Hijri calendar, and remembers the choice', async () => {
    const { page, problems, context } = await personPage('coordinator@partner.test');
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    expect((await box('#site-nav')).x).toBeLessThan((await box('main')).x);

    await chooseLanguage(page, 'fa');
    expect(await inPage(page, 'document.documentElement.dir')).toBe('rtl');
    expect(await inPage(page, 'document.documentElement.lang')).toBe('fa');
    // The navigation moved to the right-hand side, the content to the left.
    expect((await box('#site-nav')).x).toBeGreaterThan((await box('main')).x);

    await nav(page, fa['nav.organisations']!).click();
    await expect.poll(() => heading(page).textContent()).toBe(fa['organisations.title']);
    const date = (await page.locator('tbody time').first().textContent())!;
    expect(date).toMatch(/۱۴۰[۰-۹]/);
    expect(date).not.toMatch(/[0-9]/);

    await page.reload();
    await expect.poll(() => heading(page).textContent()).toBe(fa['organisations.title']);
    expect(await inPage(page, 'document.documentElement.dir')).toBe('rtl');
    expect((await world.people.partner.coordinator.call('GET', '/api/me')).json().preferredLanguage).toBe('fa');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows form errors beside the field in Persian, and reads numbers typed in Persian digits', async () => {
    const { page, problems, context } = await personPage('coordinator@partner.test');
    // The account remembers Persian from the test before, so a new device opens in Persian.
    await page.locator('html[lang="fa"]').waitFor({ state: 'attached' });
    await page.goto('/catalogue/new');
    await control(page, 'code').fill('bad code');
    await control(page, 'names.fa').fill('کیت بهداشتی');
    await control(page, 'unit').fill('کیت');
    await control(page, 'weightKgPerUnit').fill('۰٫۵');
    await control(page, 'volumeM3PerUnit').fill('۰٫۰۰۲');
    await submit(page).click();
    await expect.poll(() => fieldError(page, 'code').textContent()).toBe(fa['error.invalid_input.code']);

    await control(page, 'code').fill('WASH-HYG-KIT');
    await submit(page).click();
    await page.waitForURL(/\/catalogue\/[0-9a-f-]{36}$/);
    const item = (await world.admin.call('GET', `/api/items/${idInUrl(page)}`)).json();
    expect(item).toMatchObject({ code: 'WASH-HYG-KIT', weightKgPerUnit: 0.5, volumeM3PerUnit: 0.002, names: { fa: 'کیت بهداشتی' } });
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('in Arabic', () => {
  it('is right-to-left with Gregorian dates in Arabic-Indic digits; a token’s secret is shown once', async () => {
    const { page, problems, context } = await personPage('field@partner.test');
    await chooseLanguage(page, 'ar');
    expect(await inPage(page, 'document.documentElement.dir')).toBe('rtl');
    await nav(page, ar['nav.tokens']!).click();
    await control(page, 'name').fill('جهاز لوحي، نقطة توزيع دير البلح');
    await control(page, 'expiresInDays').fill('٣٠');
    await submit(page).click();
    const secret = (await page.locator('[data-secret] code').textContent())!;
    expect(secret).toMatch(/^kv/);
    expect((await page.locator('[data-secret] p').textContent())).toContain('جهاز لوحي');

    const row = page.locator('tbody tr').first();
    const created = (await row.locator('time').first().textContent())!;
    expect(created).toMatch(/٢٠[٠-٩]{2}/);
    expect(created).not.toMatch(/[0-9۰-۹]/);

    // The token works, until it is revoked.
    const asToken = () => server.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${secret}` } });
    expect((await asToken()).statusCode).toBe(200);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: ar['tokens.revoke'] }).click();
    await expect.poll(() => row.locator('td').nth(5).textContent()).toBe(ar['tokens.revoked']);
    expect((await asToken()).statusCode).toBe(401);
    // Leaving the page forgets the secret: it is never shown again.
    await page.reload();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('[data-secret]').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('places', () => {
  it('a partner administrator browses the tree by P-code and adds a warehouse it runs', async () => {
    const { page, problems, context } = await personPage('admin@partner.test');
    await nav(page, en['nav.locations']!).click();
    await page.getByRole('link', { name: 'State of Palestine' }).click();
    await page.getByRole('link', { name: 'Gaza Strip' }).click();
    await expect.poll(() => page.locator('tbody tr[data-location^="PS02"]').count()).toBe(5);
    await page.locator('tr[data-location="PS0265"]').getByRole('link').click();
    expect(new URL(page.url()).searchParams.get('parent')).toBe(referenceLocationId('PS0265'));
    await page.getByRole('link', { name: /Deir Al-Balah/ }).click();
    await page.waitForURL('**/locations/new?parentId=*');
    await control(page, 'siteKind').selectOption('warehouse');
    await control(page, 'names.en').fill('Deir al-Balah community kitchen store');
    await control(page, 'names.ar').fill('مخزن مطبخ دير البلح المجتمعي');
    await control(page, 'latitude').fill('31.417');
    await control(page, 'longitude').fill('34.351');
    expect(await control(page, 'organisationId').inputValue()).toBe(world.partner.id);
    await submit(page).click();
    await page.waitForURL(`**/locations?parent=${referenceLocationId('PS0265')}`);
    const row = page.locator('tbody tr', { hasText: 'Deir al-Balah community kitchen store' });
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe(en['siteKind.warehouse']);
    expect(await row.locator('td').nth(4).textContent()).toBe('Deir al-Balah Community Kitchen');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('keyboard and phone', () => {
  it('works from the keyboard, with the focus always visible', async () => {
    const { problems, context } = await personPage('coordinator@sending.test');
    // A new tab of the signed-in browser, so the keyboard starts at the top of a freshly loaded page.
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto('/');
    await page.locator('[data-screen="dashboard"]').waitFor();
    expect(await inPage(page, 'document.activeElement.tagName')).toBe('BODY');
    await page.keyboard.press('Tab');
    expect(await inPage(page, 'document.activeElement.textContent')).toBe(en['nav.skip']);
    expect(await inPage(page, 'getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await inPage(page, 'document.activeElement.id')).toBe('main');

    // Tab onwards to the navigation's Catalogue entry and follow it with Enter.
    await page.locator('#site-nav a').first().focus();
    // The navigation grows with every workflow; forty steps is far more than it holds.
    for (let i = 0; i < 40 && (await inPage(page, 'document.activeElement.textContent')) !== en['nav.catalogue']; i++) {
      await page.keyboard.press('Tab');
    }
    expect(await inPage(page, 'document.activeElement.textContent')).toBe(en['nav.catalogue']);
    expect(await inPage(page, 'getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/catalogue');
    // After the move the focus is on the new screen's title, where a screen reader starts reading.
    await expect.poll(() => inPage(page, 'document.activeElement.tagName')).toBe('H1');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a 360 px phone, with the navigation behind a menu button', async () => {
    const { page, problems, context } = await personPage('field@sending.test', phone);
    await page.locator('[data-screen="dashboard"]').waitFor();
    expect(await inPage(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    expect(await page.locator('#site-nav').isVisible()).toBe(false);
    await page.getByRole('button', { name: en['nav.menu'] }).click();
    expect(await page.locator('#site-nav').isVisible()).toBe(true);
    await nav(page, en['nav.catalogue']!).click();
    await expect.poll(() => heading(page).textContent()).toBe(en['catalogue.title']);
    expect(await page.locator('#site-nav').isVisible()).toBe(false);
    expect(await inPage(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    expect(problems).toEqual([]);
    await context.close();
  });
});
