import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import { consignment, consignmentFixtures, packAndDispatch } from '../helpers/consignments.js';
import { daysFromToday } from '../helpers/pipeline.js';
import { control, launchChromium, messagesOf, openPage, pick, signIn, startWebServer, type WebServer } from '../helpers/browser.js';

/** A consignment on its way changes route in the browser: the part travelled stays, a reason is asked for and shown. */
const en = messagesOf('en');
let server: WebServer;
let world: World;
let browser: Browser;
let path: string;

beforeAll(async () => {
  server = await startWebServer();
  world = await seedWorld(server);
  const f = await consignmentFixtures(server, world);
  const lot = await f.stock(f.items.rice, 10, daysFromToday(400));
  const sender = world.people.sending.warehouse;
  const draft = await consignment(sender, 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 10 }]), 201);
  await packAndDispatch(f, sender, draft.id, new Date(Date.now() - 48 * 3_600_000).toISOString());
  const arrived = await world.people.sending.coordinator.call('POST', f.sendingUrl(draft.id, '/events'), { id: newId(), kind: 'arrived', locationId: f.places.hub });
  expect(arrived.statusCode, arrived.body).toBe(200);
  path = `/consignments/${world.sending.id}/${draft.id}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('changing the route of a consignment on its way', () => {
  it('keeps the airport and the hub, takes a new stop ahead and the reason, and shows the change in the timeline', async () => {
    const { page, problems } = await openPage(browser, server.baseUrl);
    await signIn(page, 'coordinator@sending.test', TEST_PASSWORD);
    await page.goto(`${server.baseUrl}${path}`);
    await page.locator('[data-action="change-route"]').click();
    const form = page.locator('[data-action="route"]');
    // The airport (passed unrecorded) and the hub (where it is) are shown, not editable.
    const passed = form.locator('[data-passed]');
    await expect.poll(() => passed.count()).toBe(2);
    expect(await passed.nth(0).textContent()).toContain('Isfahan International Airport');
    expect(await passed.nth(1).textContent()).toContain('Al-Arish logistics hub');
    expect(await form.locator('[data-passed] input').count()).toBe(0);

    // The crossing closed: the third stop becomes the holding store.
    await pick(page, 'legs.2.toLocationId', 'holding', 'Al-Arish holding store');
    await form.locator('button[type="submit"]').click();
    // On the way, the reason is required, and said beside its field.
    await expect.poll(() => form.locator('[data-field="reason"] .field-error').count()).toBe(1);
    await control(page, 'reason').fill('Rafah crossing closed');
    await form.locator('button[type="submit"]').click();

    // Hub → holding store → partner, where it was hub → crossing → partner: still four legs.
    await expect.poll(() => page.locator('[data-route] li').nth(2).textContent()).toContain('Al-Arish holding store');
    expect(await page.locator('[data-route] li').count()).toBe(4);
    const change = page.locator('[data-event="rerouted"]');
    await expect.poll(() => change.count()).toBe(1);
    expect(await change.textContent()).toContain(en['consignmentEvent.rerouted']!);
    expect(await change.textContent()).toContain('Rafah crossing closed');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
