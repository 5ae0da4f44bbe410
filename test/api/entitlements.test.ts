import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { addOrganisation, DEIR_AL_BALAH, expectError, seedItems } from '../helpers/pipeline.js';

let t: TestApp;
let w: World;
let items: Awaited<ReturnType<typeof seedItems>>;
let khanYounis: Awaited<ReturnType<typeof addOrganisation>>;
let householdId: string;

const rulesUrl = (orgId: string, rest = '') => `/api/organisations/${orgId}/entitlement-rules${rest}`;
const checkUrl = (orgId: string) => `/api/organisations/${orgId}/entitlements/check`;
const ruleCount = async () => (await t.store.query<{ n: number }>('select count(*)::int as n from entitlement_rules'))[0]!.n;

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  items = await seedItems(w);
  khanYounis = await addOrganisation(t, 'khanyounis', 'partner', 'Khan Younis Relief Committee');
  const res = await w.people.partner.field.call('POST', `/api/organisations/${w.partner.id}/households`, {
    documentNumber: '401234567',
    locationId: DEIR_AL_BALAH,
    memberCount: 7,
    childrenUnder5Count: 1,
    schoolAgeChildrenCount: 3,
  });
  expect(res.statusCode, res.body).toBe(201);
  householdId = res.json().id;
});
afterAll(() => t.close());

const check = (lines: { itemId: string; quantityUnits: number }[], by = w.people.partner.field) =>
  by.call('POST', checkUrl(w.partner.id), { householdId, on: '2025-09-15', lines });

describe('entitlement rules and the check before a distribution', () => {
  let parcelRule: { id: string };

  it('stores rules as data and answers the field app whether a household may receive', async () => {
    const created = await w.people.partner.coordinator.call('POST', rulesUrl(w.partner.id), {
      itemId: items.parcel,
      quantityUnits: 1,
      per: 'household',
      window: { kind: 'rolling_days', days: 30 },
    });
    expect(created.statusCode, created.body).toBe(201);
    parcelRule = created.json();
    expect(parcelRule).toMatchObject({ item: { id: items.parcel, code: 'KIT-FOOD-FAMILY' }, quantityUnits: 1, per: 'household', window: { kind: 'rolling_days', days: 30 }, retiredAt: null });
    const kits = await w.people.partner.admin.call('POST', rulesUrl(w.partner.id), {
      itemId: items.schoolKit,
      quantityUnits: 1,
      per: 'school_age_child',
      window: { kind: 'school_year', startsOn: '09-01' },
    });
    expect(kits.statusCode, kits.body).toBe(201);

    const one = await check([{ itemId: items.parcel, quantityUnits: 1 }, { itemId: items.schoolKit, quantityUnits: 3 }, { itemId: items.rice, quantityUnits: 9 }]);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toEqual({
      allowed: true,
      outcomes: [
        { ruleId: parcelRule.id, itemId: items.parcel, allowedUnits: 1, usedUnits: 0, proposedUnits: 1, remainingUnits: 1, ok: true, window: { from: '2025-09-15', to: '2025-10-14' } },
        { ruleId: kits.json().id, itemId: items.schoolKit, allowedUnits: 3, usedUnits: 0, proposedUnits: 3, remainingUnits: 3, ok: true, window: { from: '2025-09-01', to: '2026-08-31' } },
      ],
    });
    const tooMany = await check([{ itemId: items.schoolKit, quantityUnits: 4 }]);
    expect(tooMany.json()).toMatchObject({ allowed: false, outcomes: [{ allowedUnits: 3, proposedUnits: 4, ok: false }] });
  });

  it('shares rules with monitors and other organisations, and lets only the partner coordinate them', async () => {
    const list = await w.people.sending.monitor.call('GET', rulesUrl(w.partner.id));
    expect(list.json().map((r: { id: string }) => r.id)).toContain(parcelRule.id);
    const body = { itemId: items.rice, quantityUnits: 1, per: 'member', window: { kind: 'rolling_days', days: 7 } };
    expectError(await w.people.partner.field.call('POST', rulesUrl(w.partner.id), body), 403, 'forbidden');
    expectError(await w.people.partner.monitor.call('POST', rulesUrl(w.partner.id), body), 403, 'forbidden');
    expectError(await w.people.sending.coordinator.call('POST', rulesUrl(w.sending.id), body), 403, 'forbidden', 'organisationId');
  });

  it("keeps a household's check to its partner", async () => {
    const lines = [{ itemId: items.parcel, quantityUnits: 1 }];
    expectError(await w.people.partner.monitor.call('POST', checkUrl(w.partner.id), { householdId, on: '2025-09-15', lines }), 403, 'forbidden');
    expectError(await khanYounis.people.field.call('POST', checkUrl(w.partner.id), { householdId, on: '2025-09-15', lines }), 403, 'forbidden');
    expectError(await khanYounis.people.field.call('POST', checkUrl(khanYounis.org.id), { householdId, on: '2025-09-15', lines }), 404, 'not_found', 'householdId');
  });

  it('stops applying a retired rule and keeps it on record', async () => {
    const retired = await w.people.partner.coordinator.call('POST', rulesUrl(w.partner.id, `/${parcelRule.id}/retire`));
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json().retiredAt).not.toBeNull();
    expect((await check([{ itemId: items.parcel, quantityUnits: 2 }])).json()).toEqual({ allowed: true, outcomes: [] });
    const all = await w.people.partner.field.call('GET', rulesUrl(w.partner.id, '?retired=true'));
    expect(all.json().map((r: { id: string }) => r.id)).toContain(parcelRule.id);
    expect((await w.people.partner.field.call('GET', rulesUrl(w.partner.id))).json().map((r: { id: string }) => r.id)).not.toContain(parcelRule.id);
  });
});

describe('entitlements: bad input is refused and changes nothing', () => {
  it('POST /api/organisations/:organisationId/entitlement-rules', async () => {
    const before = await ruleCount();
    const call = (body: unknown) => w.people.partner.coordinator.call('POST', rulesUrl(w.partner.id), body);
    const ok = { itemId: items.rice, quantityUnits: 1, per: 'member', window: { kind: 'rolling_days', days: 7 } };
    expectError(await call({ ...ok, window: { kind: 'school_year', startsOn: '02-29' } }), 400, 'invalid_input', 'body.window.startsOn');
    expectError(await call({ ...ok, window: { kind: 'rolling_days', days: 0 } }), 400, 'invalid_input', 'body.window.days');
    expectError(await call({ ...ok, per: 'adult' }), 400, 'invalid_input', 'body.per');
    expectError(await call({ ...ok, itemId: w.partner.id }), 422, 'rule_violated', 'itemId');
    expect(await ruleCount()).toBe(before);
  });

  it('POST /api/organisations/:organisationId/entitlement-rules/:ruleId/retire', async () => {
    const [rule] = (await w.people.partner.field.call('GET', rulesUrl(w.partner.id, '?retired=true'))).json().filter((r: { retiredAt: string | null }) => r.retiredAt);
    expectError(await w.people.partner.coordinator.call('POST', rulesUrl(w.partner.id, `/${rule.id}/retire`)), 422, 'rule_violated', 'ruleId');
    expectError(await w.people.partner.coordinator.call('POST', rulesUrl(w.partner.id, `/${householdId}/retire`)), 404, 'not_found', 'ruleId');
    expectError(await w.people.partner.coordinator.call('POST', rulesUrl(w.partner.id, `/${rule.id}/retire`), { now: true }), 400, 'invalid_input', 'body.now');
    const after = (await w.people.partner.field.call('GET', rulesUrl(w.partner.id, '?retired=true'))).json().find((r: { id: string }) => r.id === rule.id);
    expect(after).toEqual(rule);
  });

  it('POST /api/organisations/:organisationId/entitlements/check', async () => {
    const call = (body: unknown) => w.people.partner.field.call('POST', checkUrl(w.partner.id), body);
    expectError(await call({ householdId, on: '2025-09-15', lines: [] }), 400, 'invalid_input', 'body.lines');
    expectError(await call({ householdId, on: '15/09/2025', lines: [{ itemId: items.rice, quantityUnits: 1 }] }), 400, 'invalid_input', 'body.on');
    expectError(await call({ householdId: items.rice, on: '2025-09-15', lines: [{ itemId: items.rice, quantityUnits: 1 }] }), 404, 'not_found', 'householdId');
    expectError(await call({ householdId, on: '2025-09-15', lines: [{ itemId: householdId, quantityUnits: 1 }] }), 422, 'rule_violated', 'lines.0.itemId');
  });

  it('GET /api/organisations/:organisationId/entitlement-rules', async () => {
    expectError(await w.people.partner.field.call('GET', rulesUrl(w.partner.id, '?retired=maybe')), 400, 'invalid_input', 'querystring.retired');
    expectError(await w.people.partner.field.call('GET', rulesUrl(householdId)), 404, 'not_found', 'organisationId');
  });
});
