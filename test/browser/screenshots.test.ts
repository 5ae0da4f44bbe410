import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { createToken } from '../../src/services/auth/tokens.js';
import { operator } from '../../src/services/context.js';
import { updateOrganisation } from '../../src/services/organisations.js';
import { newId } from '../../src/domain/ids.js';
import { createLocation, listLocations } from '../../src/services/locations.js';
import { createPlan } from '../../src/services/distributions/plans.js';
import { issueToSite } from '../../src/services/distributions/plan-stock.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { assembleKits } from '../../src/services/ledger/kits.js';
import { seedWorld, TEST_PASSWORD, type World } from '../helpers/app.js';
import { addOrganisation } from '../helpers/pipeline.js';
import { seedCatalogue } from '../helpers/web-seed.js';
import { chooseLanguage, inPage, launchChromium, messagesOf, openPage, phone, screenshot, signInContext, startWebServer, type WebServer } from '../helpers/browser.js';

const languages = ['en', 'fa', 'ar'] as const;
const messages = Object.fromEntries(languages.map((l) => [l, messagesOf(l)]));

let server: WebServer;
let world: World;
let browser: Browser;
let kitId: string;
let needId: string;
let pledgeId: string;
let householdId: string;
let consignmentId: string;
let countId: string;
let planId: string;

/** A small, plausible catalogue and site list, so the screenshots show what people will see. */
async function seedScreens() {
  const ctx = { db: server.store.db, actor: operator };
  await updateOrganisation(ctx, world.partner.id, {
    contacts: [{ name: 'Amal Haddad', role: 'Warehouse lead', email: 'amal@example.org', phone: '+970 59 123 4567' }],
  });
  const catalogue = await seedCatalogue(server, world);
  kitId = catalogue.parcel.id;
  await createToken(server.store.db, world.people.partner.admin.userId!, { name: 'Tablet, Deir al-Balah store', expiresInDays: 90 });
  ({ needId, pledgeId, householdId } = await seedPipeline(catalogue));
  consignmentId = await seedConsignment(catalogue);
  countId = await seedStockScreens(catalogue);
}

/** Lots at the partner's store in every expiry band, kits, a distribution plan with stock at its site, and an open count. */
async function seedStockScreens(catalogue: Awaited<ReturnType<typeof seedCatalogue>>) {
  const ctx = { db: server.store.db, actor: operator };
  const partner = world.people.partner.coordinator;
  const [store] = (await partner.call('GET', `/api/locations?organisationId=${world.partner.id}&siteKind=warehouse`)).json() as { id: string }[];
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  await receiveIntake(ctx, world.partner.id, {
    id: newId(),
    locationId: store!.id,
    source: 'purchase',
    lines: [
      { itemId: catalogue.rice.id, lotCode: 'EG-RICE-2409', expiryDate: inDays(50), triage: 'urgent', quantityUnits: 400 },
      { itemId: catalogue.lentils.id, lotCode: 'TR-LEN-118', expiryDate: inDays(210), triage: 'urgent', quantityUnits: 120 },
      { itemId: catalogue.oil.id, lotCode: 'JO-OIL-77', expiryDate: inDays(480), triage: 'non-urgent', quantityUnits: 90 },
      { itemId: catalogue.amoxicillin.id, lotCode: 'AMX-5531', expiryDate: inDays(-3), triage: 'urgent', quantityUnits: 12 },
      { itemId: catalogue.schoolKit.id, lotCode: 'SK-2026-A', expiryDate: null, triage: 'non-priority', quantityUnits: 60 },
    ],
  });
  await assembleKits(ctx, world.partner.id, { id: newId(), locationId: store!.id, kitItemId: catalogue.parcel.id, kits: 8, lotCode: 'PARCEL-0001' });
  const plan = await createPlan(ctx, world.partner.id, {
    title: 'March food round, Al-Bureij',
    siteId: catalogue.distributionPoint.id,
    plannedOn: inDays(0),
    householdsExpected: 120,
    lines: [{ itemId: catalogue.parcel.id, quantityUnits: 1, per: 'household' }],
  });
  await issueToSite(ctx, world.partner.id, plan.id, { id: newId(), fromLocationId: store!.id, lines: [{ itemId: catalogue.parcel.id, quantityUnits: 4 }] });
  planId = plan.id;
  const count = (await partner.call('POST', `/api/organisations/${world.partner.id}/stock/counts`, { id: newId(), locationId: store!.id, note: 'Monthly count' })).json() as { id: string };
  return count.id;
}

/** A consignment of rice and parcels from an Isfahan warehouse, packed, dispatched and waiting at the Al-Arish hub, with one line inspected and partly rejected. */
async function seedConsignment(catalogue: Awaited<ReturnType<typeof seedCatalogue>>) {
  const ctx = { db: server.store.db, actor: operator };
  const site = (names: { en: string; fa?: string; ar?: string }, siteKind: 'warehouse' | 'transit_hub' | 'border_crossing', parent: string, organisationId?: string) =>
    createLocation(ctx, { level: 'site', siteKind, parentId: referenceLocationId(parent), names, ...(organisationId ? { organisationId } : {}) });
  const warehouse = await site({ en: 'Isfahan central warehouse', fa: 'انبار مرکزی اصفهان' }, 'warehouse', 'IR-10', world.sending.id);
  const hub = await site({ en: 'Al-Arish logistics hub', ar: 'مركز العريش اللوجستي' }, 'transit_hub', 'EG-SIN');
  const crossing = await site({ en: 'Rafah crossing', ar: 'معبر رفح' }, 'border_crossing', 'EG-SIN');
  const [destination] = await listLocations(ctx, { organisationId: world.partner.id, siteKind: 'warehouse' });
  await receiveIntake(ctx, world.sending.id, {
    id: newId(),
    locationId: warehouse.id,
    source: 'purchase',
    lines: [
      { itemId: catalogue.rice.id, lotCode: 'RICE-2026-07', expiryDate: needed(300), triage: 'urgent', quantityUnits: 400 },
      { itemId: catalogue.oil.id, lotCode: 'OIL-2026-05', expiryDate: needed(200), triage: 'urgent', quantityUnits: 120 },
    ],
  });
  const sending = world.people.sending.coordinator;
  const url = `/api/organisations/${world.sending.id}/consignments`;
  const ok = async (call: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const res = await call;
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id: string; lines: { id: string }[] };
  };
  const draft = await ok(
    sending.call('POST', url, {
      id: newId(),
      consigneeOrganisationId: world.partner.id,
      originLocationId: warehouse.id,
      destinationLocationId: destination!.id,
      route: [
        { fromLocationId: warehouse.id, toLocationId: hub.id, mode: 'air' },
        { fromLocationId: hub.id, toLocationId: crossing.id, mode: 'road' },
        { fromLocationId: crossing.id, toLocationId: destination!.id, mode: 'road' },
      ],
      lines: [
        { itemId: catalogue.rice.id, quantityUnits: 300 },
        { itemId: catalogue.oil.id, quantityUnits: 100, fragile: true },
      ],
    }),
  );
  await ok(sending.call('POST', `${url}/${draft.id}/pack`, { id: newId(), kind: 'pallet' }));
  await ok(sending.call('POST', `${url}/${draft.id}/dispatch`, { id: newId() }));
  await ok(sending.call('POST', `${url}/${draft.id}/events`, { id: newId(), kind: 'arrived', locationId: hub.id }));
  await ok(
    sending.call('POST', `${url}/${draft.id}/inspections`, {
      id: newId(),
      locationId: hub.id,
      lines: [{ lineId: draft.lines[1]!.id, outcome: 'rejected', rejectedUnits: 6, reason: 'Leaking bottles' }],
    }),
  );
  return draft.id;
}
const needed = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A need half covered by pledges (goods and cash), a draft, households (one also known to another partner), rules. */
async function seedPipeline(catalogue: Awaited<ReturnType<typeof seedCatalogue>>) {
  const ok = async (call: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const res = await call;
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id: string; lines: { id: string }[] };
  };
  const partner = world.people.partner.coordinator;
  const sending = world.people.sending.coordinator;
  const needed = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const need = await ok(
    partner.call('POST', `/api/organisations/${world.partner.id}/needs`, {
      title: 'Food for displaced families in Deir al-Balah shelters',
      addressedTo: [world.sending.id],
      locationId: referenceLocationId('PS0265'),
      priority: 'critical',
      neededBy: needed(45),
      peopleToReach: 2500,
      sector: 'food_security',
      justification: 'Families displaced from the east of the governorate shelter in three schools; the community kitchen serves them twice a day.',
      lines: [
        { itemId: catalogue.parcel.id, quantityUnits: 500 },
        { itemId: catalogue.rice.id, quantityUnits: 2000 },
      ],
    }),
  );
  await ok(partner.call('POST', `/api/needs/${need.id}/submit`, {}));
  await ok(sending.call('POST', `/api/needs/${need.id}/approve`, { note: 'Agreed at the coordination meeting.' }));
  const pledge = await ok(
    sending.call('POST', `/api/organisations/${world.sending.id}/pledges`, {
      donor: { kind: 'individual', displayName: 'Family of M. Rezaei' },
      expectedOn: needed(10),
      lines: [
        { kind: 'goods', itemId: catalogue.parcel.id, quantityUnits: 150, needLineId: need.lines[0]!.id },
        { kind: 'cash', currency: 'IRR', amountMinor: 250_000_000, needLineId: need.lines[1]!.id },
      ],
    }),
  );
  const cashLine = pledge.lines[1]!.id;
  await ok(sending.call('POST', `/api/pledges/${pledge.id}/cash-receipts`, { pledgeLineId: cashLine, amountMinor: 100_000_000, receivedOn: needed(0) }));
  await ok(
    sending.call('POST', `/api/organisations/${world.sending.id}/pledges`, {
      donor: { kind: 'organisation', organisationId: world.sending.id },
      expectedOn: needed(20),
      lines: [{ kind: 'goods', itemId: catalogue.rice.id, quantityUnits: 800, needLineId: need.lines[1]!.id }],
    }),
  );
  await ok(
    partner.call('POST', `/api/organisations/${world.partner.id}/needs`, {
      title: 'Antibiotics for the Al-Bureij clinic',
      addressedTo: [world.sending.id],
      locationId: catalogue.distributionPoint.id,
      priority: 'high',
      neededBy: needed(30),
      peopleToReach: 600,
      sector: 'health',
      lines: [{ itemId: catalogue.amoxicillin.id, quantityUnits: 40 }],
    }),
  );
  const other = await addOrganisation(server, 'partner2', 'partner', 'Khan Younis Relief Committee');
  await ok(other.people.field.call('POST', `/api/organisations/${other.org.id}/households`, { documentNumber: '401234567', locationId: referenceLocationId('PS0270'), memberCount: 6 }));
  const field = world.people.partner.field;
  const household = await ok(
    field.call('POST', `/api/organisations/${world.partner.id}/households`, {
      documentNumber: '401234567',
      locationId: catalogue.distributionPoint.id,
      memberCount: 6,
      childrenUnder5Count: 2,
      schoolAgeChildrenCount: 3,
      vulnerabilities: ['female_headed', 'displaced'],
    }),
  );
  await ok(field.call('POST', `/api/organisations/${world.partner.id}/households`, { documentNumber: '900112233', locationId: catalogue.distributionPoint.id, memberCount: 3 }));
  await ok(
    partner.call('POST', `/api/organisations/${world.partner.id}/entitlement-rules`, {
      itemId: catalogue.parcel.id,
      quantityUnits: 1,
      per: 'household',
      window: { kind: 'rolling_days', days: 30 },
    }),
  );
  await ok(
    partner.call('POST', `/api/organisations/${world.partner.id}/entitlement-rules`, {
      itemId: catalogue.schoolKit.id,
      quantityUnits: 1,
      per: 'school_age_child',
      window: { kind: 'school_year', startsOn: '09-01' },
    }),
  );
  return { needId: need.id, pledgeId: pledge.id, householdId: household.id };
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

/**
 * Opens a screen and waits until its data is on it (a title, and no "Loading…" left: a screen
 * such as the audit loads several panels at once, each with its own).
 */
async function show(page: Page, path: string) {
  await page.goto(path);
  await page.locator('main h1').waitFor();
  await expect.poll(() => page.locator('main .loading').count(), { timeout: 30_000 }).toBe(0);
}

// Each language walks some twenty screens at two sizes: a minute on a quiet machine, more on a busy one.
describe.each(languages)('the main screens in %s', { timeout: 300_000 }, (language) => {
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
      ['needs', '/needs', t['needs.title']],
      ['need', `/needs/${needId}`],
      ['new-need', '/needs/new', t['needs.new']],
      ['households', '/households', t['households.title']],
      ['household', `/households/${world.partner.id}/${householdId}`],
      ['new-household', '/households/new', t['households.new']],
      ['find-household', '/households/find', t['households.find']],
      ['household-cards', `/households/cards?location=${referenceLocationId('PS0265')}`, t['cards.title']],
      ['entitlement-rules', '/entitlement-rules', t['rules.title']],
      ['consignment-receipt', `/consignments/${world.partner.id}/${consignmentId}/receipt`],
      ['stock', '/stock', t['stock.title']],
      ['intake', '/stock/intake', t['intake.title']],
      ['stock-counts', '/stock/counts', t['counts.title']],
      ['new-count', '/stock/counts/new', t['count.title']],
      ['stock-count', `/stock/counts/${countId}`],
      ['kits', '/stock/kits', t['kits.title']],
      ['audit', '/audit', t['audit.title']],
      ['record-distribution', '/distributions/record', t['distribute.title']],
      ['distribution-plans', '/distributions/plans', t['distPlans.title']],
      ['distribution-plan', `/distributions/plans/${world.partner.id}/${planId}`],
    ];
    for (const [name, path, title] of screens) {
      await show(page, path);
      expect(await inPage(page, 'document.documentElement.dir'), name).toBe(dir);
      if (title) expect(await page.locator('main h1').textContent(), name).toBe(title);
      await screenshot(page, `${language}-${name}`);
    }

    // The entitlement check's answer for two parcels at once, where the rule allows one in 30 days.
    await show(page, `/households/${world.partner.id}/${householdId}`);
    const check = page.locator('[data-check]');
    await check.locator('[data-field="lines.0.quantityUnits"] input').fill('2');
    await check.locator('form button[type="submit"]').click();
    await check.locator('.check-result[data-allowed="false"]').waitFor();
    await screenshot(page, `${language}-entitlement-check`, check);

    const small = await context.newPage();
    await small.setViewportSize(phone);
    for (const [name, path] of [
      ['catalogue', '/catalogue'],
      ['new-household', '/households/new'],
      ['household', `/households/${world.partner.id}/${householdId}`],
      ['find-household', '/households/find'],
      ['new-need', '/needs/new'],
      ['stock', '/stock'],
      ['intake', '/stock/intake'],
      ['stock-counts', '/stock/counts'],
      ['stock-count', `/stock/counts/${countId}`],
      ['record-distribution', '/distributions/record'],
    ]) {
      await show(small, path!);
      expect(await inPage(small, 'document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(phone.width);
      await screenshot(small, `${language}-phone-${name}`);
    }
    // At a distribution: the household found by its code, its entitlement shown before confirming.
    await show(small, '/distributions/record');
    await small.locator('[data-field="householdCode"] input').fill(`HH-${householdId.slice(0, 8)}`);
    await small.locator('[data-find-household] form button[type="submit"]').click();
    await small.locator('[data-confirm] .check-result').waitFor();
    expect(await inPage(small, 'document.documentElement.scrollWidth'), 'distribution check').toBeLessThanOrEqual(phone.width);
    await screenshot(small, `${language}-phone-distribution-check`);
    await small.locator('.menu-button').click();
    await screenshot(small, `${language}-phone-menu`);
    expect(problems).toEqual([]);
    await context.close();

    // Pledges as the sending group's coordinator sees them: with the individual donor's name.
    const taker = await openPage(browser, server.baseUrl);
    await signInContext(taker.context, 'coordinator@sending.test', TEST_PASSWORD);
    await show(taker.page, '/');
    await chooseLanguage(taker.page, language);
    for (const [name, path, title] of [
      ['pledges', '/pledges', t['pledges.title']],
      ['pledge', `/pledges/${pledgeId}`],
      ['new-pledge', `/pledges/new?need=${needId}`, t['pledges.new']],
      ['need-approved', `/needs/${needId}`],
      ['consignments', `/consignments`, t['consignments.title']],
      ['consignment', `/consignments/${world.sending.id}/${consignmentId}`],
      ['new-consignment', `/consignments/new`, t['consignments.new']],
      // Last, so that the printed form below is the receipt's.
      ['receipt', `/pledges/${pledgeId}/receipt`, t['receipt.title']],
    ] as const) {
      await show(taker.page, path);
      if (title) expect(await taker.page.locator('main h1').textContent(), name).toBe(title);
      await screenshot(taker.page, `${language}-${name}`);
    }
    const takerPhone = await taker.context.newPage();
    await takerPhone.setViewportSize(phone);
    for (const [name, path] of [
      ['consignment', `/consignments/${world.sending.id}/${consignmentId}`],
      ['new-consignment', '/consignments/new'],
    ] as const) {
      await show(takerPhone, path);
      expect(await inPage(takerPhone, 'document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(phone.width);
      await screenshot(takerPhone, `${language}-phone-${name}`);
    }
    await takerPhone.close();
    await taker.page.emulateMedia({ media: 'print' });
    await screenshot(taker.page, `${language}-receipt-print`);
    expect(taker.problems).toEqual([]);
    await taker.context.close();
    // Some forty screens, each drawn and saved at full size, in one browser on a shared machine.
  }, 240_000);
});
