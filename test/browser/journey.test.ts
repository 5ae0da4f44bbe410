import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { newId } from '../../src/domain/ids.js';
import { operator } from '../../src/services/context.js';
import { createPlan } from '../../src/services/distributions/plans.js';
import { issueToSite } from '../../src/services/distributions/plan-stock.js';
import { createLocation, listLocations } from '../../src/services/locations.js';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import { chooseLanguage, control, inPage, launchChromium, messagesOf, openPage, pick, signIn, startWebServer, type WebServer } from '../helpers/browser.js';
import { seedCatalogue } from '../helpers/web-seed.js';

/**
 * The issue's journey, end to end in a real browser, each step through its screen: a partner
 * records a need; the sending group approves it and takes in a donation; builds a consignment
 * for the need, dispatches it, and records it through a hub (where one line is partly rejected)
 * and a crossing; the partner counts it in with a shortage and hands some of it to a household;
 * the dashboard's figures move. Set-up (organisations, people, catalogue, places, the household
 * and the distribution plan) is made through the services. Run once in English, once in Persian.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '');
const statusOf = (page: Page) => page.locator('.page-title [data-status]').first().getAttribute('data-status');
const submit = (page: Page, within = 'main') => page.locator(`${within} form button[type="submit"]`).first();

/** A calendar date some days from now, as day, month and year in the calendar the page shows. */
function dateParts(days: number, language: 'en' | 'fa') {
  const date = new Date(Date.now() + days * 86_400_000);
  const parts = new Intl.DateTimeFormat(`en-u-ca-${language === 'fa' ? 'persian' : 'gregory'}-nu-latn`, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: part('day'), month: Number(part('month')), year: part('year').replace(/\D/g, '') };
}

describe.each(['en', 'fa'] as const)('the journey in %s', { timeout: 600_000 }, (language) => {
  const m = messagesOf(language);
  let server: WebServer;
  let world: World;
  let catalogue: Awaited<ReturnType<typeof seedCatalogue>>;
  let places: { warehouse: string; hub: string; crossing: string; partnerStore: string };
  let planId: string;
  let householdCode: string;

  beforeAll(async () => {
    server = await startWebServer();
    world = await seedWorld(server);
    catalogue = await seedCatalogue(server, world);
    const ctx = { db: server.store.db, actor: operator };
    const site = async (names: { en: string; fa?: string }, siteKind: 'warehouse' | 'transit_hub' | 'border_crossing', parent: string, organisationId?: string) =>
      (await createLocation(ctx, { level: 'site', siteKind, parentId: referenceLocationId(parent), names, ...(organisationId ? { organisationId } : {}) })).id;
    const [partnerStore] = await listLocations(ctx, { organisationId: world.partner.id, siteKind: 'warehouse' });
    places = {
      warehouse: await site({ en: 'Isfahan central warehouse', fa: 'انبار مرکزی اصفهان' }, 'warehouse', 'IR-10', world.sending.id),
      hub: await site({ en: 'Al-Arish logistics hub', fa: 'مرکز لجستیک العریش' }, 'transit_hub', 'EG-SIN'),
      crossing: await site({ en: 'Rafah crossing', fa: 'گذرگاه رفح' }, 'border_crossing', 'EG-SIN'),
      partnerStore: partnerStore!.id,
    };
    // A distribution round at the partner's distribution point, and a registered household.
    const plan = await createPlan(ctx, world.partner.id, {
      title: 'Rice for shelter families',
      siteId: catalogue.distributionPoint.id,
      plannedOn: new Date().toISOString().slice(0, 10),
      householdsExpected: 20,
      lines: [{ itemId: catalogue.rice.id, quantityUnits: 4, per: 'household' }],
    });
    planId = plan.id;
    const household = (
      await world.people.partner.field.call('POST', `/api/organisations/${world.partner.id}/households`, {
        documentNumber: language === 'en' ? '412345678' : '498765432',
        locationId: catalogue.distributionPoint.id,
        memberCount: 6,
      })
    ).json() as { id: string };
    householdCode = `HH-${household.id.slice(0, 8).toUpperCase()}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function person(email: string) {
    const opened = await openPage(browser, server.baseUrl);
    await signIn(opened.page, email, TEST_PASSWORD);
    await chooseLanguage(opened.page, language);
    return opened;
  }

  /** The dashboard's pipeline figures, as the funnel shows them (stage → units), for the partner's coordinator. */
  async function funnel(): Promise<Record<string, number>> {
    const { page, context } = await person('coordinator@partner.test');
    await page.goto('/');
    await page.locator('main h1').waitFor();
    // The figures arrive after the page's title: wait for the funnel's bars, or its "nothing yet".
    await page.locator('[data-chart="funnel"] [data-bar="needed"], [data-chart="funnel"] p.muted').first().waitFor();
    const figures: Record<string, number> = {};
    for (const bar of await page.locator('[data-chart="funnel"] [data-bar]').all()) {
      figures[(await bar.getAttribute('data-bar'))!] = Number(await bar.getAttribute('data-value'));
    }
    await context.close();
    return figures;
  }

  it('need → donation → consignment through a hub with a rejection → receipt with a shortage → distribution → dashboard', async () => {
    const before = await funnel();

    // 1. The partner's field officer signs in and records a need for rice and oil.
    const officer = await person('field@partner.test');
    let page = officer.page;
    expect(await inPage(page, 'document.documentElement.dir')).toBe(language === 'fa' ? 'rtl' : 'ltr');
    await page.goto('/needs/new');
    await control(page, 'title').fill('Rice and oil for shelter families');
    await pick(page, 'lines.0.itemId', 'FOOD-RICE', 'FOOD-RICE-1KG');
    await control(page, 'lines.0.quantityUnits').fill('60');
    await page.getByRole('button', { name: m['need.addLine'] }).click();
    await pick(page, 'lines.1.itemId', 'FOOD-OIL', 'FOOD-OIL-1L');
    await control(page, 'lines.1.quantityUnits').fill('30');
    await pick(page, 'locationId', 'Deir', /Deir Al-Balah|دير البلح|دیر البلح/);
    await control(page, 'priority').selectOption('critical');
    await control(page, 'peopleToReach').fill('120');
    const neededBy = dateParts(30, language);
    const dateInputs = page.locator('[data-field="neededBy"]');
    await dateInputs.locator('input').nth(0).fill(neededBy.day);
    await dateInputs.locator('select').selectOption(String(neededBy.month));
    await dateInputs.locator('input').nth(1).fill(neededBy.year);
    await submit(page).click();
    await page.waitForURL(/\/needs\/[0-9a-f-]{36}$/);
    const needPath = new URL(page.url()).pathname;
    await page.getByRole('button', { name: m['need.submit'], exact: true }).click();
    await expect.poll(() => statusOf(page)).toBe('submitted');
    expect(officer.problems).toEqual([]);
    await officer.context.close();

    // 2. The sending group's coordinator approves it.
    const coordinator = await person('coordinator@sending.test');
    page = coordinator.page;
    await page.goto(needPath);
    await page.getByRole('button', { name: m['need.approve'] }).click();
    await expect.poll(() => statusOf(page)).toBe('approved');

    // 3. A donation of rice and oil comes into the Isfahan warehouse.
    const sendingKeeper = await person('warehouse@sending.test');
    const k = sendingKeeper.page;
    await k.goto('/stock/intake');
    await control(k, 'locationId').selectOption(places.warehouse);
    await control(k, 'source').selectOption('donation');
    await control(k, 'donorKind').selectOption('anonymous');
    await pick(k, 'lines.0.itemId', 'FOOD-RICE', 'FOOD-RICE-1KG');
    await control(k, 'lines.0.lotCode').fill('RICE-ISF-01');
    await control(k, 'lines.0.quantityUnits').fill('100');
    await k.getByRole('button', { name: m['intake.addLine'] }).click();
    await pick(k, 'lines.1.itemId', 'FOOD-OIL', 'FOOD-OIL-1L');
    await control(k, 'lines.1.lotCode').fill('OIL-ISF-01');
    await control(k, 'lines.1.quantityUnits').fill('40');
    await submit(k).click();
    await k.locator('[data-received]').waitFor();
    expect(sendingKeeper.problems).toEqual([]);
    await sendingKeeper.context.close();

    // 4. The coordinator builds the consignment for the need: the lots come from the pick.
    await page.goto(`/consignments/new?organisation=${world.sending.id}`);
    const choose = async (field: string, value: string) => {
      await page.locator(`[data-field="${field}"] option[value="${value}"]`).waitFor({ state: 'attached' });
      await control(page, field).selectOption(value);
    };
    await choose('originLocationId', places.warehouse);
    await choose('consigneeOrganisationId', world.partner.id);
    await choose('destinationLocationId', places.partnerStore);
    await page.getByRole('button', { name: m['consignment.addStop'] }).click();
    await pick(page, 'route.0.toLocationId', 'Al-Arish', /Al-Arish logistics hub|العریش/);
    await page.getByRole('button', { name: m['consignment.addStop'] }).click();
    await pick(page, 'route.1.toLocationId', 'Rafah', /Rafah crossing|رفح/);
    const needLines = page.locator('[data-need-line] input[type="checkbox"]');
    await needLines.nth(0).check();
    await expect.poll(() => page.locator('[data-line]').count()).toBe(1);
    await needLines.nth(1).check();
    await expect.poll(() => page.locator('[data-line]').count()).toBe(2);
    await submit(page).click();
    await page.waitForURL(/\/consignments\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    const consignmentPath = new URL(page.url()).pathname;

    // Packed in boxes, dispatched, and followed through the hub and the crossing.
    await page.locator('[data-action="pack"] [data-field="kind"] select').selectOption('box');
    await page.locator('[data-action="pack"] button[type="submit"]').click();
    await expect.poll(() => statusOf(page)).toBe('packed');
    await page.getByRole('button', { name: m['consignment.dispatch'], exact: true }).click();
    await expect.poll(() => statusOf(page)).toBe('in_transit');
    const step = async (kind: string, place?: [typed: string, choice: RegExp]) => {
      await page.locator('[data-action="step"] [data-field="kind"] select').selectOption(kind);
      if (place) await pick(page, 'locationId', place[0], place[1]);
      await page.locator('[data-action="step"] button[type="submit"]').click();
      await page.locator(`[data-timeline] [data-event="${kind}"]`).last().waitFor();
    };
    await step('arrived', ['Al-Arish', /Al-Arish logistics hub|العریش/]);
    // The inspection clears the rice and rejects 5 bottles of oil, written off.
    const inspect = page.locator('[data-action="inspect"]');
    await inspect.locator('[data-field="lines.1.outcome"] select').selectOption('rejected');
    await inspect.locator('[data-field="lines.1.rejectedUnits"] input').fill('5');
    await inspect.locator('[data-field="lines.1.reason"] input').fill('Leaking bottles');
    await inspect.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('[data-inspection] [data-outcome="rejected"]').count()).toBe(1);
    await step('departed');
    await step('arrived', ['Rafah', /Rafah crossing|رفح/]);
    await step('offloaded', ['Rafah', /Rafah crossing|رفح/]);
    await step('collected');
    await expect.poll(() => statusOf(page)).toBe('collected');
    expect(coordinator.problems).toEqual([]);

    // 5. The partner counts it in: 2 bags of rice missing.
    const keeper = await person('warehouse@partner.test');
    const r = keeper.page;
    const partnerPath = consignmentPath.replace(world.sending.id, world.partner.id);
    await r.goto(`${partnerPath}/receipt`);
    await control(r, 'lines.0.goodUnits').fill('58');
    await control(r, 'lines.0.shortUnits').fill('2');
    await control(r, 'lines.0.shortReason').selectOption('missing');
    await control(r, 'lines.0.shortNote').fill('Two bags missing from box 1');
    await submit(r).click();
    await r.waitForURL((url) => url.pathname === partnerPath);
    await expect.poll(() => statusOf(r)).toBe('received');
    expect(await r.locator('tr[data-line]').first().locator('[data-short]').textContent()).toBe(language === 'fa' ? '۲' : '2');
    expect(keeper.problems).toEqual([]);
    await keeper.context.close();

    // The sender closes it; every step is dated in the reader's calendar.
    await page.reload();
    await page.getByRole('button', { name: m['consignment.close'], exact: true }).click();
    await expect.poll(() => statusOf(page)).toBe('closed');
    const when = (await page.locator('[data-event="dispatched"] time').textContent())!;
    if (language === 'fa') {
      expect(await inPage(page, 'document.documentElement.dir')).toBe('rtl');
      // Solar Hijri (the year 14xx in Persian digits), not the Gregorian 20xx.
      expect(when).toMatch(/۱۴[۰-۹]{2}/);
      expect(when).not.toMatch(/۲۰[۰-۹]{2}|20\d\d/);
    } else {
      expect(when).toContain(String(new Date().getUTCFullYear()));
    }
    await coordinator.context.close();

    // 6. The partner issues rice to the distribution round (set-up) and a field officer records a household's share.
    await issueToSite({ db: server.store.db, actor: operator }, world.partner.id, planId, {
      id: newId(),
      fromLocationId: places.partnerStore,
      lines: [{ itemId: catalogue.rice.id, quantityUnits: 20 }],
    });
    const field = await person('field@partner.test');
    const d = field.page;
    await d.goto(`/distributions/record?plan=${planId}`);
    await control(d, 'householdCode').fill(householdCode);
    await submit(d).click();
    await d.locator('[data-confirm] .check-result[data-allowed="true"]').waitFor();
    await control(d, 'proof.code').fill('V-0001');
    await submit(d, '[data-confirm]').click();
    await d.locator('[data-recorded]').waitFor();
    expect(field.problems).toEqual([]);
    await field.context.close();

    // 7. The dashboard's figures moved: needed, dispatched, delivered and distributed.
    const after = await funnel();
    expect(after.needed! - (before.needed ?? 0)).toBe(90);
    expect(after.dispatched! - (before.dispatched ?? 0)).toBe(90);
    expect(after.delivered! - (before.delivered ?? 0)).toBe(83);
    expect(after.distributed! - (before.distributed ?? 0)).toBe(4);
  });
});
