import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { newId } from '../../src/domain/ids.js';
import { distributedAccount, holdingAccount } from '../../src/domain/ledger/accounts.js';
import type { DistributionPlanView, DistributionView, SyncResultView } from '../../src/domain/distributions/views.js';
import type { OperationView } from '../../src/domain/ledger/views.js';
import { verifyLedger } from '../../src/services/audit/verify.js';
import { openTestApp, seedWorld, testDeps, type Caller, type TestApp, type World } from '../helpers/app.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { fingerprint } from '../helpers/fingerprint.js';
import { addOrganisation, daysFromToday, DEIR_AL_BALAH, expectError, KHAN_YOUNIS, seedItems } from '../helpers/pipeline.js';

let t: TestApp;
let w: World;
let items: Awaited<ReturnType<typeof seedItems>>;
let f: ReturnType<typeof distributionFixtures>;
let warehouse: string;
let point: string;
let parcelRule: string;
let needLineId: string;
let plan: DistributionPlanView;

const org = () => w.partner.id;
const plansUrl = (rest = '') => `/api/organisations/${org()}/distribution-plans${rest}`;
const recordsUrl = (rest = '') => `/api/organisations/${org()}/distributions${rest}`;
/** A time on a day at the site, as a device in Gaza writes it (UTC+2). */
const at = (day: string, time = '10:00') => `${day}T${time}:00+02:00`;
const voucher = () => ({ kind: 'voucher', code: `V-${newId().slice(0, 8)}` });
const field = () => w.people.partner.field;
const coordinator = () => w.people.partner.coordinator;

async function ok<T = Record<string, unknown>>(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

let documents = 0;
async function household(schoolAgeChildrenCount = 0, memberCount = 5, documentNumber = `70${String(++documents).padStart(7, '0')}`) {
  const h = await ok<{ id: string }>(
    field().call('POST', `/api/organisations/${org()}/households`, { documentNumber, locationId: DEIR_AL_BALAH, memberCount, schoolAgeChildrenCount }),
    201,
  );
  return h.id;
}

const record = (caller: Caller, body: Record<string, unknown>) => caller.call('POST', recordsUrl(), { id: newId(), planId: plan.id, proof: voucher(), ...body });
const sync = (caller: Caller, records: Record<string, unknown>[]) => ok<SyncResultView>(caller.call('POST', recordsUrl('/sync'), { records }));
const balance = async (accountId: string, itemId: string) =>
  (await t.store.query<{ n: number }>('select coalesce(sum(balance_units), 0)::int as n from account_balances where account_id = $1 and item_id = $2', [accountId, itemId]))[0]!.n;

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  items = await seedItems(w);
  f = distributionFixtures(t);
  warehouse = await f.warehouse(org());
  point = await f.site(org());
  await f.stock(org(), warehouse, items.parcel, 300, '2031-12-31');
  await f.stock(org(), warehouse, items.schoolKit, 100);
  await f.stock(org(), warehouse, items.oil, 500);
  parcelRule = (
    await ok<{ id: string }>(
      coordinator().call('POST', `/api/organisations/${org()}/entitlement-rules`, {
        itemId: items.parcel,
        quantityUnits: 1,
        per: 'household',
        window: { kind: 'rolling_days', days: 30 },
      }),
      201,
    )
  ).id;
  await ok(
    coordinator().call('POST', `/api/organisations/${org()}/entitlement-rules`, {
      itemId: items.schoolKit,
      quantityUnits: 1,
      per: 'school_age_child',
      window: { kind: 'school_year', startsOn: '09-01' },
    }),
    201,
  );
  const need = await ok<{ id: string; lines: { id: string }[] }>(
    field().call('POST', `/api/organisations/${org()}/needs`, {
      title: 'Food parcels for families in Deir al-Balah shelters',
      addressedTo: [w.sending.id],
      locationId: DEIR_AL_BALAH,
      priority: 'critical',
      neededBy: daysFromToday(30),
      peopleToReach: 500,
      sector: 'food_security',
      lines: [{ itemId: items.parcel, quantityUnits: 100 }],
    }),
    201,
  );
  await ok(field().call('POST', `/api/needs/${need.id}/submit`, {}));
  await ok(w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/approve`, {}));
  needLineId = need.lines[0]!.id;
});
afterAll(() => t.close());

describe('distribution plans', () => {
  it('plans a distribution at a distribution point: each household a parcel, and a school kit per school-age child', async () => {
    plan = await ok<DistributionPlanView>(
      coordinator().call('POST', plansUrl(), {
        title: 'January food round, Al-Maghazi school',
        siteId: point,
        plannedOn: '2025-01-10',
        householdsExpected: 120,
        lines: [
          { itemId: items.parcel, quantityUnits: 1, per: 'household', needLineId },
          { itemId: items.schoolKit, quantityUnits: 1, per: 'school_age_child' },
        ],
      }),
      201,
    );
    expect(plan).toMatchObject({ site: { id: point }, plannedOn: '2025-01-10', householdsExpected: 120, progress: { householdsServed: 0, distributions: 0 } });
    expect(plan.lines.map((l) => [l.item.code, l.quantityUnits, l.per, l.needLineId])).toEqual([
      ['KIT-FOOD-FAMILY', 1, 'household', needLineId],
      ['KIT-SCHOOL', 1, 'school_age_child', null],
    ]);
  });

  it('refuses a warehouse as the site, a site of another organisation, and a need line for another item, writing nothing', async () => {
    const foreign = await f.site((await addOrganisation(t, 'rafah', 'partner', 'Rafah Committee')).org.id);
    const before = await fingerprint(t.store);
    const body = { title: 'x', siteId: warehouse, plannedOn: '2025-01-10', householdsExpected: 5, lines: [{ itemId: items.parcel, quantityUnits: 1 }] };
    expectError(await coordinator().call('POST', plansUrl(), body), 422, 'rule_violated', 'siteId');
    expectError(await coordinator().call('POST', plansUrl(), { ...body, siteId: foreign }), 422, 'rule_violated', 'siteId');
    const wrongItem = { ...body, siteId: point, lines: [{ itemId: items.oil, quantityUnits: 1, needLineId }] };
    expectError(await coordinator().call('POST', plansUrl(), wrongItem), 422, 'rule_violated', 'lines.0.needLineId');
    expectError(await field().call('POST', plansUrl(), { ...body, siteId: point }), 403, 'forbidden');
    expect(await fingerprint(t.store)).toEqual(before);
  });

  it('issues stock from the warehouse to the site first-expiry-first-out, skipping lots that expire before the day', async () => {
    const other = await f.site(org());
    const oilPlan = await f.plan(org(), { siteId: other, plannedOn: daysFromToday(20), lines: [{ itemId: items.oil, quantityUnits: 2, per: 'household' }] });
    const soon = await f.stock(org(), warehouse, items.oil, 40, daysFromToday(10));
    const next = await f.stock(org(), warehouse, items.oil, 25, daysFromToday(60));
    const body = { id: newId(), fromLocationId: warehouse, lines: [{ itemId: items.oil, quantityUnits: 30 }] };
    const op = await ok<OperationView>(w.people.partner.warehouse.call('POST', plansUrl(`/${oilPlan.id}/issues`), body));
    // The lot expiring in 10 days would be spoilt on the day; 25 from the next lot, then 5 from the lot without expiry.
    expect(op.transfers.map((tr) => [tr.kind, tr.lotId === next, tr.quantityUnits, tr.toAccountCode])).toEqual([
      ['issue', true, 25, `holding:${other}`],
      ['issue', false, 5, `holding:${other}`],
    ]);
    expect(op.transfers.some((tr) => tr.lotId === soon)).toBe(false);
    expect((await ok<OperationView>(w.people.partner.warehouse.call('POST', plansUrl(`/${oilPlan.id}/issues`), body))).transfers.map((tr) => tr.id)).toEqual(
      op.transfers.map((tr) => tr.id),
    );
    const progress = await ok<DistributionPlanView>(field().call('GET', plansUrl(`/${oilPlan.id}`)));
    expect(progress.progress.items).toEqual([{ itemId: items.oil, issuedUnits: 30, distributedUnits: 0 }]);
    expectError(await field().call('POST', plansUrl(`/${oilPlan.id}/issues`), { ...body, id: newId() }), 403, 'forbidden');
    expectError(
      await coordinator().call('POST', plansUrl(`/${oilPlan.id}/issues`), { ...body, id: newId(), lines: [{ itemId: items.parcel, quantityUnits: 1 }] }),
      422,
      'rule_violated',
      'lines.0.itemId',
    );
  });

  it('issues the January round: 60 parcels and 20 school kits reach the site', async () => {
    const body = { id: newId(), fromLocationId: warehouse, lines: [{ itemId: items.parcel, quantityUnits: 60 }, { itemId: items.schoolKit, quantityUnits: 20 }] };
    await ok(w.people.partner.warehouse.call('POST', plansUrl(`/${plan.id}/issues`), body));
    expect(await balance(holdingAccount(point, org()).id, items.parcel)).toBe(60);
    expect(await balance(holdingAccount(point, org()).id, items.schoolKit)).toBe(20);
  });
});

describe('recording a distribution', () => {
  let first: DistributionView;

  it("gives a household its share, checks the rules, and moves the stock to distributed:<site> for the need line", async () => {
    const h = await household(2);
    const res = await record(field(), { householdId: h, distributedAt: at('2025-01-10') });
    expect(res.statusCode, res.body).toBe(201);
    first = res.json();
    expect(first).toMatchObject({ householdId: h, siteId: point, distributedOn: '2025-01-10', exception: null, reversal: null, recordedBy: field().userId });
    expect(first.lines.map((l) => [l.itemId, l.quantityUnits, l.needLineId])).toEqual([
      [items.parcel, 1, needLineId],
      [items.schoolKit, 2, null],
    ]);
    expect(await balance(distributedAccount(point, org()).id, items.parcel)).toBe(1);
    expect(await balance(distributedAccount(point, org()).id, items.schoolKit)).toBe(2);
    const [transfer] = await t.store.query<{ kind: string; need_line_id: string; distribution_id: string }>(
      "select kind, need_line_id, distribution_id from transfers where distribution_id = $1 and item_id = $2",
      [first.id, items.parcel],
    );
    expect(transfer).toEqual({ kind: 'distribution', need_line_id: needLineId, distribution_id: first.id });
    const need = await ok<{ lines: { coverage: { distributedUnits: number; fulfilmentRatio: number } }[] }>(
      field().call('GET', `/api/needs/${(await t.store.query<{ need_id: string }>('select need_id from need_lines where id = $1', [needLineId]))[0]!.need_id}`),
    );
    expect(need.lines[0]!.coverage).toMatchObject({ distributedUnits: 1, fulfilmentRatio: 0.01 });
  });

  it('answers a retry with the record kept the first time, and refuses another record under the same id', async () => {
    const body = { id: first.id, planId: plan.id, householdId: first.householdId, distributedAt: at('2025-01-10'), proof: { kind: 'voucher', code: first.proof.code } };
    const before = await fingerprint(t.store);
    const again = await field().call('POST', recordsUrl(), body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first);
    expectError(await field().call('POST', recordsUrl(), { ...body, distributedAt: at('2025-01-11') }), 409, 'conflict', 'id');
    expect(await fingerprint(t.store)).toEqual(before);
  });

  it('refuses a second parcel within 30 days, naming the rule and the field, and writes nothing', async () => {
    const before = await fingerprint(t.store);
    const res = await record(field(), { householdId: first.householdId, distributedAt: at('2025-02-05'), lines: [{ itemId: items.parcel, quantityUnits: 1 }] });
    expectError(res, 422, 'rule_violated', 'lines.0.quantityUnits');
    expect(res.json().error.message).toContain(parcelRule);
    expect(res.json().error.message).toContain('2025-01-10');
    // Without lines the household's share is given, and the household is what is at fault.
    expectError(await record(field(), { householdId: first.householdId, distributedAt: at('2025-02-05') }), 422, 'rule_violated', 'householdId');
    expect(await fingerprint(t.store)).toEqual(before);
  });

  it("records the exception when a coordinator sets the rule aside, with who and why; a field officer may not", async () => {
    const body = { householdId: first.householdId, distributedAt: at('2025-02-05'), lines: [{ itemId: items.parcel, quantityUnits: 1 }], exception: { reason: 'Shelter flooded; the parcel was spoilt' } };
    expectError(await record(field(), body), 403, 'forbidden', 'exception');
    const exception = await ok<DistributionView>(record(coordinator(), body), 201);
    expect(exception.exception).toEqual({ reason: 'Shelter flooded; the parcel was spoilt', allowedBy: coordinator().userId, brokenRuleIds: [parcelRule] });
    const counted = await ok<{ outcomes: { usedUnits: number }[] }>(
      field().call('POST', `/api/organisations/${org()}/entitlements/check`, { householdId: first.householdId, on: '2025-02-06', lines: [{ itemId: items.parcel, quantityUnits: 1 }] }),
    );
    expect(counted.outcomes[0]!.usedUnits).toBe(2);
  });

  it('finds the household by its identity document, which is stored nowhere', async () => {
    const document = '۸۸۰۰۴۴۲۲۱';
    const h = await household(0, 4, document);
    const given = await ok<DistributionView>(record(field(), { documentNumber: document, distributedAt: at('2025-01-11') }), 201);
    expect(given.householdId).toBe(h);
    const tables = await t.store.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
    for (const { name } of tables) {
      const [row] = await t.store.query<{ text: string | null }>(`select string_agg(t::text, '|') as text from "${name}" t`);
      expect(row!.text ?? '', name).not.toContain('880044221');
      expect(row!.text ?? '', name).not.toContain(document);
    }
    expectError(await record(field(), { documentNumber: '123456789', distributedAt: at('2025-01-11') }), 404, 'not_found', 'documentNumber');
  });

  it('never logs the document number, whether the record is kept, refused or synced', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logged = await buildApp(testDeps(t.store), pino({ level: 'trace' }, sink));
    await logged.ready();
    const number = '660055443';
    await household(0, 3, number);
    const send = (url: string, payload: object) =>
      logged.inject({ method: 'POST', url, headers: { authorization: `Bearer ${field().token}` }, payload });
    const body = (day: string) => ({ id: newId(), planId: plan.id, documentNumber: number, distributedAt: at(day), proof: voucher() });
    expect((await send(recordsUrl(), body('2025-01-11'))).statusCode).toBe(201);
    expect((await send(recordsUrl(), body('2025-01-12'))).statusCode).toBe(422);
    expect((await send(recordsUrl(), { ...body('2025-01-12'), distributedAt: 'yesterday' })).statusCode).toBe(400);
    expect((await send(recordsUrl('/sync'), { records: [body('2025-01-13')] })).statusCode).toBe(200);
    await logged.close();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(number);
  });

  it('refuses a voucher handed in twice at one distribution', async () => {
    const proof = voucher();
    await ok(record(field(), { householdId: await household(), distributedAt: at('2025-01-10'), proof }), 201);
    expectError(await record(field(), { householdId: await household(), distributedAt: at('2025-01-10'), proof }), 409, 'conflict', 'proof.code');
  });

  it('keeps a signature as its hash and where the image is, not the image', async () => {
    const proof = { kind: 'signature', sha256: 'AB'.repeat(32), ref: 'tablet-07/2025-01-10/0042.png' };
    const given = await ok<DistributionView>(record(field(), { householdId: await household(), distributedAt: at('2025-01-10'), proof }), 201);
    expect(given.proof).toEqual({ kind: 'signature', code: null, sha256: 'ab'.repeat(32), ref: 'tablet-07/2025-01-10/0042.png' });
  });

  it('refuses a distribution when the site does not hold enough, and a time in the future', async () => {
    const [large, small] = [await household(6, 8), await household()];
    const before = await fingerprint(t.store);
    const lines = [{ itemId: items.schoolKit, quantityUnits: 30 }];
    const exception = { reason: 'large family' };
    expectError(await record(coordinator(), { householdId: large, distributedAt: at('2025-01-10'), lines, exception }), 422, 'rule_violated', 'lines.0.quantityUnits');
    expectError(await record(field(), { householdId: small, distributedAt: new Date(Date.now() + 86_400_000).toISOString() }), 422, 'rule_violated', 'distributedAt');
    expect(await fingerprint(t.store)).toEqual(before);
  });
});

describe('a refused distribution says which rule refused it', () => {
  const reasonOf = (res: { json(): unknown }) => (res.json() as { error: { reason?: string; details?: Record<string, unknown> } }).error;

  it('entitlement_exceeded: the rule, what it allows, what was received, and the next day the household may receive', async () => {
    const h = await household();
    await ok(record(field(), { householdId: h, distributedAt: at('2025-01-12') }), 201);
    const res = await record(field(), { householdId: h, distributedAt: at('2025-01-20'), lines: [{ itemId: items.parcel, quantityUnits: 1 }] });
    expectError(res, 422, 'rule_violated', 'lines.0.quantityUnits');
    expect(reasonOf(res)).toMatchObject({
      reason: 'entitlement_exceeded',
      details: { ruleId: parcelRule, itemId: items.parcel, allowedUnits: 1, usedUnits: 1, proposedUnits: 1, remainingUnits: 0, windowFromOn: '2025-01-12', windowToOn: '2025-02-10', nextEligibleOn: '2025-02-11' },
    });
    expect(reasonOf(res)).toHaveProperty('message', expect.stringContaining('from 2025-02-11'));
  });

  it('stock_short_at_site: the item, what the site holds and what is needed, on the day', async () => {
    const res = await record(coordinator(), {
      householdId: await household(6, 8),
      distributedAt: at('2025-01-10'),
      lines: [{ itemId: items.schoolKit, quantityUnits: 30 }],
      exception: { reason: 'large family' },
    });
    expectError(res, 422, 'rule_violated', 'lines.0.quantityUnits');
    const error = reasonOf(res);
    expect(error).toMatchObject({ reason: 'stock_short_at_site', details: { itemId: items.schoolKit, siteId: point, neededUnits: 30, distributedOn: '2025-01-10' } });
    expect(error.details!.availableUnits).toBeLessThan(30);
  });

  it('voucher_used, item_not_in_plan, exception_needs_coordinator', async () => {
    const proof = voucher();
    await ok(record(field(), { householdId: await household(), distributedAt: at('2025-01-10'), proof }), 201);
    const used = await record(field(), { householdId: await household(), distributedAt: at('2025-01-10'), proof });
    expectError(used, 409, 'conflict', 'proof.code');
    expect(reasonOf(used).reason).toBe('voucher_used');

    const oil = await record(field(), { householdId: await household(), distributedAt: at('2025-01-10'), lines: [{ itemId: items.oil, quantityUnits: 1 }] });
    expectError(oil, 422, 'rule_violated', 'lines.0.itemId');
    expect(reasonOf(oil)).toMatchObject({ reason: 'item_not_in_plan', details: { itemId: items.oil } });

    const exception = await record(field(), { householdId: await household(), distributedAt: at('2025-01-10'), exception: { reason: 'please' } });
    expectError(exception, 403, 'forbidden', 'exception');
    expect(reasonOf(exception).reason).toBe('exception_needs_coordinator');
  });

  it('household_not_found for another partner\'s household, plan_not_found for another partner\'s plan, nothing_to_receive', async () => {
    const other = await addOrganisation(t, 'refusals', 'partner', 'Refusals Partner');
    const theirs = (await other.people.field.call('POST', `/api/organisations/${other.org.id}/households`, { documentNumber: '655555555', locationId: DEIR_AL_BALAH, memberCount: 2 })).json() as { id: string };
    const foreign = await record(field(), { householdId: theirs.id, distributedAt: at('2025-01-10') });
    expectError(foreign, 404, 'not_found', 'householdId');
    expect(reasonOf(foreign).reason).toBe('household_not_found');

    const planElsewhere = await other.people.coordinator.call('POST', `/api/organisations/${other.org.id}/distributions`, {
      id: newId(),
      planId: plan.id,
      householdId: theirs.id,
      distributedAt: at('2025-01-10'),
      proof: voucher(),
    });
    expectError(planElsewhere, 404, 'not_found', 'planId');
    expect(reasonOf(planElsewhere).reason).toBe('plan_not_found');

    const kitsOnly = await ok<DistributionPlanView>(
      coordinator().call('POST', plansUrl(), { title: 'School kits', siteId: point, plannedOn: '2025-01-10', householdsExpected: 5, lines: [{ itemId: items.schoolKit, quantityUnits: 1, per: 'school_age_child' }] }),
      201,
    );
    const nothing = await field().call('POST', recordsUrl(), { id: newId(), planId: kitsOnly.id, householdId: await household(0), distributedAt: at('2025-01-10'), proof: voucher() });
    expectError(nothing, 422, 'rule_violated', 'householdId');
    expect(reasonOf(nothing).reason).toBe('nothing_to_receive');
  });

  it('a refused record of a synced batch carries its reason too', async () => {
    const h = await household();
    const result = await sync(field(), [
      { id: newId(), planId: plan.id, householdId: h, distributedAt: at('2025-01-14'), proof: voucher() },
      { id: newId(), planId: plan.id, householdId: h, distributedAt: at('2025-01-15'), proof: voucher(), lines: [{ itemId: items.parcel, quantityUnits: 1 }] },
    ]);
    expect(result.results[1]).toMatchObject({ outcome: 'refused', error: { code: 'rule_violated', field: 'records.1.lines.0.quantityUnits', reason: 'entitlement_exceeded', details: { nextEligibleOn: '2025-02-13' } } });
  });
});

describe('two devices at once', () => {
  it('records one parcel when two devices hand one family a parcel at the same moment', async () => {
    const h = await household();
    const answers = await Promise.all(
      [field(), coordinator()].map((c) => record(c, { householdId: h, distributedAt: at('2025-01-13'), lines: [{ itemId: items.parcel, quantityUnits: 1 }] })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422]);
    const [kept] = await t.store.query<{ n: number }>('select count(*)::int as n from distributions where household_id = $1', [h]);
    expect(kept!.n).toBe(1);
  });
});

describe('syncing records from an offline device', () => {
  it('refuses a late record whose earlier day would break the rule with records already stored', async () => {
    const h = await household();
    await ok(record(field(), { householdId: h, distributedAt: at('2025-01-10') }), 201);
    await ok(record(field(), { householdId: h, distributedAt: at('2025-02-14') }), 201);
    // Handed over on 30 January by a tablet that was offline: 10–30 January would hold two parcels.
    const late = { id: newId(), planId: plan.id, householdId: h, distributedAt: at('2025-01-30'), proof: voucher() };
    const { results } = await sync(field(), [late]);
    expect(results[0]).toMatchObject({ id: late.id, outcome: 'refused', distribution: null, error: { code: 'rule_violated', field: 'records.0.householdId' } });
    expect(results[0]!.error!.message).toContain(parcelRule);
  });

  it('records or refuses each record on its own, and a retry of the batch records nothing twice', async () => {
    const [a, b, c, d] = [await household(1), await household(), await household(), await household()];
    const shared = voucher();
    const records = [
      { id: newId(), planId: plan.id, householdId: a, distributedAt: at('2025-01-12', '09:15'), proof: voucher() },
      // b's second parcel within 30 days, sent first although it happened later: the earlier one is kept.
      { id: newId(), planId: plan.id, householdId: b, distributedAt: at('2025-01-20'), proof: voucher() },
      { id: newId(), planId: plan.id, householdId: b, distributedAt: at('2025-01-12'), proof: voucher() },
      { id: newId(), planId: plan.id, householdId: newId(), distributedAt: at('2025-01-12'), proof: voucher() },
      { id: newId(), planId: plan.id, householdId: c, distributedAt: at('2025-01-12', '11:00'), proof: shared },
      { id: newId(), planId: plan.id, householdId: d, distributedAt: at('2025-01-12', '11:30'), proof: shared },
    ];
    const first = await sync(field(), records);
    expect(first.results.map((r) => [r.id, r.outcome, r.error?.code ?? null, r.error?.field ?? null])).toEqual([
      [records[0]!.id, 'recorded', null, null],
      [records[1]!.id, 'refused', 'rule_violated', 'records.1.householdId'],
      [records[2]!.id, 'recorded', null, null],
      [records[3]!.id, 'refused', 'not_found', 'records.3.householdId'],
      [records[4]!.id, 'recorded', null, null],
      [records[5]!.id, 'refused', 'conflict', 'records.5.proof.code'],
    ]);
    expect(first.results[0]!.distribution!.lines.map((l) => l.quantityUnits)).toEqual([1, 1]);

    const before = await fingerprint(t.store);
    const retry = await sync(field(), records);
    expect(retry.results.map((r) => r.outcome)).toEqual(['already-recorded', 'refused', 'already-recorded', 'refused', 'already-recorded', 'refused']);
    expect(retry.results.map((r) => r.error)).toEqual(first.results.map((r) => r.error));
    expect(retry.results.map((r) => r.distribution)).toEqual(first.results.map((r) => r.distribution));
    expect(await fingerprint(t.store)).toEqual(before);
  });
});

describe('reversing a distribution and returning stock', () => {
  it('undoes a distribution: the stock goes back to the site, the household may receive again, the need line counts it no more', async () => {
    const h = await household();
    const given = await ok<DistributionView>(record(field(), { householdId: h, distributedAt: at('2025-01-15'), lines: [{ itemId: items.parcel, quantityUnits: 1 }] }), 201);
    const held = await balance(holdingAccount(point, org()).id, items.parcel);
    const distributedBefore = (await t.store.query<{ n: number }>('select sum(quantity_units)::int as n from transfers where need_line_id = $1', [needLineId]))[0]!.n;
    // The ledger's own reversal would leave the record saying the family was served.
    const [transfer] = await t.store.query<{ id: string }>('select id from transfers where distribution_id = $1', [given.id]);
    expectError(
      await coordinator().call('POST', `/api/organisations/${org()}/stock/reversals`, { id: newId(), transferIds: [transfer!.id], reason: 'wrong family' }),
      422,
      'rule_violated',
      'transferIds.0',
    );
    const body = { id: newId(), reason: 'recorded for the wrong family' };
    expectError(await field().call('POST', recordsUrl(`/${given.id}/reversal`), body), 403, 'forbidden');
    const reversed = await ok<DistributionView>(coordinator().call('POST', recordsUrl(`/${given.id}/reversal`), body));
    expect(reversed.reversal).toMatchObject({ operationId: body.id, reason: 'recorded for the wrong family', reversedBy: coordinator().userId });
    expect(await ok(coordinator().call('POST', recordsUrl(`/${given.id}/reversal`), body))).toEqual(reversed);
    expectError(await coordinator().call('POST', recordsUrl(`/${given.id}/reversal`), { ...body, id: newId() }), 409, 'conflict', 'distributionId');
    expect(await balance(holdingAccount(point, org()).id, items.parcel)).toBe(held + 1);
    const need = await t.store.query<{ need_id: string }>('select need_id from need_lines where id = $1', [needLineId]);
    const coverage = (await ok<{ lines: { coverage: { distributedUnits: number } }[] }>(field().call('GET', `/api/needs/${need[0]!.need_id}`))).lines[0]!.coverage;
    const recordedForLine = (await t.store.query<{ n: number }>(
      `select count(*)::int as n from distribution_lines l where l.need_line_id = $1
        and not exists (select 1 from distribution_reversals r where r.distribution_id = l.distribution_id)`,
      [needLineId],
    ))[0]!.n;
    expect(coverage.distributedUnits).toBe(recordedForLine);
    expect(distributedBefore).toBeGreaterThan(coverage.distributedUnits);
    await ok(record(field(), { householdId: h, distributedAt: at('2025-01-16'), lines: [{ itemId: items.parcel, quantityUnits: 1 }] }), 201);
  });

  it("returns what was not handed out to the warehouse, and the plan's figures add up", async () => {
    const siteHolding = holdingAccount(point, org()).id;
    const leftParcels = await balance(siteHolding, items.parcel);
    const leftKits = await balance(siteHolding, items.schoolKit);
    const op = await ok<OperationView>(w.people.partner.warehouse.call('POST', plansUrl(`/${plan.id}/returns`), { id: newId(), toLocationId: warehouse }));
    expect(op.transfers.every((tr) => tr.kind === 'move' && tr.toAccountCode === `holding:${warehouse}`)).toBe(true);
    expect(await balance(siteHolding, items.parcel)).toBe(0);
    expect(await balance(siteHolding, items.schoolKit)).toBe(0);
    const progress = (await ok<DistributionPlanView>(w.people.partner.warehouse.call('GET', plansUrl(`/${plan.id}`)))).progress;
    const distributed = (itemId: string) => progress.items.find((i) => i.itemId === itemId)!;
    expect(distributed(items.parcel)).toEqual({ itemId: items.parcel, issuedUnits: 60 - leftParcels, distributedUnits: 60 - leftParcels });
    expect(distributed(items.schoolKit)).toEqual({ itemId: items.schoolKit, issuedUnits: 20 - leftKits, distributedUnits: 20 - leftKits });
    expect(progress.exceptions).toBe(1);
    expectError(await w.people.partner.warehouse.call('POST', plansUrl(`/${plan.id}/returns`), { id: newId(), toLocationId: warehouse }), 422, 'rule_violated', 'lines');
  });

  it('keeps the ledger whole: every chain verifies, every lot sums to zero, no holding is negative', async () => {
    const report = await verifyLedger(t.store.db);
    expect(report.ok).toBe(true);
    expect(report.conservation.ok && report.nonNegative.ok && report.balances.ok).toBe(true);
  });
});

describe('who sees distributions', () => {
  it('keeps records to the partner: other organisations and monitors are refused', async () => {
    expect((await field().call('GET', recordsUrl())).statusCode).toBe(200);
    for (const caller of [w.people.partner.monitor, w.people.partner.warehouse, w.people.sending.coordinator, w.people.sending.monitor]) {
      expect((await caller.call('GET', recordsUrl())).statusCode).toBe(403);
    }
    const mine = await ok<DistributionView[]>(field().call('GET', recordsUrl(`?planId=${plan.id}&limit=500`)));
    expect(mine.length).toBeGreaterThan(5);
    expect(Object.keys(mine[0]!).sort()).toEqual(
      ['distributedAt', 'distributedOn', 'exception', 'householdId', 'id', 'lines', 'organisationId', 'planId', 'proof', 'recordedAt', 'recordedBy', 'reversal', 'siteId'].sort(),
    );
  });

  it('shows everyone households served per month and place, suppressing fewer than 5 and any cell that could be worked out', async () => {
    const sites = { a: await f.site(org()), b: await f.site(org()), c: await f.site(org()), d: await f.site(org(), 'school', KHAN_YOUNIS) };
    const served = { a: 6, b: 5, c: 2, d: 3 };
    const records: Record<string, unknown>[] = [];
    for (const key of ['a', 'b', 'c', 'd'] as const) {
      const p = await f.plan(org(), { siteId: sites[key], plannedOn: '2024-03-05', lines: [{ itemId: items.oil, quantityUnits: 1, per: 'household' }] });
      await f.issue(org(), p.id, warehouse, [{ itemId: items.oil, quantityUnits: served[key] }]);
      for (let i = 0; i < served[key]; i++) records.push({ id: newId(), planId: p.id, householdId: await household(), distributedAt: at('2024-03-05'), proof: voucher() });
    }
    expect((await sync(field(), records)).results.every((r) => r.outcome === 'recorded')).toBe(true);

    const bySite = await ok<{ rows: { location: { id: string }; suppressed: boolean; householdsServed: number | null; items: unknown }[] }>(
      w.people.sending.monitor.call('GET', `/api/distributions/households-served?from=2024-03&to=2024-03&by=site`),
    );
    const row = (id: string) => bySite.rows.find((r) => r.location.id === id)!;
    expect(row(sites.a)).toMatchObject({ suppressed: false, householdsServed: 6, items: [{ item: { id: items.oil }, quantityUnits: 6 }] });
    // c has 2; b is hidden too, or Deir al-Balah's total less a would give c away.
    expect(row(sites.b)).toMatchObject({ suppressed: true, householdsServed: null, distributions: null, items: null });
    expect(row(sites.c)).toMatchObject({ suppressed: true, householdsServed: null });
    expect(row(sites.d)).toMatchObject({ suppressed: true, householdsServed: null });
    const byGovernorate = await ok<{ rows: { location: { id: string }; suppressed: boolean; householdsServed: number | null }[] }>(
      w.people.partner.monitor.call('GET', `/api/distributions/households-served?from=2024-03&to=2024-03&organisationId=${org()}`),
    );
    expect(byGovernorate.rows.map((r) => [r.location.id, r.suppressed, r.householdsServed])).toEqual(
      [
        [DEIR_AL_BALAH, false, 13],
        [KHAN_YOUNIS, true, null],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
    );
    expectError(await w.anonymous.call('GET', '/api/distributions/households-served?from=2024-03&to=2024-03'), 401, 'unauthenticated');
    expectError(await w.people.sending.monitor.call('GET', '/api/distributions/households-served?from=2024-03&to=2024-02'), 400, 'invalid_input', 'querystring.to');
  });
});
