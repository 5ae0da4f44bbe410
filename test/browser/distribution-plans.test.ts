import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistributionPlanView } from '../../src/domain/distributions/views.js';
import { operator } from '../../src/services/context.js';
import { registerHouseholds } from '../../src/services/households/households.js';
import { seedWorld, TEST_PASSWORD, TEST_PSEUDONYM_SECRET, type TestApp, type World } from '../helpers/app.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { control, launchChromium, messagesOf, openPage, phone, signIn, startWebServer, type WebServer } from '../helpers/browser.js';
import { seedCatalogue } from '../helpers/web-seed.js';

const en = messagesOf('en');
const fa = messagesOf('fa');

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

async function personPage(email: string, language: 'en' | 'fa', viewport?: { width: number; height: number }) {
  const opened = await openPage(browser, server.baseUrl, viewport);
  await opened.context.addInitScript(`localStorage.setItem('karvan.language', '${language}')`);
  await signIn(opened.page, email, TEST_PASSWORD);
  return opened;
}
const heading = (page: Page) => page.locator('main h1');
const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '').trim();
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => vars[name]!);
const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};
const plansUrl = (rest = '') => `/api/organisations/${world.partner.id}/distribution-plans${rest}`;

/** A plan for today at a distribution point of its own, each household a parcel, 10 parcels there, 12 households expected. */
async function parcelPlan(title: string) {
  const siteId = await fixtures.site(world.partner.id);
  const store = await fixtures.warehouse(world.partner.id);
  await fixtures.stock(world.partner.id, store, catalogue.parcel.id, 20, '2099-12-31');
  const plan = await fixtures.plan(world.partner.id, { title, siteId, plannedOn: today(), householdsExpected: 12, lines: [{ itemId: catalogue.parcel.id, quantityUnits: 1, per: 'household' }] });
  await fixtures.issue(world.partner.id, plan.id, store, [{ itemId: catalogue.parcel.id, quantityUnits: 10 }]);
  return plan;
}

describe('closing a distribution plan in the web app', () => {
  it('a coordinator finds the plan in the list, closes it after a confirm step with a note, and sees it closed on its page and in the list', async () => {
    const plan = await parcelPlan('Closing round, Al-Maghazi');
    const { page, problems, context } = await personPage('coordinator@partner.test', 'en');
    await page.locator('#site-nav').getByRole('link', { name: en['nav.distributionPlans'], exact: true }).click();
    await expect.poll(() => heading(page).textContent()).toBe(en['distPlans.title']);
    const row = page.locator(`tr[data-plan="${plan.id}"]`);
    await expect.poll(() => row.getAttribute('data-plan-status')).toBe('open');
    expect(plain(await row.locator('.tag').textContent())).toBe(en['distPlan.status.open']);
    await row.locator('a').click();
    await page.locator(`[data-screen="distribution-plan"][data-plan-status="open"]`).waitFor();

    // The first press only asks, saying how many households were served; "Keep it open" leaves it so.
    await page.locator('[data-close-plan]').click();
    const confirm = page.locator('[data-close-confirm]');
    expect(plain(await confirm.locator('p').first().textContent())).toBe(fill(en['distPlan.closeExplain']!, { served: '0', expected: '12' }));
    await confirm.getByRole('button', { name: en['distPlan.keepOpen'], exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((JSON.parse((await world.people.partner.coordinator.call('GET', plansUrl(`/${plan.id}`))).body) as DistributionPlanView).status).toBe('open');

    await page.locator('[data-close-plan]').click();
    await control(page, 'note').fill('Queue cleared; 2 families come next week.');
    await page.getByRole('button', { name: en['distPlan.closeConfirm'], exact: true }).click();
    await page.locator(`[data-screen="distribution-plan"][data-plan-status="closed"]`).waitFor();
    const saved = JSON.parse((await world.people.partner.coordinator.call('GET', plansUrl(`/${plan.id}`))).body) as DistributionPlanView;
    expect(saved).toMatchObject({ status: 'closed', closedBy: world.people.partner.coordinator.userId, closingNote: 'Queue cleared; 2 families come next week.' });
    const closedAt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tehran' }).format(new Date(saved.closedAt!));
    const facts = plain(await page.locator('.facts').first().textContent());
    expect(facts).toContain(closedAt);
    expect(facts).toContain('coordinator of partner');
    expect(facts).toContain('Queue cleared; 2 families come next week.');
    expect(await page.locator('[data-close-plan]').count()).toBe(0);

    await page.getByRole('link', { name: en['distPlan.allPlans'], exact: true }).click();
    await expect.poll(() => row.getAttribute('data-plan-status')).toBe('closed');
    expect(plain(await row.locator('.tag').textContent())).toBe(en['distPlan.status.closed']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("tells a Persian field officer, in the Solar Hijri calendar, that the plan closed while the family was at the table", async () => {
    const plan = await parcelPlan('Round closed meanwhile');
    const [household] = await registerHouseholds({ db: server.store.db, actor: operator }, TEST_PSEUDONYM_SECRET, world.partner.id, [
      { documentNumber: '771000001', locationId: catalogue.distributionPoint.id, memberCount: 3, childrenUnder5Count: 0, schoolAgeChildrenCount: 0, vulnerabilities: [] },
    ]);
    const { page, problems, context } = await personPage('field@partner.test', 'fa', phone);
    await page.goto(`/distributions/record?plan=${plan.id}`);
    await expect.poll(() => heading(page).textContent()).toBe(fa['distribute.title']);
    await control(page, 'householdCode').fill(`HH-${household!.slice(0, 8)}`);
    await control(page, 'householdCode').press('Enter');
    await page.locator('[data-confirm] .check-result').waitFor();

    const closed = JSON.parse((await world.people.partner.coordinator.call('POST', plansUrl(`/${plan.id}/close`), {})).body) as DistributionPlanView;
    // The device writes its time to the second: a hand-over in the very second of the close would count as before it.
    while (Math.floor(Date.now() / 1000) <= Math.floor(Date.parse(closed.closedAt!) / 1000)) await new Promise((resolve) => setTimeout(resolve, 50));
    await control(page, 'proof.code').fill('V-CLOSED-1');
    await control(page, 'proof.code').press('Enter');
    const alert = page.locator('[data-confirm] .form-alert');
    await alert.waitFor();
    const closedAt = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tehran' }).format(new Date(closed.closedAt!));
    expect(plain(await alert.textContent())).toContain(fill(fa['error.reason.plan_closed']!, { closedAt }));

    // Chosen again, the closed plan says so and offers no recording.
    await page.reload();
    await page.locator('[data-plan-closed]').waitFor();
    expect(await page.locator('[data-find-household]').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
