import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { operator } from '../../src/services/context.js';
import { registerHouseholds } from '../../src/services/households/households.js';
import { seedWorld, TEST_PASSWORD, TEST_PSEUDONYM_SECRET, type TestApp, type World } from '../helpers/app.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { control, deviceToday, fieldError, inPage, launchChromium, messagesOf, openPage, phone, signIn, startWebServer, type WebServer } from '../helpers/browser.js';
import { seedCatalogue } from '../helpers/web-seed.js';

const en = messagesOf('en');
const fa = messagesOf('fa');
const ar = messagesOf('ar');

let server: WebServer;
let world: World;
let browser: Browser;
let catalogue: Awaited<ReturnType<typeof seedCatalogue>>;
let fixtures: ReturnType<typeof distributionFixtures>;
beforeAll(async () => {
  server = await startWebServer();
  world = await seedWorld(server);
  catalogue = await seedCatalogue(server, world);
  fixtures = distributionFixtures(server as unknown as TestApp);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function personPage(email: string, language: 'en' | 'fa' | 'ar' = 'en', viewport = phone) {
  const opened = await openPage(browser, server.baseUrl, viewport);
  await opened.context.addInitScript(`localStorage.setItem('karvan.language', '${language}')`);
  await signIn(opened.page, email, TEST_PASSWORD);
  return opened;
}
const heading = (page: Page) => page.locator('main h1');
const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '').trim();
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => vars[name]!);
/** The day on this machine's clock, which the browser shares: the day a distribution is recorded on. */
const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};
const household = (documentNumber: string) => ({ documentNumber, locationId: catalogue.distributionPoint.id, memberCount: 4, childrenUnder5Count: 0, schoolAgeChildrenCount: 0, vulnerabilities: [] });

/** A plan at a distribution point of its own (stock at a site is shared by its plans) giving each household a parcel, with `issued` parcels there. */
async function parcelPlan(title: string, issued: number) {
  const siteId = await fixtures.site(world.partner.id);
  const store = await fixtures.warehouse(world.partner.id);
  await fixtures.stock(world.partner.id, store, catalogue.parcel.id, 50, '2099-12-31');
  const plan = await fixtures.plan(world.partner.id, {
    title,
    siteId,
    plannedOn: today(),
    lines: [{ itemId: catalogue.parcel.id, quantityUnits: 1, per: 'household' }],
  });
  await fixtures.issue(world.partner.id, plan.id, store, [{ itemId: catalogue.parcel.id, quantityUnits: issued }]);
  return plan;
}

describe('finding a household by its code among thousands (phone, keyboard)', () => {
  it('finds the last of 1,200 households at once by its code, on the distribution screen and in the households list', async () => {
    const ids = await registerHouseholds(
      { db: server.store.db, actor: operator },
      TEST_PSEUDONYM_SECRET,
      world.partner.id,
      Array.from({ length: 1_200 }, (_, i) => household(`55${String(i).padStart(7, '0')}`)),
    );
    const target = ids[ids.length - 1]!;
    const code = `HH-${target.slice(0, 8).toUpperCase()}`;
    const plan = await parcelPlan('Code lookup round', 5);

    const { page, problems, context } = await personPage('field@partner.test');
    await page.goto(`/distributions/record?plan=${plan.id}`);
    await expect.poll(() => heading(page).textContent()).toBe(en['distribute.title']);
    // Typed in Persian digits where there are any, and sent with the Enter key.
    await control(page, 'householdCode').fill(code.toLowerCase().replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!));
    await control(page, 'householdCode').press('Enter');
    await page.locator(`[data-confirm="${target}"]`).waitFor();
    await page.locator('[data-confirm] .check-result').waitFor();
    expect(await inPage(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);

    // A code no household of the partner has.
    await page.locator('[data-confirm] .button-quiet').click();
    await control(page, 'householdCode').fill('HH-00000000');
    await control(page, 'householdCode').press('Enter');
    await expect.poll(() => fieldError(page, 'householdCode').textContent()).toBe(en['error.household_not_found']);

    await page.goto(`/households?code=${code}`);
    await expect.poll(() => page.locator('tr[data-household]').count()).toBe(1);
    expect(await page.locator('tr[data-household]').getAttribute('data-household')).toBe(target);
    await page.goto('/households?code=HH-XYZ');
    await page.locator('[data-code-unreadable]').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pages through the 1,200 households a hundred at a time, and a new filter starts again from the first page', async () => {
    const { page, problems, context } = await personPage('coordinator@partner.test');
    await page.goto('/households');
    const rows = page.locator('tr[data-household]');
    const pager = page.locator('[data-pager] [role="status"]');
    await expect.poll(() => rows.count()).toBe(100);
    expect(plain(await pager.textContent())).toBe(fill(en['households.range']!, { first: '1', last: '100' }));
    const firstPage = await rows.first().getAttribute('data-household');
    await page.locator('[data-pager] [data-next]').click();
    await expect.poll(async () => plain(await pager.textContent())).toBe(fill(en['households.range']!, { first: '101', last: '200' }));
    expect(await rows.count()).toBe(100);
    expect(await rows.first().getAttribute('data-household')).not.toBe(firstPage);
    expect(page.url()).toContain('from=100');
    // Only duplicates: a new filter, so the list starts from its first row, not the 101st.
    await page.locator('.filter-checkbox input').check();
    await expect.poll(() => page.url()).not.toContain('from=');
    await page.locator('[data-pager] [data-previous]').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a refused distribution says why, in the reader\'s language', () => {
  it('tells a Persian field officer that the site holds too few parcels, with the figures and the day', async () => {
    const plan = await parcelPlan('Short round', 1);
    const [first, second] = await registerHouseholds({ db: server.store.db, actor: operator }, TEST_PSEUDONYM_SECRET, world.partner.id, [household('661000001'), household('661000002')]);
    const recorded = await world.people.partner.field.call('POST', `/api/organisations/${world.partner.id}/distributions`, {
      id: newId(),
      planId: plan.id,
      householdId: first,
      distributedAt: new Date().toISOString(),
      proof: { kind: 'voucher', code: 'V-SHORT-1' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);

    const { page, problems, context } = await personPage('field@partner.test', 'fa');
    await page.goto(`/distributions/record?plan=${plan.id}`);
    await expect.poll(() => heading(page).textContent()).toBe(fa['distribute.title']);
    await control(page, 'householdCode').fill(`HH-${second!.slice(0, 8)}`);
    await control(page, 'householdCode').press('Enter');
    // The entitlement allows it: the refusal comes from the stock at the site, when confirming.
    await page.locator('[data-confirm] .check-result[data-allowed="true"]').waitFor();
    await control(page, 'proof.code').fill('V-SHORT-2');
    await control(page, 'proof.code').press('Enter');
    const alert = page.locator('[data-confirm] .form-alert');
    await alert.waitFor();
    // The refusal names the day the phone recorded, in its own time zone.
    const day = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(deviceToday()));
    expect(plain(await alert.textContent())).toBe(fill(fa['error.reason.stock_short_at_site']!, { availableUnits: '۰', neededUnits: '۱', distributedOn: day }));
    // The focus goes to it, so a screen reader says it.
    expect(await inPage(page, "document.activeElement?.classList.contains('form-alert')")).toBe(true);
    expect((await world.people.partner.coordinator.call('GET', `/api/organisations/${world.partner.id}/distributions?householdId=${second}`)).json()).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the list of stock counts', () => {
  it('lists the counts of the organisation in Arabic, open first with how far each got, reached from the navigation and opened by keyboard', async () => {
    const store = await fixtures.warehouse(world.partner.id);
    await fixtures.stock(world.partner.id, store, catalogue.rice.id, 30);
    await fixtures.stock(world.partner.id, store, catalogue.oil.id, 12);
    const counts = `/api/organisations/${world.partner.id}/stock/counts`;
    const keeper = world.people.partner.warehouse;
    const posted = newId();
    await keeper.call('POST', counts, { id: posted, locationId: store, note: 'Last month' });
    expect((await keeper.call('POST', `${counts}/${posted}/close`, { id: newId() })).statusCode).toBe(200);
    const open = newId();
    const sheet = (await keeper.call('POST', counts, { id: open, locationId: store, note: 'Shelves A-C' })).json() as { lines: { lotId: string; expectedUnits: number }[] };
    expect(sheet.lines).toHaveLength(2);
    await keeper.call('PUT', `${counts}/${open}/lines`, { lines: [{ lotId: sheet.lines[0]!.lotId, countedUnits: sheet.lines[0]!.expectedUnits }] });

    const { page, problems, context } = await personPage('warehouse@partner.test', 'ar', { width: 1280, height: 860 });
    await page.locator('#site-nav').getByRole('link', { name: ar['nav.stockCounts'], exact: true }).click();
    await expect.poll(() => heading(page).textContent()).toBe(ar['counts.title']);
    const rows = page.locator('tr[data-count]');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const statuses = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-count-status')));
    expect(statuses.indexOf('closed')).toBeGreaterThan(statuses.lastIndexOf('open'));
    const row = page.locator(`tr[data-count="${open}"]`);
    expect(plain(await row.locator('.bar-caption').textContent())).toBe(fill(ar['counts.countedOf']!, { counted: '١', total: '٢' }));
    expect(plain(await row.locator('.tag').textContent())).toBe(ar['count.status.open']);
    expect(plain(await page.locator(`tr[data-count="${posted}"] .tag`).textContent())).toBe(ar['count.status.closed']);

    // Only open ones, kept in the address.
    await page.getByLabel(ar['counts.status']!, { exact: true }).selectOption('open');
    await page.waitForURL(/status=open/);
    await expect.poll(() => page.locator(`tr[data-count="${posted}"]`).count()).toBe(0);

    await row.locator('a').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/stock/counts/${open}`));
    await page.locator('[data-screen="count"]').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
