import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import { chooseLanguage, launchChromium, messagesOf, openPage, screenshot, signInContext, startWebServer, type WebServer } from '../helpers/browser.js';
import { distributionFixtures, serveNewHouseholds } from '../helpers/distributions.js';
import { addOrganisation, daysFromToday, DEIR_AL_BALAH } from '../helpers/pipeline.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

const en = messagesOf('en');
const fa = messagesOf('fa');
const ar = messagesOf('ar');

let server: WebServer;
let w: World;
let s: StockWorld;
let browser: Browser;
let pledgeId: string;
let point: string;
/** A consignment of the donor's rice through two checkpoints, the first rejecting 2 bags to a holding store. */
let shipped: { id: string; unitId: string; unitCode: string; hub: string; crossing: string };
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

async function ok<T = { id: string }>(call: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<T> {
  const res = await call;
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as T;
}

/** A donor's rice, received in Isfahan, handed over to the partner, issued to a point and given to six households. */
async function seedFlow() {
  const donor = await addOrganisation(server, 'kerman-donors', 'donor', 'Kerman Donors Circle');
  const sendingUrl = `/api/organisations/${w.sending.id}`;
  const pledge = await ok<{ id: string; lines: { id: string }[] }>(
    w.people.sending.coordinator.call('POST', `${sendingUrl}/pledges`, {
      donor: { kind: 'organisation', organisationId: donor.org.id },
      expectedOn: daysFromToday(5),
      lines: [{ kind: 'goods', itemId: s.items.rice.id, quantityUnits: 40 }],
    }),
  );
  pledgeId = pledge.id;
  const intake = await ok<{ lots: { id: string }[] }>(
    w.people.sending.warehouse.call('POST', `${sendingUrl}/stock/intakes`, {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'donation',
      donor: { organisationId: donor.org.id },
      lines: [
        { itemId: s.items.rice.id, lotCode: 'WEB-RICE-1', expiryDate: daysFromToday(60), triage: 'urgent', quantityUnits: 37, pledgeLineId: pledge.lines[0]!.id },
        { itemId: s.items.rice.id, lotCode: 'WEB-RICE-1', expiryDate: daysFromToday(60), triage: 'unusable', quantityUnits: 3, pledgeLineId: pledge.lines[0]!.id },
      ],
    }),
  );
  await ok(
    w.people.sending.warehouse.call('POST', `${sendingUrl}/stock/handovers`, {
      id: newId(),
      fromLocationId: s.sites.isfahanMain.id,
      toLocationId: s.sites.deirMain.id,
      lines: [{ lotId: intake.lots[0]!.id, quantityUnits: 30 }],
    }),
  );
  const f = distributionFixtures(server);
  point = await f.site(w.partner.id, 'distribution_point', DEIR_AL_BALAH);
  const plan = await f.plan(w.partner.id, { siteId: point, plannedOn: daysFromToday(0), lines: [{ itemId: s.items.rice.id, quantityUnits: 1, per: 'household' }] });
  await f.issue(w.partner.id, plan.id, s.sites.deirMain.id, [{ itemId: s.items.rice.id, quantityUnits: 10 }]);
  await serveNewHouseholds(w.people.partner.field, w.partner.id, plan.id, 6);
  await ship(f);
  return donor;
}

/**
 * Six of the seven bags left in Isfahan travel to the partner in one box: held at a hub for two
 * days where 2 bags are rejected to a holding store (nothing is lost there), offloaded at a
 * crossing, received: 3 good, 1 wet.
 */
async function ship(f: ReturnType<typeof distributionFixtures>) {
  const [hub, crossing, hold] = [await f.site(w.sending.id, 'transit_hub'), await f.site(w.sending.id, 'border_crossing'), await f.warehouse(w.sending.id)];
  const sender = (rest = '') => `/api/organisations/${w.sending.id}/consignments${rest}`;
  const c = await ok<{ id: string; lines: { id: string }[] }>(
    w.people.sending.warehouse.call('POST', sender(), {
      id: newId(),
      consigneeOrganisationId: w.partner.id,
      originLocationId: s.sites.isfahanMain.id,
      destinationLocationId: s.sites.deirMain.id,
      lines: [{ itemId: s.items.rice.id, quantityUnits: 6 }],
    }),
  );
  const step = <T = { id: string }>(rest: string, body: object, caller = w.people.sending.coordinator, url = sender(`/${c.id}${rest}`)) =>
    ok<T>(caller.call('POST', url, { id: newId(), ...body }));
  await step('/pack', { kind: 'box', occurredAt: hoursAgo(100) });
  const dispatched = await step<{ handlingUnits: { id: string; code: string }[] }>('/dispatch', { occurredAt: hoursAgo(99) });
  await step('/events', { kind: 'arrived', locationId: hub, occurredAt: hoursAgo(90) });
  await step('/inspections', { locationId: hub, occurredAt: hoursAgo(60), lines: [{ lineId: c.lines[0]!.id, outcome: 'rejected', rejectedUnits: 2, reason: 'bags torn', toLocationId: hold }] });
  await step('/events', { kind: 'departed', occurredAt: hoursAgo(42) });
  await step('/events', { kind: 'arrived', locationId: crossing, occurredAt: hoursAgo(30) });
  await step('/events', { kind: 'offloaded', locationId: crossing, occurredAt: hoursAgo(25) });
  const partner = (rest: string) => `/api/organisations/${w.partner.id}/consignments/${c.id}${rest}`;
  await step('', { kind: 'collected', occurredAt: hoursAgo(20) }, w.people.partner.coordinator, partner('/events'));
  await step('', { occurredAt: hoursAgo(10), lines: [{ lineId: c.lines[0]!.id, goodUnits: 3, damagedUnits: 1, damagedReason: 'wet', shortUnits: 0 }] }, w.people.partner.warehouse, partner('/receipt'));
  shipped = { id: c.id, unitId: dispatched.handlingUnits[0]!.id, unitCode: dispatched.handlingUnits[0]!.code, hub, crossing };
}

let donorEmail: string;
beforeAll(async () => {
  server = await startWebServer();
  w = await seedWorld(server);
  s = await seedStock(server, w);
  await seedFlow();
  donorEmail = 'coordinator@kerman-donors.test';
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function personPage(email: string) {
  const opened = await openPage(browser, server.baseUrl);
  await signInContext(opened.context, email, TEST_PASSWORD);
  return opened;
}
/** The x of a diagram node, from its translate(x y). */
async function nodeX(page: Page, id: string): Promise<number> {
  const transform = await page.locator(`g[data-node="${id}"]`).getAttribute('transform');
  return Number(/translate\(([\d.]+)/.exec(transform ?? '')![1]);
}
const strokeOf = async (page: Page, from: string, to: string) => Number(await page.locator(`path[data-from="${from}"][data-to="${to}"]`).first().getAttribute('stroke-width'));
const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '');

describe('the trace screen', () => {
  it('draws the donor’s pledge as a flow from donor to households, edges as wide as the quantities (English)', async () => {
    const { page, problems, context } = await personPage(donorEmail);
    // The pledge screen offers the way there.
    await page.goto(`/pledges/${pledgeId}`);
    await page.getByRole('link', { name: en['trace.open'] }).click();
    await page.locator('[data-screen="trace"] svg').waitFor();
    expect(await page.locator('main h1').textContent()).toBe(en['trace.title.pledge']);
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');

    const donorNode = `donor:org:${(await page.locator('g[data-node^="donor:org:"]').first().getAttribute('data-node'))!.slice('donor:org:'.length)}`;
    const served = `distributed:${point}`;
    // Goods flow from the start side: the donor's column is left of the households'.
    expect(await nodeX(page, donorNode)).toBeLessThan(await nodeX(page, `location:${s.sites.deirMain.id}`));
    expect(await nodeX(page, `location:${s.sites.deirMain.id}`)).toBeLessThan(await nodeX(page, served));
    // Six households at the point: counted (never named), and the governorate too.
    expect(await page.locator(`g[data-node="${served}"] text`).allTextContents()).toContain('6 households');
    expect(await page.locator(`g[data-node="governorate:${DEIR_AL_BALAH}"] text`).allTextContents()).toContain('6 households');
    // 40 from the donor is wider than the 6 handed out, which is wider than nothing.
    const pledgeNode = `pledge:${pledgeId}`;
    expect(await strokeOf(page, donorNode, pledgeNode)).toBeGreaterThan(await strokeOf(page, `location:${point}`, served));
    expect(await page.locator(`path[data-to="loss:unusable-donation"]`).getAttribute('data-units')).toBe('3');
    // The totals table: 6 handed out.
    expect(await page.locator('tr[data-item="RICE-5KG"] [data-distributed]').getAttribute('data-distributed')).toBe('6');
    await screenshot(page, 'en-trace');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('mirrors the diagram in Persian: dir="rtl", the donor on the right, Persian digits', async () => {
    const { page, problems, context } = await personPage(donorEmail);
    await page.goto('/');
    await chooseLanguage(page, 'fa');
    await page.goto(`/trace/pledges/${pledgeId}`);
    await page.locator('[data-screen="trace"] svg').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('[data-screen="trace"] svg').getAttribute('data-dir')).toBe('rtl');
    expect(await page.locator('main h1').textContent()).toBe(fa['trace.title.pledge']);
    const donorNode = (await page.locator('g[data-node^="donor:org:"]').first().getAttribute('data-node'))!;
    const served = `distributed:${point}`;
    expect(await nodeX(page, donorNode)).toBeGreaterThan(await nodeX(page, served));
    expect(await page.locator(`g[data-node="${served}"] text`).allTextContents()).toContain(fa['trace.householdsServed']!.replace('{count}', '۶'));
    expect(await page.locator('[data-stage="origin"]').textContent()).toBe(fa['traceStage.origin']);
    await screenshot(page, 'fa-trace');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('draws the checkpoints a consignment passed on its node, with the wait and the rejection, from the code on a unit’s label', async () => {
    const { page, problems, context } = await personPage('warehouse@sending.test');
    // The consignment's page: the unit's code (the one in its QR code) leads to its trace.
    await page.goto(`/consignments/${w.sending.id}/${shipped.id}`);
    await page.locator(`tr[data-unit="${shipped.unitCode}"] a`).click();
    await page.locator('[data-screen="trace"] svg').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/trace/handling-units/${shipped.unitCode}`);
    expect(await page.locator('main h1').textContent()).toBe(en['trace.title.handling-unit']);
    expect(await page.locator('[data-unit] td').allTextContents()).toEqual(expect.arrayContaining(['WEB-RICE-1']));

    const unit = page.locator(`g[data-node="handling-unit:${shipped.unitId}"]`);
    expect((await unit.locator('text').allTextContents()).map(plain)).toEqual(['Box 1/1', shipped.unitCode]);
    expect(await nodeX(page, `handling-unit:${shipped.unitId}`)).toBeLessThan(await nodeX(page, `consignment:${shipped.id}`));
    // The warehouse that received the consignment is drawn after it, the band running forward.
    expect(await nodeX(page, `consignment:${shipped.id}`)).toBeLessThan(await nodeX(page, `location:${s.sites.deirMain.id}`));
    expect(await nodeX(page, `location:${s.sites.isfahanMain.id}`)).toBeLessThan(await nodeX(page, `consignment:${shipped.id}`));
    const road = page.locator(`g[data-node="consignment:${shipped.id}"]`);
    const hub = road.locator(`g[data-checkpoint="${shipped.hub}"]`);
    const crossing = road.locator(`g[data-checkpoint="${shipped.crossing}"]`);
    expect([await hub.getAttribute('data-dwell-hours'), await hub.getAttribute('data-rejected')]).toEqual(['48', '2']);
    expect(plain(await hub.locator('text.trace-sub').textContent())).toBe('2 d 0 h · 2 rejected');
    expect([await crossing.getAttribute('data-dwell-hours'), await crossing.getAttribute('data-rejected')]).toEqual(['5', '0']);
    expect(plain(await crossing.locator('text.trace-sub').textContent())).toBe('5 h');
    // The hub's row comes first, the node grown to hold both.
    const [hubBox, crossingBox, nodeBox] = [await hub.boundingBox(), await crossing.boundingBox(), await road.locator('rect').boundingBox()];
    expect(hubBox!.y).toBeLessThan(crossingBox!.y);
    expect(nodeBox!.y + nodeBox!.height).toBeGreaterThanOrEqual(crossingBox!.y + crossingBox!.height - 1);
    // The same in the checkpoints table.
    expect(await page.locator(`tr[data-checkpoint="${shipped.hub}"] [data-rejected]`).getAttribute('data-rejected')).toBe('2');
    await screenshot(page, 'en-trace-handling-unit');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('mirrors the checkpoints in Arabic: the unit on the right of its consignment, Arabic digits', async () => {
    const { page, problems, context } = await personPage('coordinator@partner.test');
    await page.goto('/');
    await chooseLanguage(page, 'ar');
    await page.goto(`/trace/consignments/${shipped.id}`);
    await page.locator('[data-screen="trace"] svg').waitFor();
    expect(await page.locator('main h1').textContent()).toBe(ar['trace.title.consignment']);
    const hub = page.locator(`g[data-node="consignment:${shipped.id}"] g[data-checkpoint="${shipped.hub}"] text.trace-sub`);
    expect(plain(await hub.textContent())).toBe(`${ar['trace.dwellDays']!.replace('{days}', '٢').replace('{hours}', '٠')} · ${ar['trace.rejectedUnits']!.replace('{count}', '٢')}`);
    expect(await nodeX(page, `location:${s.sites.isfahanMain.id}`)).toBeGreaterThan(await nodeX(page, `consignment:${shipped.id}`));
    await page.goto(`/trace/handling-units/${shipped.unitId}`);
    await page.locator(`g[data-node="handling-unit:${shipped.unitId}"]`).waitFor();
    expect(await nodeX(page, `handling-unit:${shipped.unitId}`)).toBeGreaterThan(await nodeX(page, `consignment:${shipped.id}`));
    await screenshot(page, 'ar-trace-checkpoints');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tells another donor they may not see it', async () => {
    await addOrganisation(server, 'qom-donors', 'donor', 'Qom Donors');
    const { page, context } = await personPage('coordinator@qom-donors.test');
    await page.goto(`/trace/pledges/${pledgeId}`);
    await page.locator('[role="alert"]').waitFor();
    expect(await page.locator('[data-screen="trace"] svg').count()).toBe(0);
    await context.close();
  });
});

describe('the dashboard', () => {
  it('draws the funnel, coverage, expiry and losses with their reasons as bars for a monitor (English; a reason in Persian too)', async () => {
    const { page, problems, context } = await personPage('monitor@sending.test');
    await page.goto('/');
    await page.locator('[data-chart="funnel"] [data-bar="distributed"]').waitFor();
    expect(await page.locator('[data-scope]').getAttribute('data-scope')).toBe('all');
    const value = (bar: string) => page.locator(`[data-chart="funnel"] [data-bar="${bar}"]`).getAttribute('data-value');
    expect(await value('pledged')).toBe('40');
    expect(await value('received')).toBe('37');
    expect(await value('distributed')).toBe('6');
    // Bars are as long as their figures: received (37) longer than distributed (6).
    const width = async (bar: string) => (await page.locator(`[data-chart="funnel"] [data-bar="${bar}"] .chart-fill`).boundingBox())!.width;
    expect(await width('received')).toBeGreaterThan(await width('distributed'));
    expect(await page.locator('[data-chart="losses"] [data-bar="unusable-donation"] .chart-value').textContent()).toBe('3');
    expect(plain(await page.locator('[data-chart="losses"] [data-bar="unusable-donation"] .chart-label').textContent())).toBe(en['lossReason.unusable-donation']);
    // Why: the bag that arrived wet, under the kind of loss it is, in the words of the receipt form.
    const wet = page.locator('[data-chart="losses"] [data-loss-kind="damaged"] [data-bar="wet"]');
    expect(await wet.locator('.chart-value').textContent()).toBe('1');
    expect(plain(await wet.locator('.chart-label').textContent())).toBe(en['damagedReason.wet']);
    expect(plain(await page.locator('[data-chart="losses"] [data-loss-kind="damaged"] h3').textContent())).toBe(`${en['lossReason.damaged-in-transit']}: 1`);
    // 37 received, 6 handed out, 1 lost on the road: 30 on shelves, all expiring within 3 months.
    expect(await page.locator('[data-chart="expiry"] .figure-value').first().textContent()).toBe('30');
    expect(await page.locator('[data-chart="checkpoints"]').textContent()).toContain(en['dashboard.checkpointsNone']);
    await screenshot(page, 'en-dashboard-figures');
    // The same reason in Persian, from the same translations as the receipt form.
    await chooseLanguage(page, 'fa');
    await wet.locator('.chart-value').filter({ hasText: '۱' }).waitFor();
    expect(plain(await wet.locator('.chart-label').textContent())).toBe(fa['damagedReason.wet']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('mirrors in Arabic and Persian: bars grow from the right, figures in the reader’s digits', async () => {
    const { page, problems, context } = await personPage('coordinator@partner.test');
    await page.goto('/');
    for (const [language, messages, digit6] of [
      ['ar', ar, '٦'],
      ['fa', fa, '۶'],
    ] as const) {
      await chooseLanguage(page, language);
      await page.locator('[data-chart="funnel"] [data-bar="distributed"]').waitFor();
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await page.locator('#dashboard-funnel').textContent()).toBe(messages['dashboard.funnelTitle']);
      expect(await page.locator('[data-chart="funnel"] [data-bar="distributed"] .chart-value').textContent()).toBe(digit6);
      // The bar starts at the right edge of its track.
      const track = (await page.locator('[data-chart="funnel"] [data-bar="distributed"] .chart-track').boundingBox())!;
      const fill = (await page.locator('[data-chart="funnel"] [data-bar="distributed"] .chart-fill').boundingBox())!;
      expect(Math.abs(fill.x + fill.width - (track.x + track.width))).toBeLessThan(1);
      await screenshot(page, `${language}-dashboard-figures`);
    }
    expect(await page.locator('[data-scope]').getAttribute('data-scope')).toBe(w.partner.id);
    expect(problems).toEqual([]);
    await context.close();
  });
});
