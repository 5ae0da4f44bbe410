import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { newId } from '../../src/domain/ids.js';
import { operator } from '../../src/services/context.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { createLocation } from '../../src/services/locations.js';
import { createLane } from '../../src/services/planning/lanes.js';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import { chooseLanguage, control, inPage, pick, launchChromium, messagesOf, openPage, phone, screenshot, signIn, startWebServer, type WebServer } from '../helpers/browser.js';
import { seedCatalogue } from '../helpers/web-seed.js';

const en = messagesOf('en');
const fa = messagesOf('fa');
const ar = messagesOf('ar');

let server: WebServer;
let world: World;
let browser: Browser;
let lines: { riceCritical: string; riceLow: string; amoxicillin: string };

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A sending group with rice (100 bags) and amoxicillin (expiring in 120 days) in its Isfahan
 * warehouse and a lane to Deir al-Balah (5 days, weekly); a partner's approved needs: rice,
 * critical 60 and low 80; amoxicillin, critical 10.
 */
beforeAll(async () => {
  server = await startWebServer();
  world = await seedWorld(server);
  const catalogue = await seedCatalogue(server, world);
  browser = await launchChromium();
  const ctx = { db: server.store.db, actor: operator };
  const warehouse = await createLocation(ctx, {
    level: 'site',
    siteKind: 'warehouse',
    parentId: referenceLocationId('IR-10'),
    names: { en: 'Isfahan central warehouse', fa: 'انبار مرکزی اصفهان' },
    organisationId: world.sending.id,
  });
  await receiveIntake(ctx, world.sending.id, {
    id: newId(),
    locationId: warehouse.id,
    source: 'purchase',
    lines: [
      { itemId: catalogue.rice.id, lotCode: 'RICE-2026-11', expiryDate: null, triage: 'urgent', quantityUnits: 100 },
      { itemId: catalogue.amoxicillin.id, lotCode: 'AMX-24', expiryDate: inDays(120), triage: 'urgent', quantityUnits: 40 },
    ],
  });
  await createLane(ctx, world.sending.id, {
    fromLocationId: warehouse.id,
    toLocationId: referenceLocationId('PS0265'),
    leadTimeDays: 5,
    periodDays: 7,
    capacityKgPerPeriod: 20_000,
    capacityM3PerPeriod: 60,
  });
  const need = async (title: string, priority: string, lines: { itemId: string; quantityUnits: number }[], sector = 'food_security') => {
    const made = await world.people.partner.field.call('POST', `/api/organisations/${world.partner.id}/needs`, {
      title,
      addressedTo: [world.sending.id],
      locationId: referenceLocationId('PS0265'),
      priority,
      neededBy: inDays(40),
      peopleToReach: 500,
      sector,
      lines,
    });
    expect(made.statusCode, made.body).toBe(201);
    await world.people.partner.field.call('POST', `/api/needs/${made.json().id}/submit`, {});
    expect((await world.people.sending.coordinator.call('POST', `/api/needs/${made.json().id}/approve`, {})).statusCode).toBe(200);
    return made.json().lines[0].id as string;
  };
  lines = {
    riceCritical: await need('Rice for shelters in Deir al-Balah', 'critical', [{ itemId: catalogue.rice.id, quantityUnits: 60 }]),
    riceLow: await need('Rice for the community kitchen', 'low', [{ itemId: catalogue.rice.id, quantityUnits: 80 }]),
    amoxicillin: await need('Antibiotics for Al-Aqsa clinic', 'critical', [{ itemId: catalogue.amoxicillin.id, quantityUnits: 10 }], 'health'),
  };
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = (page: Page) => page.locator('main h1');
const nav = (page: Page, name: string) => page.locator('#site-nav').getByRole('link', { name, exact: true });
const allocationRows = (page: Page, needLineId: string) => page.locator(`.plan tr[data-need-line="${needLineId}"][data-source]`);
const unmetRow = (page: Page, needLineId: string) => page.locator(`.plan tr[data-need-line="${needLineId}"][data-constraint]`);
const unitsOf = async (page: Page, needLineId: string) => {
  const cells = await allocationRows(page, needLineId).locator('td.number').allTextContents();
  return cells.reduce((n, text) => n + Number(text.replace(/[^0-9]/g, '')), 0);
};

describe('allocation plans in the browser', () => {
  it('a coordinator runs the planner: critical needs first, reasons per line, the constraint of each short line; in Persian and Arabic too', async () => {
    const { page, problems } = await openPage(browser, server.baseUrl);
    await signIn(page, 'coordinator@sending.test', TEST_PASSWORD);
    await nav(page, en['nav.plans']!).click();
    await expect.poll(() => heading(page).textContent()).toBe(en['plan.title']);
    expect(await page.locator('.empty').first().textContent()).toBe(en['plan.none']);

    await page.getByRole('button', { name: en['plan.runSubmit'] }).click();
    await page.waitForURL(/[?&]plan=[0-9a-f-]{36}/);
    await page.locator('.plan[data-plan]').waitFor();
    expect(await unitsOf(page, lines.riceCritical)).toBe(60);
    expect(await unitsOf(page, lines.riceLow)).toBe(40);
    expect(await unitsOf(page, lines.amoxicillin)).toBe(10);
    const reason = await allocationRows(page, lines.riceCritical).first().locator('.reason').textContent();
    expect(reason?.replace(/[\u2068\u2069]/g, '')).toMatch(/^Critical need, needed by .*: lot RICE-2026-11 \(does not expire\), leaving Isfahan central warehouse/);
    expect(await unmetRow(page, lines.riceLow).getAttribute('data-constraint')).toBe('outranked');
    expect(await unmetRow(page, lines.riceLow).locator('td').nth(4).textContent()).toBe(en['plan.constraint.outranked']);
    expect(await unmetRow(page, lines.riceLow).locator('td').nth(3).textContent()).toBe('40 of 80');

    // Medicines must keep 180 days on arrival: the amoxicillin (120 days) is held back, and says why.
    await control(page, 'minShelfLifeDaysBySector.health').fill('180');
    const first = new URL(page.url()).searchParams.get('plan');
    await page.getByRole('button', { name: en['plan.runSubmit'] }).click();
    await page.waitForURL((url) => url.searchParams.get('plan') !== first);
    await page.locator(`.plan[data-plan="${new URL(page.url()).searchParams.get('plan')}"]`).waitFor();
    expect(await allocationRows(page, lines.amoxicillin).count()).toBe(0);
    expect(await unmetRow(page, lines.amoxicillin).getAttribute('data-constraint')).toBe('shelf_life');
    expect(await unmetRow(page, lines.amoxicillin).locator('td').nth(5).textContent()).toBe(en['plan.constraintWhy.shelf_life']);
    // Both plans are kept, newest first.
    expect(await page.getByLabel(en['plan.shown']!).locator('option').count()).toBe(3);
    await screenshot(page, 'plan-en');

    await chooseLanguage(page, 'fa');
    expect(await inPage(page, 'document.documentElement.dir')).toBe('rtl');
    await expect.poll(() => heading(page).textContent()).toBe(fa['plan.title']);
    expect(await unmetRow(page, lines.amoxicillin).locator('td').nth(4).textContent()).toBe(fa['plan.constraint.shelf_life']);
    // Persian digits, and the navigation on the right.
    expect(await unmetRow(page, lines.riceLow).locator('td').nth(3).textContent()).toBe('۴۰ از ۸۰');
    const navBox = await page.locator('#site-nav').boundingBox();
    const mainBox = await page.locator('main').boundingBox();
    expect(navBox!.x).toBeGreaterThan(mainBox!.x);
    await screenshot(page, 'plan-fa');

    await chooseLanguage(page, 'ar');
    await expect.poll(() => heading(page).textContent()).toBe(ar['plan.title']);
    expect(await unmetRow(page, lines.riceLow).locator('td').nth(4).textContent()).toBe(ar['plan.constraint.outranked']);
    await screenshot(page, 'plan-ar');
    await chooseLanguage(page, 'en');

    // A second lane, from the form under the plan.
    expect(await page.locator('tr[data-lane]').count()).toBe(1);
    await control(page, 'fromLocationId').selectOption({ label: 'Isfahan central warehouse' });
    await pick(page, 'toLocationId', 'Khan', 'Khan Younis');
    await control(page, 'leadTimeDays').fill('6');
    await control(page, 'periodDays').fill('14');
    await control(page, 'capacityKgPerPeriod').fill('12000');
    await control(page, 'capacityM3PerPeriod').fill('۴۰');
    await page.getByRole('button', { name: en['lanes.add'] }).click();
    await expect.poll(() => page.locator('tr[data-lane]').count()).toBe(2);
    const lanes = (await world.people.sending.monitor.call('GET', `/api/organisations/${world.sending.id}/transport-lanes`)).json();
    expect(lanes).toEqual(expect.arrayContaining([expect.objectContaining({ leadTimeDays: 6, periodDays: 14, capacityKgPerPeriod: 12_000, capacityM3PerPeriod: 40 })]));

    // Accepting the plan shown makes draft consignments of its lines from stock, linked from the plan.
    await page.getByRole('button', { name: en['plan.acceptSubmit'] }).click();
    await page.locator('[data-accepted]').waitFor();
    expect(await page.locator('.plan[data-status="accepted"]').count()).toBe(1);
    const drafts = page.locator('[data-accepted] a');
    expect(await drafts.count()).toBeGreaterThan(0);
    const draftId = (await drafts.first().getAttribute('href'))!.split('/').pop()!;
    const draft = (await world.people.sending.monitor.call('GET', `/api/organisations/${world.sending.id}/consignments/${draftId}`)).json() as { status: string };
    expect(draft.status).toBe('draft');
    expect(await page.getByRole('button', { name: en['plan.acceptSubmit'] }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('a warehouse officer reads the plans but may not run the planner; a partner is not offered planning', async () => {
    const warehouse = await openPage(browser, server.baseUrl, phone);
    await signIn(warehouse.page, 'warehouse@sending.test', TEST_PASSWORD);
    await warehouse.page.goto('/plans');
    await expect.poll(() => heading(warehouse.page).textContent()).toBe(en['plan.title']);
    await warehouse.page.getByLabel(en['plan.shown']!).selectOption({ index: 1 });
    await warehouse.page.locator('.plan[data-plan]').waitFor();
    expect(await warehouse.page.getByRole('button', { name: en['plan.runSubmit'] }).count()).toBe(0);
    expect(await warehouse.page.getByRole('button', { name: en['lanes.add'] }).count()).toBe(0);
    expect(await warehouse.page.locator('tr[data-lane]').count()).toBeGreaterThan(0);
    expect(await inPage(warehouse.page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    expect(warehouse.problems).toEqual([]);

    const partner = await openPage(browser, server.baseUrl);
    await signIn(partner.page, 'coordinator@partner.test', TEST_PASSWORD);
    expect(await nav(partner.page, en['nav.plans']!).count()).toBe(0);
  });
});
