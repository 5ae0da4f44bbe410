import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { newId } from '../../src/domain/ids.js';
import { createCheckpoint } from '../../src/services/audit/checkpoints.js';
import { ensureAuditKey } from '../../src/services/audit/keys.js';
import { operator } from '../../src/services/context.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { createLocation } from '../../src/services/locations.js';
import { seedWorld, TEST_PASSWORD, type TestApp, type World } from '../helpers/app.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { control, fieldError, fillDate, inPage, launchChromium, messagesOf, openPage, phone, signIn, startWebServer, type WebServer } from '../helpers/browser.js';
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

const ctx = () => ({ db: server.store.db, actor: operator });
async function personPage(email: string, options: { viewport?: typeof phone; language?: 'en' | 'fa' | 'ar' } = {}) {
  const opened = await openPage(browser, server.baseUrl, options.viewport);
  if (options.language) await opened.context.addInitScript(`localStorage.setItem('karvan.language', '${options.language}')`);
  await signIn(opened.page, email, TEST_PASSWORD);
  return opened;
}
const heading = (page: Page) => page.locator('main h1');
const submit = (page: Page, scope = 'main') => page.locator(`${scope} form button[type="submit"]`).first();
const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '');
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A warehouse of the partner of its own, so each test counts only its own stock. */
const warehouse = async (name: string) =>
  createLocation(ctx(), { level: 'site', siteKind: 'warehouse', parentId: referenceLocationId('PS0265'), names: { en: name }, organisationId: world.partner.id });
const bought = async (locationId: string, lines: { itemId: string; lotCode: string; expiryDate: string | null; quantityUnits: number }[]) =>
  receiveIntake(ctx(), world.partner.id, { id: newId(), locationId, source: 'purchase', lines: lines.map((l) => ({ ...l, triage: 'urgent' as const })) });
const stockOf = async (locationId: string) =>
  (await world.people.partner.coordinator.call('GET', `/api/organisations/${world.partner.id}/stock?locationId=${locationId}`)).json() as {
    lotId: string;
    lotCode: string;
    itemId: string;
    quantityUnits: number;
    status: string;
    expiryBand: string;
  }[];

describe('stock on hand (in English)', () => {
  it('shows each lot with its expiry band in colour and words, filters by site and item, and quarantines a lot with a reason', async () => {
    const store = await warehouse('Nuseirat store');
    const other = await warehouse('Maghazi store');
    await bought(store.id, [
      { itemId: catalogue.rice.id, lotCode: 'RICE-SOON', expiryDate: inDays(40), quantityUnits: 120 },
      { itemId: catalogue.oil.id, lotCode: 'OIL-MID', expiryDate: inDays(200), quantityUnits: 60 },
      { itemId: catalogue.lentils.id, lotCode: 'LENTIL-LATE', expiryDate: inDays(700), quantityUnits: 80 },
    ]);
    await bought(other.id, [{ itemId: catalogue.rice.id, lotCode: 'RICE-ELSEWHERE', expiryDate: inDays(500), quantityUnits: 10 }]);

    const { page, problems, context } = await personPage('warehouse@partner.test');
    await page.locator('#site-nav').getByRole('link', { name: en['nav.stock'], exact: true }).click();
    await expect.poll(() => heading(page).textContent()).toBe(en['stock.title']);
    await page.locator('.filters select').first().selectOption(store.id);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    const band = (lot: string) => page.locator('tbody tr', { hasText: lot }).locator('[data-band]');
    expect(await band('RICE-SOON').getAttribute('data-band')).toBe('under-3-months');
    expect(await band('RICE-SOON').textContent()).toBe(en['expiryBand.under-3-months']);
    expect(await band('OIL-MID').getAttribute('data-band')).toBe('under-9-months');
    expect(await band('LENTIL-LATE').getAttribute('data-band')).toBe('later');
    // Red, amber, green: the colour is there, and so are the words.
    const colour = (lot: string) =>
      inPage<string>(page, `getComputedStyle([...document.querySelectorAll('tbody tr')].find((r) => r.textContent.includes('${lot}')).querySelector('.tag-band')).color`);
    expect(new Set([await colour('RICE-SOON'), await colour('OIL-MID'), await colour('LENTIL-LATE')]).size).toBe(3);
    expect(await page.locator('.legend').textContent()).toContain(en['expiryBand.under-3-months.meaning']);

    // The item filter, through the picker.
    await control(page, 'item').fill('FOOD-RICE');
    await page.locator('[data-field="item"] [role="option"]').first().click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('item')).toBe(catalogue.rice.id);

    // Quarantine the lot: a reason is required, and its error sits beside the reason.
    await page.locator('tbody tr', { hasText: 'RICE-SOON' }).getByRole('button').click();
    const panel = page.locator('[data-lot-status-form]');
    await control(page, 'status').selectOption('quarantined');
    await submit(page, '[data-lot-status-form]').click();
    await expect.poll(() => fieldError(page, 'reason').textContent()).toBe(en['error.invalid_input.reason']);
    await control(page, 'reason').fill('Boxes found wet after the storm; inspection on Sunday.');
    await submit(page, '[data-lot-status-form]').click();
    await panel.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('tbody tr', { hasText: 'RICE-SOON' }).locator('[data-lot-status]').getAttribute('data-lot-status')).toBe('quarantined');
    expect((await stockOf(store.id)).find((r) => r.lotCode === 'RICE-SOON')!.status).toBe('quarantined');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('receiving goods (in Persian)', () => {
  it('a donation against a pledge, with lot code, Solar Hijri expiry and triage; unusable goods are written off; errors beside the field, right to left', async () => {
    // Stock is received by the sending group: its warehouse in Isfahan, and a pledge it took.
    const isfahan = await createLocation(ctx(), { level: 'site', siteKind: 'warehouse', parentId: referenceLocationId('IR-10'), names: { en: 'Isfahan store', fa: 'انبار اصفهان' }, organisationId: world.sending.id });
    const pledge = (
      await world.people.sending.coordinator.call('POST', `/api/organisations/${world.sending.id}/pledges`, {
        donor: { kind: 'organisation', organisationId: world.sending.id },
        expectedOn: inDays(5),
        lines: [{ kind: 'goods', itemId: catalogue.rice.id, quantityUnits: 300 }],
      })
    ).json() as { id: string; lines: { id: string }[] };

    const { page, problems, context } = await personPage('warehouse@sending.test', { language: 'fa' });
    await page.goto('/stock/intake');
    await expect.poll(() => heading(page).textContent()).toBe(fa['intake.title']);
    expect(await inPage(page, 'document.documentElement.dir')).toBe('rtl');
    await control(page, 'locationId').selectOption(isfahan.id);
    await control(page, 'pledge').selectOption(pledge.id);
    // The pledge gives the donor and a line for its rice, with what is still to come.
    expect(await control(page, 'donorKind').inputValue()).toBe('organisation');
    expect(await control(page, 'lines.0.quantityUnits').inputValue()).toBe('۳۰۰');
    expect(await control(page, 'lines.0.pledgeLineId').inputValue()).toBe(pledge.lines[0]!.id);
    await control(page, 'lines.0.quantityUnits').fill('۲۵۰');
    await control(page, 'lines.0.lotCode').fill('bad code!');
    // 1 Farvardin 1410 (Solar Hijri) is 21 March 2031.
    await fillDate(page, 'lines.0.expiryDate', { day: '۱', month: 1, year: '۱۴۱۰' });
    await control(page, 'lines.0.triage').selectOption('non-urgent');

    await page.getByRole('button', { name: fa['intake.addLine'] }).click();
    await control(page, 'lines.1.itemId').fill('FOOD-OIL');
    await page.locator('[data-field="lines.1.itemId"] [role="option"]').first().click();
    await control(page, 'lines.1.quantityUnits').fill('12');
    await control(page, 'lines.1.triage').selectOption('unusable');
    expect(await page.locator('[data-line="1"] [data-unusable]').textContent()).toBe(fa['intake.unusableExplained']);

    await submit(page).click();
    await expect.poll(() => fieldError(page, 'lines.0.lotCode').textContent()).toBe(fa['error.invalid_input.lines.*.lotCode']);
    expect(await control(page, 'lines.0.lotCode').getAttribute('aria-invalid')).toBe('true');
    await control(page, 'lines.0.lotCode').fill('IR-RICE-2031');
    await submit(page).click();
    await page.locator('[data-received]').waitFor();
    expect(await page.locator('[data-written-off]').textContent()).toBe(fa['intake.writtenOff']!.replace('{units}', '۱۲'));

    const rows = (await world.people.sending.coordinator.call('GET', `/api/organisations/${world.sending.id}/stock?locationId=${isfahan.id}`)).json() as { lotCode: string; quantityUnits: number }[];
    expect(rows).toEqual([expect.objectContaining({ lotCode: 'IR-RICE-2031', quantityUnits: 250 })]);
    const lot = rows[0] as unknown as { lotId: string };
    const detail = (await world.people.sending.coordinator.call('GET', `/api/lots/${lot.lotId}`)).json() as { expiryDate: string; triageClass: string; pledgeLineId: string };
    expect(detail).toMatchObject({ expiryDate: '2031-03-21', triageClass: 'non-urgent', pledgeLineId: pledge.lines[0]!.id });
    const after = (await world.people.sending.coordinator.call('GET', `/api/pledges/${pledge.id}`)).json() as { lines: { receivedUnits: number }[] };
    expect(after.lines[0]!.receivedUnits).toBe(250);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a stock count (in English)', () => {
  it('opens a counting sheet, shows the differences, wants a reason beside the line, and posts the adjustment', async () => {
    const store = await warehouse('Zawayda store');
    await bought(store.id, [
      { itemId: catalogue.rice.id, lotCode: 'COUNT-RICE', expiryDate: inDays(300), quantityUnits: 100 },
      { itemId: catalogue.oil.id, lotCode: 'COUNT-OIL', expiryDate: inDays(300), quantityUnits: 40 },
    ]);
    const { page, problems, context } = await personPage('warehouse@partner.test');
    await page.goto('/stock/counts/new');
    await expect.poll(() => heading(page).textContent()).toBe(en['count.title']);
    await control(page, 'locationId').selectOption(store.id);
    await control(page, 'note').fill('Monthly count, shelves A-C');
    await submit(page).click();
    await page.waitForURL(/\/stock\/counts\/[0-9a-f-]{36}/);
    const row = (lot: string) => page.locator('tbody tr', { hasText: lot });
    await expect.poll(() => row('COUNT-RICE').locator('td').nth(2).textContent()).toBe('100');

    await row('COUNT-RICE').locator('input').fill('97');
    await row('COUNT-OIL').locator('input').fill('40');
    await expect.poll(() => row('COUNT-RICE').getAttribute('data-difference')).toBe('-3');
    expect(await row('COUNT-RICE').locator('td').nth(4).textContent()).toBe('-3');
    expect(await row('COUNT-OIL').getAttribute('data-difference')).toBe('0');
    // A shortage is never "found".
    expect(await row('COUNT-RICE').locator('select option[value="found"]').count()).toBe(0);

    await submit(page).click();
    // The error sits beside the reason of the line that differs.
    await expect.poll(() => row('COUNT-RICE').locator('.field-error').textContent()).toBe(en['error.reason_required']);
    await row('COUNT-RICE').locator('select').selectOption('damaged');
    await submit(page).click();
    await page.locator('[data-posted]').waitFor();
    expect(await page.locator('[data-screen="count"]').getAttribute('data-count-status')).toBe('closed');
    expect((await stockOf(store.id)).find((r) => r.lotCode === 'COUNT-RICE')!.quantityUnits).toBe(97);
    expect((await stockOf(store.id)).find((r) => r.lotCode === 'COUNT-OIL')!.quantityUnits).toBe(40);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('kits (in Arabic)', () => {
  it('assembles family food parcels from components in stock, then takes one apart', async () => {
    const store = await warehouse('Bureij kitting room');
    await bought(store.id, [
      { itemId: catalogue.rice.id, lotCode: 'KIT-RICE', expiryDate: inDays(400), quantityUnits: 30 },
      { itemId: catalogue.lentils.id, lotCode: 'KIT-LENTIL', expiryDate: inDays(150), quantityUnits: 9 },
      { itemId: catalogue.oil.id, lotCode: 'KIT-OIL', expiryDate: inDays(600), quantityUnits: 6 },
    ]);
    const { page, problems, context } = await personPage('warehouse@partner.test', { language: 'ar' });
    await page.goto(`/stock/kits?location=${store.id}`);
    await expect.poll(() => heading(page).textContent()).toBe(ar['kits.title']);
    expect(await inPage(page, 'document.documentElement.dir')).toBe('rtl');
    const assemble = page.locator('[data-kit-assemble]');
    await assemble.locator('[data-field="kitItemId"] select').selectOption(catalogue.parcel.id);
    await assemble.locator('[data-field="kits"] input').fill('4');
    await submit(page, '[data-kit-assemble]').click();
    // Four parcels need 12 bags of lentils; the site holds 9: the error sits beside the number.
    await expect.poll(() => assemble.locator('[data-field="kits"] .field-error').textContent()).toBe(ar['error.rule_violated.kits']);
    await assemble.locator('[data-field="kits"] input').fill('٣');
    await assemble.locator('[data-field="lotCode"] input').fill('PARCEL-001');
    await submit(page, '[data-kit-assemble]').click();
    await assemble.locator('[data-assembled="PARCEL-001"]').waitFor();
    // The kit lot expires with its first-expiring component (the lentils).
    const parcelRow = async () => (await stockOf(store.id)).find((r) => r.lotCode === 'PARCEL-001');
    expect((await parcelRow())!.quantityUnits).toBe(3);

    const disassemble = page.locator('[data-kit-disassemble]');
    await disassemble.locator('[data-field="kitLotId"] select').waitFor();
    await disassemble.locator('[data-field="kits"] input').fill('1');
    await disassemble.locator('[data-field="reason"] textarea').fill('One parcel torn open in handling');
    await submit(page, '[data-kit-disassemble]').click();
    await disassemble.locator('[data-disassembled]').waitFor();
    expect((await parcelRow())!.quantityUnits).toBe(2);
    expect((await stockOf(store.id)).find((r) => r.lotCode === 'KIT-LENTIL')!.quantityUnits).toBe(9 - 9 + 3);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the ledger audit (in English)', () => {
  it('a monitor verifies the ledger (OK), sees the public key and the latest checkpoint, then the first transfer changed behind the ledger', async () => {
    const secretsDir = mkdtempSync(path.join(os.tmpdir(), 'karvan-secrets-'));
    try {
      const { key } = await ensureAuditKey(server.store, secretsDir);
      const store = await warehouse('Audit store');
      const received = await bought(store.id, [{ itemId: catalogue.rice.id, lotCode: 'AUDIT-RICE', expiryDate: null, quantityUnits: 50 }]);
      const signed = await createCheckpoint(server.store.db, secretsDir);
      expect(signed.signed).not.toBeNull();

      const { page, problems, context } = await personPage('monitor@sending.test');
      await page.locator('#site-nav').getByRole('link', { name: en['nav.audit'], exact: true }).click();
      await expect.poll(() => heading(page).textContent()).toBe(en['audit.title']);
      expect(await page.locator('[data-fingerprint]').textContent()).toBe(key.fingerprint);
      expect(await page.locator('[data-pem]').textContent()).toContain('BEGIN PUBLIC KEY');
      await page.locator('[data-checkpoint] a[download]').waitFor();

      await submit(page, '[data-verify]').click();
      await page.locator('[data-report="ok"]').waitFor();
      expect(plain(await page.locator('[data-report] .verdict strong').textContent())).toBe(en['audit.ok']);

      const changed = received.transfers[0]!.id;
      await server.store.db.transaction(async (tx) => {
        await tx.execute(sql.raw('set local session_replication_role = replica'));
        await tx.execute(sql.raw(`update transfers set quantity_units = 49 where id = '${changed}'`));
      });
      await submit(page, '[data-verify]').click();
      await page.locator('[data-report="broken"]').waitFor();
      expect(await page.locator('[data-first-broken]').getAttribute('data-first-broken')).toBe(changed);
      expect(await page.locator('[data-audit-check="chains"]').getAttribute('data-ok')).toBe('false');
      // Put it back, so the other tests see a sound ledger.
      await server.store.db.transaction(async (tx) => {
        await tx.execute(sql.raw('set local session_replication_role = replica'));
        await tx.execute(sql.raw(`update transfers set quantity_units = 50 where id = '${changed}'`));
      });
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      rmSync(secretsDir, { recursive: true, force: true });
    }
  });
});

describe('recording a distribution on a phone (360 px)', () => {
  it('finds the household by its code or its QR code, shows the entitlement before confirming, records it with a voucher; a coordinator allows an exception', async () => {
    const fixtures = distributionFixtures(server as unknown as TestApp);
    const store = await warehouse('Deir al-Balah issuing store');
    const site = catalogue.distributionPoint.id;
    await fixtures.stock(world.partner.id, store.id, catalogue.parcel.id, 20, inDays(200));
    const plan = await fixtures.plan(world.partner.id, {
      title: 'March food round, Al-Bureij',
      siteId: site,
      plannedOn: inDays(0),
      householdsExpected: 40,
      lines: [{ itemId: catalogue.parcel.id, quantityUnits: 1, per: 'household' }],
    });
    await fixtures.issue(world.partner.id, plan.id, store.id, [{ itemId: catalogue.parcel.id, quantityUnits: 10 }]);
    await world.people.partner.coordinator.call('POST', `/api/organisations/${world.partner.id}/entitlement-rules`, {
      itemId: catalogue.parcel.id,
      quantityUnits: 1,
      per: 'household',
      window: { kind: 'rolling_days', days: 30 },
    });
    const household = (
      await world.people.partner.field.call('POST', `/api/organisations/${world.partner.id}/households`, {
        documentNumber: '412345678',
        locationId: site,
        memberCount: 5,
      })
    ).json() as { id: string };
    const code = `HH-${household.id.slice(0, 8).toUpperCase()}`;

    const officer = await personPage('field@partner.test', { viewport: phone });
    const { page } = officer;
    await page.goto(`/distributions/record?plan=${plan.id}`);
    await expect.poll(() => heading(page).textContent()).toBe(en['distribute.title']);
    // No camera reader in this browser: the code is typed.
    expect(await page.locator('[data-scan]').count()).toBe(0);
    await control(page, 'householdCode').fill('HH-XYZ');
    await submit(page).click();
    await expect.poll(() => fieldError(page, 'householdCode').textContent()).toBe(en['error.not_a_household_code']);
    await control(page, 'householdCode').fill(code.toLowerCase());
    await submit(page).click();
    // The entitlement, before anything is recorded.
    await page.locator('[data-confirm] .check-result[data-allowed="true"]').waitFor();
    expect(plain(await page.locator('[data-confirm] .verdict strong').textContent())).toBe(en['check.allowed']);
    expect((await world.people.partner.coordinator.call('GET', `/api/organisations/${world.partner.id}/distributions?householdId=${household.id}`)).json()).toEqual([]);
    await submit(page, '[data-confirm]').click();
    await expect.poll(() => fieldError(page, 'proof.code').textContent()).toBe(en['error.required']);
    await control(page, 'proof.code').fill('V-0001');
    await submit(page, '[data-confirm]').click();
    await page.locator('[data-recorded]').waitFor();
    expect(plain(await page.locator('[data-recorded] strong').textContent())).toBe(en['distribute.recorded']!.replace('{household}', code));
    expect(await inPage(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    const records = (await world.people.partner.coordinator.call('GET', `/api/organisations/${world.partner.id}/distributions?householdId=${household.id}`)).json() as {
      proof: { code: string };
      exception: unknown;
    }[];
    expect(records).toEqual([expect.objectContaining({ proof: expect.objectContaining({ kind: 'voucher', code: 'V-0001' }), exception: null })]);

    // The same family again the same day: refused, and a field officer cannot set the rule aside.
    await control(page, 'householdCode').fill(code);
    await submit(page).click();
    await page.locator('[data-confirm] .check-result[data-allowed="false"]').waitFor();
    await page.locator('[data-needs-coordinator]').waitFor();
    expect(await page.locator('[data-confirm] form').count()).toBe(0);
    expect(officer.problems).toEqual([]);
    await officer.context.close();

    // A coordinator, with a phone whose browser reads QR codes: the camera finds the card.
    const coordinator = await openPage(browser, server.baseUrl, phone);
    await coordinator.context.addInitScript(`
      window.BarcodeDetector = class { async detect() { return [{ rawValue: ${JSON.stringify(code)} }]; } };
      navigator.mediaDevices.getUserMedia = async () => { const c = document.createElement('canvas'); c.width = 64; c.height = 64; c.getContext('2d').fillRect(0, 0, 64, 64); return c.captureStream(5); };
    `);
    await signIn(coordinator.page, 'coordinator@partner.test', TEST_PASSWORD);
    const cp = coordinator.page;
    await cp.goto(`/distributions/record?plan=${plan.id}`);
    await cp.locator('[data-scan]').click();
    await cp.locator('[data-confirm] .check-result[data-allowed="false"]').waitFor();
    await control(cp, 'proof.code').fill('V-0002');
    await submit(cp, '[data-confirm]').click();
    await expect.poll(() => fieldError(cp, 'exception.reason').textContent()).toBe(en['error.required']);
    await control(cp, 'exception.reason').fill('The family was displaced again and lost the first parcel in the move.');
    await submit(cp, '[data-confirm]').click();
    await cp.locator('[data-recorded]').waitFor();
    expect(await cp.locator('[data-recorded]').textContent()).toContain(en['distribute.recordedException']);
    const all = (await world.people.partner.coordinator.call('GET', `/api/organisations/${world.partner.id}/distributions?householdId=${household.id}`)).json() as { exception: { reason: string } | null }[];
    expect(all.map((r) => r.exception?.reason ?? null).sort()).toEqual([null, 'The family was displaced again and lost the first parcel in the move.'].sort());
    expect(await inPage(cp, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    expect(coordinator.problems).toEqual([]);
    await coordinator.context.close();
  });
});
