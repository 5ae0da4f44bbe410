import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { operator } from '../../src/services/context.js';
import { registerHouseholds } from '../../src/services/households/households.js';
import { createLocation } from '../../src/services/locations.js';
import { seedWorld, TEST_PASSWORD, TEST_PSEUDONYM_SECRET, type TestApp, type World } from '../helpers/app.js';
import { control, desktop, inPage, launchChromium, messagesOf, openPage, phone, pick, screenshot, signIn, startWebServer, type WebServer } from '../helpers/browser.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { seedCatalogue } from '../helpers/web-seed.js';

const en = messagesOf('en');
const fa = messagesOf('fa');

let server: WebServer;
let world: World;
let browser: Browser;
let fixtures: ReturnType<typeof distributionFixtures>;
let catalogue: Awaited<ReturnType<typeof seedCatalogue>>;
/** Twelve households served in Khan Younis (more than one sheet of ten), three in Deir al-Balah. */
let khanYounis: { id: string; documentNumber: string; memberCount: number }[];
let deirAlBalah: string[];
let khanYounisSite: string;

beforeAll(async () => {
  server = await startWebServer();
  world = await seedWorld(server);
  catalogue = await seedCatalogue(server, world);
  fixtures = distributionFixtures(server as unknown as TestApp);
  const ctx = { db: server.store.db, actor: operator };
  khanYounisSite = (
    await createLocation(ctx, {
      level: 'site',
      siteKind: 'distribution_point',
      parentId: referenceLocationId('PS0270'),
      names: { en: 'Khan Younis community centre', fa: 'مرکز اجتماعی خان یونس', ar: 'مركز خان يونس المجتمعي' },
      organisationId: world.partner.id,
    })
  ).id;
  const household = (documentNumber: string, locationId: string, memberCount: number) => ({
    documentNumber,
    locationId,
    memberCount,
    childrenUnder5Count: 0,
    schoolAgeChildrenCount: 0,
    vulnerabilities: [],
  });
  const inKhanYounis = Array.from({ length: 12 }, (_, i) => household(`7700${String(i).padStart(5, '0')}`, khanYounisSite, i + 2));
  const ids = await registerHouseholds(ctx, TEST_PSEUDONYM_SECRET, world.partner.id, inKhanYounis);
  // Registered in one transaction, at one instant: the list (oldest first) then orders them by id.
  khanYounis = ids
    .map((id, i) => ({ id, documentNumber: inKhanYounis[i]!.documentNumber, memberCount: inKhanYounis[i]!.memberCount }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  deirAlBalah = await registerHouseholds(
    ctx,
    TEST_PSEUDONYM_SECRET,
    world.partner.id,
    Array.from({ length: 3 }, (_, i) => household(`8800${String(i).padStart(5, '0')}`, catalogue.distributionPoint.id, 5)),
  );
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const codeOf = (id: string) => `HH-${id.slice(0, 8).toUpperCase()}`;
const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '').trim();
/** The day on this machine's clock, which the browser shares: a plan for today is open for recording. */
const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};
const persianDigits = (text: string) => text.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
/** The modules of a QR code as its SVG draws them (the dark path's outline), from the generator the labels use too. */
const qrPathOf = async (payload: string) => /<path stroke="#000000" d="([^"]+)"/.exec(await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }))![1];

async function personPage(email: string, language: 'en' | 'fa' | 'ar', viewport = desktop) {
  const opened = await openPage(browser, server.baseUrl, viewport);
  await opened.context.addInitScript(`localStorage.setItem('karvan.language', '${language}')`);
  await signIn(opened.page, email, TEST_PASSWORD);
  return opened;
}

interface CardOnPage {
  household: string;
  code: string;
  codeText: string;
  members: string;
  place: string;
  qrPayload: string;
  qrPath: string;
}
const cardsOn = (page: Page) =>
  inPage<CardOnPage[]>(
    page,
    `[...document.querySelectorAll('.household-card')].map((card) => ({
      household: card.dataset.household,
      code: card.dataset.code,
      codeText: card.querySelector('[data-code-text]').textContent.trim(),
      members: card.querySelector('[data-members]').textContent,
      place: card.querySelector('[data-place]').textContent,
      qrPayload: card.querySelector('[data-qr]').dataset.qr,
      qrPath: card.querySelector('[data-qr] svg path[stroke]').getAttribute('d'),
    }))`,
  );

describe('printable household cards', () => {
  it('prints a card for each household of the filtered list: its code, size, place and a QR code of its id, nothing else, nothing fetched', async () => {
    const { page, problems, context } = await personPage('field@partner.test', 'en');
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl)) elsewhere.push(request.url());
    });
    await page.goto('/households');
    await pick(page, 'location', 'Khan', /Khan Younis/);
    await page.waitForURL((url) => url.searchParams.get('location') === referenceLocationId('PS0270'));
    await page.locator(`tr[data-household="${khanYounis[0]!.id}"]`).waitFor();
    await page.locator('[data-print-cards]').click();
    await page.waitForURL((url) => url.pathname === '/households/cards' && url.searchParams.get('location') === referenceLocationId('PS0270'));
    await expect.poll(() => page.locator('.household-card').count()).toBe(12);

    const cards = await cardsOn(page);
    // Exactly the households served under Khan Younis, in the list's order (oldest first).
    expect(cards.map((c) => c.household)).toEqual(khanYounis.map((h) => h.id));
    for (const [i, card] of cards.entries()) {
      const household = khanYounis[i]!;
      expect(card.code).toBe(codeOf(household.id));
      expect(card.codeText).toBe(codeOf(household.id));
      expect(card.members).toBe(String(household.memberCount));
      expect(plain(card.place)).toBe('Khan Younis community centre');
      // The QR code is drawn from the household's whole id and nothing else: the same modules as the generator gives for it.
      expect(card.qrPayload).toBe(household.id);
      expect(card.qrPath).toBe(await qrPathOf(household.id));
    }
    // No plain identity anywhere on the page: neither document number is printed.
    const text = (await page.locator('main').textContent())!;
    for (const h of khanYounis) expect(text).not.toContain(h.documentNumber);
    for (const id of deirAlBalah) expect(text).not.toContain(codeOf(id));
    expect(await page.locator('.card-sheet').count()).toBe(2);
    expect(await page.locator('.card-sheet').nth(0).locator('.household-card').count()).toBe(10);

    // On paper: the title and buttons go, the twelve cards take two A4 sheets (ten, then two).
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('main h1').isVisible()).toBe(false);
    expect(await page.locator('[data-print]').isVisible()).toBe(false);
    const firstRow = await Promise.all([0, 1, 2].map((i) => page.locator('.household-card').nth(i).boundingBox()));
    expect(firstRow[0]!.y).toBe(firstRow[1]!.y);
    expect(firstRow[2]!.y).toBeGreaterThan(firstRow[0]!.y);
    await screenshot(page, 'en-household-cards-print');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(2);
    await page.emulateMedia({ media: 'screen' });

    // Another filter, another set: one code.
    await page.goto(`/households/cards?code=${codeOf(deirAlBalah[1]!)}`);
    await expect.poll(async () => (await cardsOn(page)).map((c) => c.household)).toEqual([deirAlBalah[1]]);
    expect(plain(await page.locator('[role="status"]').first().textContent())).toBe(en['cards.range']!.replace('{first}', '1').replace('{last}', '1'));
    // And one household's card again, from its page (a card lost, a family just registered).
    await page.goto(`/households/${world.partner.id}/${deirAlBalah[2]}`);
    await page.locator('[data-print-card]').click();
    await page.waitForURL((url) => url.pathname === '/households/cards');
    await expect.poll(async () => (await cardsOn(page)).map((c) => c.household)).toEqual([deirAlBalah[2]]);

    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lays the cards out right to left in Persian, with Persian digits on the card and the QR code still the ASCII id', async () => {
    const { page, problems, context } = await personPage('field@partner.test', 'fa');
    await page.goto(`/households/cards?location=${referenceLocationId('PS0270')}`);
    await page.locator('html[dir="rtl"]').waitFor({ state: 'attached' });
    await expect.poll(() => page.locator('.household-card').count()).toBe(12);
    expect(plain(await page.locator('main h1').textContent())).toBe(fa['cards.title']);
    const cards = await cardsOn(page);
    expect(cards[0]!.codeText).toBe(persianDigits(codeOf(khanYounis[0]!.id)));
    expect(cards[0]!.members).toBe(persianDigits(String(khanYounis[0]!.memberCount)));
    expect(plain(cards[0]!.place)).toBe('مرکز اجتماعی خان یونس');
    expect(cards[0]!.qrPayload).toBe(khanYounis[0]!.id);
    expect(cards[0]!.qrPath).toBe(await qrPathOf(khanYounis[0]!.id));
    expect(plain(await page.locator('.household-card-title').first().textContent())).toBe(fa['cards.cardTitle']);

    // Mirrored: the first card on the right, the title at the card's right, the QR code at its left.
    const box = (selector: string, index = 0) => page.locator(selector).nth(index).boundingBox();
    expect((await box('.household-card', 0))!.x).toBeGreaterThan((await box('.household-card', 1))!.x);
    expect((await box('.household-card-title'))!.x).toBeGreaterThan((await box('.household-card-org'))!.x);
    expect((await box('.household-card-qr'))!.x).toBeLessThan((await box('.household-card-text'))!.x);
    // The code still reads left to right, "HH-" first.
    expect(await inPage(page, `getComputedStyle(document.querySelector('[data-code-text]')).direction`)).toBe('ltr');
    await screenshot(page, 'fa-household-cards');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('finds the household on the distribution screen from what its card QR code holds, and from its printed code typed in Persian digits', async () => {
    const target = khanYounis[3]!;
    const plan = await fixtures.plan(world.partner.id, { siteId: khanYounisSite, plannedOn: today(), lines: [{ itemId: catalogue.parcel.id, quantityUnits: 1, per: 'household' }] });

    // What the card holds, read off the printed page.
    const printed = await personPage('field@partner.test', 'fa');
    await printed.page.goto(`/households/cards?location=${referenceLocationId('PS0270')}`);
    await printed.page.locator(`.household-card[data-household="${target.id}"]`).waitFor();
    const [card] = (await cardsOn(printed.page)).filter((c) => c.household === target.id);
    await printed.context.close();

    // A phone whose browser reads QR codes: the camera sees the card's QR code.
    const scanner = await openPage(browser, server.baseUrl, phone);
    await scanner.context.addInitScript(`
      localStorage.setItem('karvan.language', 'fa');
      window.BarcodeDetector = class { async detect() { return [{ rawValue: ${JSON.stringify(card!.qrPayload)} }]; } };
      navigator.mediaDevices.getUserMedia = async () => { const c = document.createElement('canvas'); c.width = 64; c.height = 64; c.getContext('2d').fillRect(0, 0, 64, 64); return c.captureStream(5); };
    `);
    await signIn(scanner.page, 'field@partner.test', TEST_PASSWORD);
    await scanner.page.goto(`/distributions/record?plan=${plan.id}`);
    await scanner.page.locator('[data-scan]').click();
    await scanner.page.locator(`[data-confirm="${target.id}"]`).waitFor();
    expect(scanner.problems).toEqual([]);
    await scanner.context.close();

    // A phone without a QR reader: the code typed as the card prints it.
    const typing = await personPage('field@partner.test', 'fa', phone);
    await typing.page.goto(`/distributions/record?plan=${plan.id}`);
    await control(typing.page, 'householdCode').fill(card!.codeText);
    await control(typing.page, 'householdCode').press('Enter');
    await typing.page.locator(`[data-confirm="${target.id}"]`).waitFor();
    expect(typing.problems).toEqual([]);
    await typing.context.close();
  });
});
