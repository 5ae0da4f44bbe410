import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import { consignmentFixtures, type ConsignmentFixtures } from '../helpers/consignments.js';
import { daysFromToday } from '../helpers/pipeline.js';
import { chooseLanguage, control, fieldError, inPage, launchChromium, messagesOf, openPage, phone, pick, signIn, startWebServer, type WebServer } from '../helpers/browser.js';

const en = messagesOf('en');
const fa = messagesOf('fa');

let server: WebServer;
let world: World;
let browser: Browser;
let f: ConsignmentFixtures;

beforeAll(async () => {
  server = await startWebServer();
  world = await seedWorld(server);
  f = await consignmentFixtures(server, world);
  // Two lots of rice: the one that expires first must be picked first.
  await f.stock(f.items.rice, 40, daysFromToday(200));
  await f.stock(f.items.rice, 100, daysFromToday(400));
  await f.approvedNeed([{ itemId: f.items.rice, quantityUnits: 60 }]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function personPage(email: string, viewport?: typeof phone) {
  const opened = await openPage(browser, server.baseUrl, viewport);
  await signIn(opened.page, email, TEST_PASSWORD);
  return opened;
}
const heading = (page: Page) => page.locator('main h1');
const statusOf = (page: Page) => page.locator('.page-title [data-status]').first().getAttribute('data-status');
const submitIn = (page: Page, action: string) => page.locator(`[data-action="${action}"] button[type="submit"]`);
const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '');
const selectByLabel = async (page: Page, field: string, label: string) => {
  await page.locator(`[data-field="${field}"] option`, { hasText: label }).first().waitFor({ state: 'attached' });
  await control(page, field).selectOption({ label });
};
async function recordStep(page: Page, kind: string, place?: RegExp) {
  await page.locator('[data-action="step"] [data-field="kind"] select').selectOption(kind);
  if (place) await pick(page, 'locationId', place.source.replace(/\\/g, '').split(' ')[0]!, place);
  await submitIn(page, 'step').click();
}

describe('consignments in the browser', () => {
  let consignmentPath = '';

  it('builds a draft: warehouse, partner, destination, stops; the need line fills lots first expiry first; quantities edited; errors beside the fields', async () => {
    const { page, problems } = await personPage('coordinator@sending.test');
    await page.locator('#site-nav').getByRole('link', { name: en['nav.newConsignment'], exact: true }).click();
    await expect.poll(() => heading(page).textContent()).toBe(en['consignments.new']);

    // Nothing chosen: the server's refusal shows beside the first field it names.
    await page.locator('main form button[type="submit"]').first().click();
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0);

    await selectByLabel(page, 'originLocationId', 'Isfahan central warehouse');
    await selectByLabel(page, 'consigneeOrganisationId', 'Deir al-Balah Community Kitchen');
    await selectByLabel(page, 'destinationLocationId', 'Deir al-Balah warehouse');
    await page.getByRole('button', { name: en['consignment.addStop'] }).click();
    await pick(page, 'route.0.toLocationId', 'Al-Arish', 'Al-Arish logistics hub');
    await control(page, 'route.0.mode').selectOption('air');
    await page.getByRole('button', { name: en['consignment.addStop'] }).click();
    await pick(page, 'route.1.toLocationId', 'Rafah', 'Rafah crossing');

    // Ticking the need line asks the warehouse: 40 from the lot that expires first, 20 from the next.
    const needLine = page.locator('[data-need-line] input[type="checkbox"]').first();
    expect(plain(await page.locator('[data-need-line] label').first().textContent())).toContain('60');
    await needLine.check();
    await expect.poll(() => page.locator('[data-line]').count()).toBe(2);
    expect(await control(page, 'lines.0.quantityUnits').inputValue()).toBe('40');
    expect(await control(page, 'lines.1.quantityUnits').inputValue()).toBe('20');
    expect(await page.locator('[data-line="0"]').textContent()).toContain(en['consignment.expires']!.split(' ')[0]!);

    // A quantity that is no number is refused beside its own input, and focus goes there.
    await control(page, 'lines.1.quantityUnits').fill('fifteen');
    await page.locator('main form button[type="submit"]').first().click();
    await expect.poll(() => fieldError(page, 'lines.1.quantityUnits').textContent()).toBe(en['error.not_a_number']);
    expect(await inPage(page, `document.activeElement?.closest('[data-field]')?.dataset.field`)).toBe('lines.1.quantityUnits');
    await control(page, 'lines.1.quantityUnits').fill('15');
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForURL(/\/consignments\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    consignmentPath = new URL(page.url()).pathname;
    await expect.poll(() => statusOf(page)).toBe('draft');
    expect(await page.locator('[data-route] li').count()).toBe(3);
    expect(plain(await page.locator('[data-route] li').nth(1).textContent())).toContain('Al-Arish logistics hub');
    const rows = page.locator('tr[data-line]');
    expect(await rows.count()).toBe(2);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lists it, filtered by status', async () => {
    const { page } = await personPage('coordinator@sending.test');
    await page.goto(`/consignments?organisation=${world.sending.id}&status=draft`);
    await expect.poll(() => page.locator('tr[data-consignment]').count()).toBe(1);
    await page.goto(`/consignments?organisation=${world.sending.id}&status=closed`);
    await expect.poll(() => page.locator('main .empty').textContent()).toBe(en['consignments.empty']);
    await page.context().close();
  });

  it('packs into boxes with printable packing list and QR labels, dispatches, records checkpoints, an inspection with a rejected line, offloading and collection', async () => {
    const { page, problems } = await personPage('coordinator@sending.test');
    await page.goto(consignmentPath);
    await control(page, 'kind').selectOption('box');
    await submitIn(page, 'pack').click();
    await expect.poll(() => statusOf(page)).toBe('packed');
    const units = page.locator('tr[data-unit]');
    expect(await units.count()).toBeGreaterThan(0);
    expect(plain(await units.first().textContent())).toMatch(/Box 1\/\d+/);
    // The printed pages come from the server; the labels carry a QR code per unit.
    const labelsHref = (await page.locator('a[data-print="labels"]').getAttribute('href'))!;
    const labels = await page.context().request.get(labelsHref);
    expect(labels.status()).toBe(200);
    expect(await labels.text()).toContain('<svg');
    expect((await page.context().request.get((await page.locator('a[data-print="packing-list"]').getAttribute('href'))!)).status()).toBe(200);

    await page.getByRole('button', { name: en['consignment.dispatch'], exact: true }).click();
    await expect.poll(() => statusOf(page)).toBe('in_transit');
    expect(await page.locator('[data-in-transit]').getAttribute('data-in-transit')).toBe('55');

    await recordStep(page, 'arrived', /Al-Arish logistics hub/);
    await expect.poll(() => statusOf(page)).toBe('at_checkpoint');
    await recordStep(page, 'under_review');
    await expect.poll(() => page.locator('[data-event="under_review"]').count()).toBe(1);

    // Inspection: the first line has 5 units rejected, taken to the holding store; the reason is required.
    const inspect = page.locator('[data-action="inspect"]');
    await inspect.locator('[data-field="lines.0.outcome"] select').selectOption('rejected');
    await inspect.locator('[data-field="lines.0.rejectedUnits"] input').fill('5');
    await submitIn(page, 'inspect').click();
    await expect.poll(() => inspect.locator('[data-field="lines.0.reason"] .field-error').count()).toBe(1);
    await inspect.locator('[data-field="lines.0.reason"] input').fill('Labels not in Arabic');
    await pick(page, 'lines.0.toLocationId', 'holding', 'Al-Arish holding store');
    await submitIn(page, 'inspect').click();
    await expect.poll(() => page.locator('[data-inspection] [data-outcome="rejected"]').count()).toBe(1);
    const outcome = plain(await page.locator('[data-inspection] [data-outcome="rejected"]').textContent())!;
    expect(outcome).toContain('Labels not in Arabic');
    expect(outcome).toContain('Al-Arish holding store');
    expect(await page.locator('[data-inspection] [data-outcome="cleared"]').count()).toBe(1);

    await recordStep(page, 'departed');
    await expect.poll(() => statusOf(page)).toBe('in_transit');
    await recordStep(page, 'arrived', /Rafah crossing/);
    await expect.poll(() => statusOf(page)).toBe('at_checkpoint');
    await recordStep(page, 'offloaded', /Rafah crossing/);
    await expect.poll(() => statusOf(page)).toBe('offloaded');
    await recordStep(page, 'collected');
    await expect.poll(() => statusOf(page)).toBe('collected');

    // Dwell per checkpoint, and each step says who, when and where.
    expect(await page.locator('tr[data-dwell]').count()).toBe(2);
    const arrived = page.locator('[data-event="arrived"]').first();
    expect(plain(await arrived.textContent())).toContain('Al-Arish logistics hub');
    expect(plain(await arrived.textContent())).toContain('coordinator of sending');
    expect(await arrived.locator('time').count()).toBe(1);
    // The sender has nothing to receive: that is the partner's.
    expect(await page.getByRole('link', { name: en['consignment.receive'] }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a field officer scans a handling unit by typing its code, with the phone’s position, and sees the scans listed', async () => {
    const { context, page, problems } = await personPage('field@sending.test', phone);
    // Headless chromium has no camera; the position is the browser's, once the person allows it.
    await context.grantPermissions(['geolocation'], { origin: server.baseUrl });
    await context.setGeolocation({ latitude: 31.13052, longitude: 33.80341 });
    await page.goto(consignmentPath);
    const code = (await page.locator('tr[data-unit]').first().getAttribute('data-unit'))!;
    await page.locator('[data-scan-units]').click();
    await page.waitForURL(/\/scan$/);
    await expect.poll(() => page.locator('main .empty').textContent()).toBe(en['unitScan.none']);

    const submit = page.locator('[data-action="scan"] button[type="submit"]');
    await control(page, 'code').fill('HU-00000000');
    await submit.click();
    await expect.poll(() => fieldError(page, 'code').textContent()).toBe(en['error.not_a_unit_of_this_consignment']);

    // Typed in lower case, as people do: the code is read as printed.
    await control(page, 'code').fill(code.toLowerCase());
    await submit.click();
    await expect.poll(async () => plain(await page.locator(`[data-recorded="${code}"]`).textContent())).toBe(en['unitScan.recorded']!.replace('{code}', code));
    const row = page.locator(`tr[data-scan-of="${code}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-position]').textContent()).toBe('31.13052, 33.80341');
    expect(plain(await row.textContent())).toContain('field of sending');

    // Without the position: the time alone is recorded.
    await control(page, 'position').uncheck();
    await control(page, 'code').fill(code);
    await control(page, 'note').fill('Al-Arish hub, bay 4');
    await submit.click();
    await expect.poll(() => row.count()).toBe(2);
    expect(plain(await page.locator('[data-recorded]').textContent())).toBe(plain(en['unitScan.recordedNoPosition']!.replace('{code}', code)));
    expect(await row.first().locator('[data-position]').count()).toBe(0);
    expect(plain(await row.first().textContent())).toContain('Al-Arish hub, bay 4');

    // The consignment shows the unit's last scan.
    await page.goto(consignmentPath);
    await expect.poll(() => page.locator(`tr[data-unit="${code}"] time`).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the partner counts it in with a shortage and damage, each with its reason (a count that does not add up, or a loss without a reason, is refused beside the field), and the sender closes it', async () => {
    const { page, problems } = await personPage('warehouse@partner.test');
    const partnerPath = consignmentPath.replace(world.sending.id, world.partner.id);
    await page.goto(partnerPath);
    await page.getByRole('link', { name: en['consignment.receive'] }).click();
    await page.waitForURL(/\/receipt$/);
    expect(await control(page, 'lines.0.goodUnits').inputValue()).toBe('35');
    await control(page, 'lines.0.shortUnits').fill('2');
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => fieldError(page, 'lines.0.goodUnits').textContent()).toBe(en['error.receipt_does_not_add_up']);
    await control(page, 'lines.0.goodUnits').fill('33');
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => fieldError(page, 'lines.0.shortReason').textContent()).toBe(en['error.receipt_reason_required']);
    // "Other" needs the receiver's own words.
    await control(page, 'lines.0.shortReason').selectOption('other');
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => fieldError(page, 'lines.0.shortNote').textContent()).toBe(en['error.receipt_note_required']);
    await control(page, 'lines.0.shortReason').selectOption({ label: en['shortReason.pilfered']! });
    await control(page, 'lines.0.shortNote').fill('Two bags torn open at the crossing');
    // One bag of the second line arrived wet.
    const second = await control(page, 'lines.1.goodUnits').inputValue();
    await control(page, 'lines.1.goodUnits').fill(String(Number(second) - 1));
    await control(page, 'lines.1.damagedUnits').fill('1');
    await page.locator('main form button[type="submit"]').click();
    await expect.poll(() => fieldError(page, 'lines.1.damagedReason').textContent()).toBe(en['error.receipt_reason_required']);
    await control(page, 'lines.1.damagedReason').selectOption({ label: en['damagedReason.wet']! });
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === partnerPath);
    await expect.poll(() => statusOf(page)).toBe('received');
    expect(await page.locator('tr[data-line]').first().locator('[data-short]').textContent()).toBe('2');
    const received = page.locator('[data-event="received"]');
    expect(plain(await received.locator('[data-short-reason="pilfered"]').textContent())).toContain(`${en['shortReason.pilfered']} (Two bags torn open at the crossing)`);
    expect(plain(await received.locator('[data-damaged-reason="wet"]').textContent())).toContain(en['damagedReason.wet']);
    expect(problems).toEqual([]);
    await page.context().close();

    const sender = await personPage('coordinator@sending.test');
    await sender.page.goto(consignmentPath);
    await sender.page.getByRole('button', { name: en['consignment.close'], exact: true }).click();
    await expect.poll(() => statusOf(sender.page)).toBe('closed');
    await sender.page.context().close();
  });

  it('in Persian on a 360 px phone: mirrored, nothing wider than the screen, dates in the Solar Hijri calendar', async () => {
    const { page, problems } = await personPage('coordinator@sending.test', phone);
    await chooseLanguage(page, 'fa');
    await page.goto(consignmentPath);
    await expect.poll(() => heading(page).textContent()).toContain(fa['consignment.title']!.split(' ')[0]!);
    expect(await inPage(page, 'document.documentElement.dir')).toBe('rtl');
    expect(await inPage<number>(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    // A step's time, in Persian digits and the Solar Hijri year (14xx), not the Gregorian 20xx.
    const when = (await page.locator('[data-event="created"] time').textContent())!;
    expect(when).toMatch(/[۰-۹]/);
    expect(when).toMatch(/۱۴۰[۰-۹]/);
    expect(when).not.toMatch(/۲۰[۰-۹]{2}/);
    // The status is in Persian.
    expect(await page.locator('.page-title [data-status]').first().textContent()).toBe(fa['consignmentStatus.closed']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the builder is usable from the keyboard alone: the need line is ticked with Space', async () => {
    const { page } = await personPage('coordinator@sending.test');
    await page.goto(`/consignments/new?organisation=${world.sending.id}`);
    await selectByLabel(page, 'originLocationId', 'Isfahan central warehouse');
    await selectByLabel(page, 'consigneeOrganisationId', 'Deir al-Balah Community Kitchen');
    await page.locator('[data-need-line] input[type="checkbox"]').first().focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('[data-line]').count()).toBeGreaterThan(0);
    await page.context().close();
  });
});
