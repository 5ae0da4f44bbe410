import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import { addOrganisation } from '../helpers/pipeline.js';
import { chooseLanguage, control, fieldError, fillDate, inPage, launchChromium, messagesOf, openPage, phone, pick, signIn, startWebServer, type WebServer } from '../helpers/browser.js';
import { seedCatalogue } from '../helpers/web-seed.js';

const en = messagesOf('en');
const fa = messagesOf('fa');
const ar = messagesOf('ar');

let server: WebServer;
let world: World;
let browser: Browser;
let catalogue: Awaited<ReturnType<typeof seedCatalogue>>;
beforeAll(async () => {
  server = await startWebServer();
  world = await seedWorld(server);
  catalogue = await seedCatalogue(server, world);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function personPage(email: string, options: { viewport?: typeof phone; timezoneId?: string } = {}) {
  const opened = await openPage(browser, server.baseUrl, options.viewport, options.timezoneId);
  await signIn(opened.page, email, TEST_PASSWORD);
  return opened;
}
const heading = (page: Page) => page.locator('main h1');
const nav = (page: Page, name: string) => page.locator('#site-nav').getByRole('link', { name, exact: true });
const submit = (page: Page) => page.locator('main form button[type="submit"]').first();
/** Text as read, without the invisible marks that isolate a name's direction inside a sentence. */
const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '');
const idInUrl = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!;
const status = (page: Page) => page.locator('.page-title [data-status]').getAttribute('data-status');
/** The coverage meter of the need line for the item with this code. */
const coverage = (page: Page, code: string) => page.locator(`tr[data-line="${code}"] .bar[role="meter"]`).first();

/** A calendar date some days from now (UTC), as the API writes it and as parts of the Gregorian calendar. */
function dayFromNow(days: number) {
  const date = new Date(Date.now() + days * 86_400_000);
  return { iso: date.toISOString().slice(0, 10), day: String(date.getUTCDate()), month: date.getUTCMonth() + 1, year: String(date.getUTCFullYear()) };
}

describe('a need, from the field to a pledge (in English)', () => {
  it('a field officer records a need with two lines and submits it; a coordinator approves it and pledges; the coverage bar moves', async () => {
    const officer = await personPage('field@partner.test');
    const { page } = officer;
    // Field officers of a partner see needs and households, and nothing of pledging.
    expect(await nav(page, en['nav.newNeed']!).count()).toBe(1);
    expect(await nav(page, en['nav.households']!).count()).toBe(1);
    expect(await nav(page, en['nav.newPledge']!).count()).toBe(0);
    await nav(page, en['nav.newNeed']!).click();
    await expect.poll(() => heading(page).textContent()).toBe(en['needs.new']);

    await control(page, 'title').fill('Food for displaced families in Deir al-Balah shelters');
    // The picker finds items in any script: the rice by English, the parcel by its Arabic name.
    await pick(page, 'lines.0.itemId', 'rice', 'Rice, 1 kg bag');
    await control(page, 'lines.0.quantityUnits').fill('200');
    await page.getByRole('button', { name: en['need.addLine'] }).click();
    await pick(page, 'lines.1.itemId', 'طرد غذائي', 'Family food parcel');
    await control(page, 'lines.1.quantityUnits').fill('500');
    // The only sending organisation is offered, and already ticked.
    expect(await page.getByLabel('Isfahan Relief Circle').isChecked()).toBe(true);
    // The place is chosen from the keyboard: type, arrows, Enter (which must not submit the form).
    await control(page, 'locationId').fill('Deir');
    await page.locator('[data-field="locationId"] [role="option"]', { hasText: 'Deir Al-Balah' }).first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await control(page, 'locationId').getAttribute('aria-activedescendant')).toMatch(/choice-0$/);
    await page.keyboard.press('Enter');
    expect(await control(page, 'locationId').inputValue()).toBe('Deir Al-Balah');
    expect(await control(page, 'locationId').getAttribute('aria-expanded')).toBe('false');
    expect(new URL(page.url()).pathname).toBe('/needs/new');
    await control(page, 'priority').selectOption('critical');
    await control(page, 'peopleToReach').fill('2500');
    const neededBy = dayFromNow(60);
    await fillDate(page, 'neededBy', neededBy);
    await control(page, 'justification').fill('Families displaced from the east of the governorate, sheltering in three schools.');
    expect(await control(page, 'sector').inputValue()).toBe('food_security');
    await submit(page).click();
    await page.waitForURL(/\/needs\/[0-9a-f-]{36}$/);
    const needId = idInUrl(page);
    await expect.poll(() => status(page)).toBe('draft');

    // The draft is the partner's to edit: 250 bags of rice, not 200.
    await page.getByRole('link', { name: en['need.edit'] }).click();
    await page.waitForURL(`**/needs/${needId}/edit`);
    await expect.poll(() => control(page, 'lines.0.quantityUnits').inputValue()).toBe('200');
    // The picker names the saved place once it has loaded it, which may come after the lines.
    await expect.poll(() => control(page, 'locationId').inputValue()).toBe('Deir Al-Balah');
    await control(page, 'lines.0.quantityUnits').fill('250');
    await submit(page).click();
    await page.waitForURL(`**/needs/${needId}`);
    await expect.poll(() => page.locator('.timeline li[data-event="edit"]').count()).toBe(1);

    await page.getByRole('button', { name: en['need.submit'], exact: true }).click();
    await expect.poll(() => status(page)).toBe('submitted');
    const submitted = (await world.admin.call('GET', `/api/needs/${needId}`)).json();
    expect(submitted).toMatchObject({ status: 'submitted', priority: 'critical', neededBy: neededBy.iso, peopleToReach: 2500, sector: 'food_security' });
    expect(submitted.lines.map((l: { item: { code: string }; quantityUnits: number }) => [l.item.code, l.quantityUnits])).toEqual([
      ['FOOD-RICE-1KG', 250],
      ['KIT-FOOD-FAMILY', 500],
    ]);
    // The officer may not approve the need their own organisation raised.
    expect(await page.getByRole('button', { name: en['need.approve'] }).count()).toBe(0);

    // West of Greenwich a date-only value must still read as the same day.
    const coordinator = await personPage('coordinator@sending.test', { timezoneId: 'America/Los_Angeles' });
    const c = coordinator.page;
    await nav(c, en['nav.needs']!).click();
    await c.getByLabel(en['common.status']!).selectOption('submitted');
    await c.waitForURL(/status=submitted/);
    await c.locator(`tr[data-need="${needId}"] a`).click();
    await c.waitForURL(`**/needs/${needId}`);
    const shownDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${neededBy.iso}T00:00:00Z`));
    expect(await c.locator(`dd time[datetime="${neededBy.iso}"]`).textContent()).toBe(shownDay);
    // A sending coordinator approves; editing and cancelling belong to the partner.
    expect(await c.getByRole('link', { name: en['need.edit'] }).count()).toBe(0);
    expect(await c.getByRole('button', { name: en['need.cancel'] }).count()).toBe(0);
    await c.getByRole('button', { name: en['need.approve'] }).click();
    await expect.poll(() => status(c)).toBe('approved');
    const approval = c.locator('.timeline li[data-event="approve"]');
    expect(plain(await approval.textContent())).toContain('coordinator of sending, for Isfahan Relief Circle');

    expect(await coverage(c, 'KIT-FOOD-FAMILY').getAttribute('aria-valuenow')).toBe('0');
    await c.locator('tr[data-line="KIT-FOOD-FAMILY"]').getByRole('link', { name: en['need.pledgeForLine'] }).click();
    await c.waitForURL(/\/pledges\/new\?need=/);
    // The line is chosen and its gap offered as the quantity.
    expect(await control(c, 'lines.0.quantityUnits').inputValue()).toBe('500');
    await control(c, 'donor.kind').selectOption('individual');
    await control(c, 'donor.displayName').fill('Family of M. Rezaei');
    await control(c, 'lines.0.quantityUnits').fill('150');
    await submit(c).click();
    await c.waitForURL(/\/pledges\/[0-9a-f-]{36}$/);
    await expect.poll(async () => plain(await heading(c).textContent())).toBe('Pledge from Family of M. Rezaei');

    await c.goto(`/needs/${needId}`);
    await expect.poll(() => coverage(c, 'KIT-FOOD-FAMILY').getAttribute('aria-valuenow')).toBe('30');
    expect(await c.locator('tr[data-line="KIT-FOOD-FAMILY"] .bar-pledged').evaluate((el) => (el as unknown as { style: { inlineSize: string } }).style.inlineSize)).toBe('30%');
    expect(await c.locator('tr[data-line="KIT-FOOD-FAMILY"] .bar-caption').first().textContent()).toBe('30% covered: 150 of 500 · 350 still to find');
    expect(await coverage(c, 'FOOD-RICE-1KG').getAttribute('aria-valuenow')).toBe('0');
    // The partner sees the pledge's donor as "individual donor": the name is the taker's alone.
    await page.reload();
    await expect.poll(() => page.locator('section[aria-labelledby="need-pledges"] tbody a').textContent()).toBe(en['donor.individual']);
    expect([...officer.problems, ...coordinator.problems]).toEqual([]);
    await officer.context.close();
    await coordinator.context.close();
  });
});

describe('households in Persian', () => {
  it('a field officer registers a household typing the document in Persian digits, is told another partner has it too, and finds it again', async () => {
    // Another partner registered the same family's document last week (Latin digits, with dashes).
    const other = await addOrganisation(server, 'partner2', 'partner', 'Khan Younis Relief Committee');
    const theirs = await other.people.field.call('POST', `/api/organisations/${other.org.id}/households`, {
      documentNumber: '401-234-567',
      locationId: referenceLocationId('PS0270'),
      memberCount: 4,
    });
    expect(theirs.statusCode, theirs.body).toBe(201);

    const { page, problems, context } = await personPage('field@partner.test', { viewport: phone });
    await chooseLanguage(page, 'fa');
    await page.getByRole('button', { name: fa['nav.menu'] }).click();
    await nav(page, fa['nav.newHousehold']!).click();
    await expect.poll(() => heading(page).textContent()).toBe(fa['households.new']);
    const typed = '۴۰۱۲۳۴۵۶۷';
    await control(page, 'documentNumber').fill(typed);
    expect(await control(page, 'documentNumber').getAttribute('autocomplete')).toBe('off');
    await pick(page, 'locationId', 'دیر', 'دیر البلح');
    await control(page, 'memberCount').fill('۶');
    await control(page, 'childrenUnder5Count').fill('۲');
    await control(page, 'schoolAgeChildrenCount').fill('۷');
    await page.getByLabel(fa['vulnerability.female_headed']!).check();
    await page.getByLabel(fa['vulnerability.displaced']!).check();
    await submit(page).click();
    // More children than members: the error is beside the count, in Persian.
    await expect.poll(() => fieldError(page, 'memberCount').textContent()).toBe(fa['error.invalid_input.memberCount']);
    await control(page, 'schoolAgeChildrenCount').fill('۳');
    await submit(page).click();
    await page.waitForURL(/\/households\/[0-9a-f-]{36}\/[0-9a-f-]{36}\?registered=1$/);
    const householdId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.locator('[data-duplicate]').waitFor();

    const notice = (await page.locator('[data-duplicate] p').first().textContent())!;
    expect(notice).toContain('Khan Younis Relief Committee');
    // The other partner's registration date, in the Solar Hijri calendar with Persian digits.
    expect(notice).toMatch(/۱۴[۰-۹]{2}/);
    expect(notice).not.toMatch(/[0-9]/);
    expect(await page.locator('[data-household] dd').nth(4).textContent()).toBe(`${fa['vulnerability.female_headed']}${fa['vulnerability.displaced']}`);
    expect(await inPage(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);

    const saved = (await world.people.partner.coordinator.call('GET', `/api/organisations/${world.partner.id}/households/${householdId}`)).json();
    expect(saved).toMatchObject({ memberCount: 6, childrenUnder5Count: 2, schoolAgeChildrenCount: 3, vulnerabilities: ['female_headed', 'displaced'] });
    expect(saved.alsoRegisteredWith).toEqual([expect.objectContaining({ organisation: expect.objectContaining({ id: other.org.id }) })]);

    // The number is nowhere in the page, the address or the browser's storage.
    const traces = async () =>
      JSON.stringify([page.url(), await inPage(page, 'document.body.innerText'), await inPage(page, 'JSON.stringify({ ...localStorage, ...sessionStorage })')]);
    for (const form of [typed, '401234567']) expect(await traces()).not.toContain(form);

    // Found again with Latin digits and spaces, as another officer might type it.
    await page.getByRole('button', { name: fa['nav.menu'] }).click();
    await nav(page, fa['nav.findHousehold']!).click();
    await control(page, 'documentNumber').fill('401 234 567');
    await submit(page).click();
    await page.locator(`[data-found="${householdId}"]`).waitFor();
    expect(await control(page, 'documentNumber').inputValue()).toBe('');
    for (const form of [typed, '401234567', '401 234 567']) expect(await traces()).not.toContain(form);

    // A number nobody registered here is said so, beside the field, in Persian.
    await control(page, 'documentNumber').fill('۹۹۹۸۸۸۷۷۷');
    await submit(page).click();
    await expect.poll(() => fieldError(page, 'documentNumber').textContent()).toBe(fa['error.not_found.documentNumber']);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('entitlements in Arabic', () => {
  it('a coordinator adds the one-parcel-in-30-days rule; the check allows one family food parcel and refuses a second, saying why', async () => {
    const household = (
      await world.people.partner.field.call('POST', `/api/organisations/${world.partner.id}/households`, {
        documentNumber: 'GZ-7788-1203',
        locationId: catalogue.distributionPoint.id,
        memberCount: 5,
      })
    ).json();

    const { page, problems, context } = await personPage('coordinator@partner.test');
    await chooseLanguage(page, 'ar');
    await nav(page, ar['nav.entitlementRules']!).click();
    await expect.poll(() => heading(page).textContent()).toBe(ar['rules.title']);
    await pick(page, 'itemId', 'طرد', 'طرد غذائي عائلي');
    await control(page, 'quantityUnits').fill('١');
    await control(page, 'per').selectOption('household');
    await control(page, 'window.kind').selectOption('rolling_days');
    await control(page, 'window.days').fill('٣٠');
    await submit(page).click();
    const rule = page.locator('tr[data-rule="KIT-FOOD-FAMILY"] td').first();
    await expect.poll(async () => plain(await rule.textContent())).toBe('١ parcel من «طرد غذائي عائلي» لكل أسرة، خلال أي ٣٠ يومًا متتاليًا');

    await page.goto(`/households/${world.partner.id}/${household.id}`);
    const check = page.locator('[data-check]');
    // The rule's item is offered first, one unit.
    await expect.poll(() => control(page, 'lines.0.quantityUnits').inputValue()).toBe('١');
    expect(await control(page, 'lines.0.itemId').inputValue()).toBe('طرد غذائي عائلي');
    await check.getByRole('button', { name: ar['check.submit'], exact: true }).click();
    await expect.poll(() => check.locator('.check-result').getAttribute('data-allowed')).toBe('true');
    expect(await check.locator('.verdict strong').textContent()).toBe(ar['check.allowed']);

    // A second parcel in the same distribution: over the rule.
    await check.getByRole('button', { name: ar['check.addLine'] }).click();
    await pick(page, 'lines.1.itemId', 'KIT-FOOD', 'طرد غذائي عائلي');
    await check.getByRole('button', { name: ar['check.submit'], exact: true }).click();
    await expect.poll(() => check.locator('.check-result').getAttribute('data-allowed')).toBe('false');
    expect(await check.locator('.verdict strong').textContent()).toBe(ar['check.refused']);
    const reason = (await check.locator('[data-outcome="refused"] .outcome-reason').textContent())!;
    expect(reason.startsWith('مرفوض: الحد الأقصى ١ من ')).toBe(true);
    expect(reason).toContain('استلمت الأسرة ٠ في تلك المدة، فلا يمكن إعطاء أكثر من ١، لا ٢.');
    expect(reason).not.toMatch(/[0-9]/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
