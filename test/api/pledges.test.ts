import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { addOrganisation, daysFromToday, DEIR_AL_BALAH, expectError, seedItems } from '../helpers/pipeline.js';

let t: TestApp;
let w: World;
let items: Awaited<ReturnType<typeof seedItems>>;
let donor: Awaited<ReturnType<typeof addOrganisation>>;
let need: { id: string; lines: { id: string; item: { id: string } }[] };
let parcelLine: string;
let riceLine: string;

async function makeNeed(status: 'submitted' | 'approved') {
  const res = await w.people.partner.field.call('POST', `/api/organisations/${w.partner.id}/needs`, {
    title: 'Winter food, Deir al-Balah',
    addressedTo: [w.sending.id],
    locationId: DEIR_AL_BALAH,
    priority: 'high',
    neededBy: daysFromToday(45),
    peopleToReach: 3000,
    sector: 'food_security',
    lines: [
      { itemId: items.parcel, quantityUnits: 500 },
      { itemId: items.rice, quantityUnits: 200 },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  await w.people.partner.field.call('POST', `/api/needs/${res.json().id}/submit`, {});
  if (status === 'approved') expect((await w.people.sending.coordinator.call('POST', `/api/needs/${res.json().id}/approve`, {})).statusCode).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  items = await seedItems(w);
  donor = await addOrganisation(t, 'bazaar', 'donor', 'Isfahan Bazaar Donors');
  need = await makeNeed('approved');
  parcelLine = need.lines[0]!.id;
  riceLine = need.lines[1]!.id;
});
afterAll(() => t.close());

const pledgeUrl = () => `/api/organisations/${w.sending.id}/pledges`;
const coverageOf = async (lineId: string) => {
  const res = await w.people.sending.monitor.call('GET', `/api/needs/${need.id}`);
  return (res.json().lines as { id: string; coverage: Record<string, unknown> }[]).find((l) => l.id === lineId)!.coverage;
};
const count = async (table: string) => (await t.store.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

describe('pledges', () => {
  it("records a person's pledge of goods and cash against need lines, and the need's coverage follows", async () => {
    const res = await w.people.sending.coordinator.call('POST', pledgeUrl(), {
      donor: { kind: 'individual', displayName: 'Family of M. Rezaei' },
      expectedOn: daysFromToday(7),
      lines: [
        { kind: 'goods', itemId: items.parcel, quantityUnits: 100, needLineId: parcelLine },
        { kind: 'cash', currency: 'IRR', amountMinor: 50_000_000, needLineId: parcelLine },
        { kind: 'goods', itemId: items.oil, quantityUnits: 20 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const pledge = res.json();
    expect(pledge).toMatchObject({ status: 'open', organisation: { id: w.sending.id }, donor: { kind: 'individual', displayName: 'Family of M. Rezaei', organisation: null } });
    expect(pledge.lines[0]).toMatchObject({ kind: 'goods', needLineId: parcelLine, needId: need.id, quantityUnits: 100, receivedUnits: 0, unusableUnits: 0, currency: null });
    expect(pledge.lines[1]).toMatchObject({ kind: 'cash', item: null, currency: 'IRR', amountMinor: 50_000_000, receivedMinor: 0 });
    expect(pledge.lines[2]).toMatchObject({ kind: 'goods', needLineId: null, needId: null });

    expect(await coverageOf(parcelLine)).toMatchObject({
      neededUnits: 500,
      pledgedUnits: 100,
      pledgedNotSentUnits: 100,
      inPipelineUnits: 0,
      deliveredUnits: 0,
      distributedUnits: 0,
      coveredUnits: 100,
      gapUnits: 400,
      coverageRatio: 0.2,
      fulfilmentRatio: 0,
      cashPledged: [{ currency: 'IRR', amountMinor: 50_000_000 }],
    });
    expect(await coverageOf(riceLine)).toMatchObject({ pledgedUnits: 0, coverageRatio: 0 });

    // Shared with every organisation, but a person's name stays with the organisation that took the pledge.
    const seenByPartner = await w.people.partner.field.call('GET', `/api/pledges/${pledge.id}`);
    expect(seenByPartner.json().donor).toEqual({ kind: 'individual', organisation: null, displayName: null });
    const listed = await w.people.partner.monitor.call('GET', `/api/pledges?needId=${need.id}`);
    expect(listed.json().map((p: { id: string }) => p.id)).toContain(pledge.id);
  });

  it('adds pledges of organisations and anonymous donors, and drops a cancelled pledge from coverage', async () => {
    const fromOrg = await w.people.sending.coordinator.call('POST', pledgeUrl(), {
      donor: { kind: 'organisation', organisationId: donor.org.id },
      expectedOn: daysFromToday(10),
      lines: [{ kind: 'goods', itemId: items.rice, quantityUnits: 150, needLineId: riceLine }],
    });
    expect(fromOrg.statusCode, fromOrg.body).toBe(201);
    expect(fromOrg.json().donor).toMatchObject({ kind: 'organisation', organisation: { id: donor.org.id } });
    const anonymous = await w.people.sending.admin.call('POST', pledgeUrl(), {
      donor: { kind: 'anonymous' },
      expectedOn: daysFromToday(3),
      lines: [{ kind: 'goods', itemId: items.rice, quantityUnits: 100, needLineId: riceLine }],
    });
    expect(anonymous.statusCode, anonymous.body).toBe(201);
    expect(await coverageOf(riceLine)).toMatchObject({ pledgedUnits: 250, coveredUnits: 250, coverageRatio: 1.25, gapUnits: 0 });

    const cancelled = await w.people.sending.coordinator.call('POST', `/api/pledges/${anonymous.json().id}/cancel`, { reason: 'donor withdrew' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'donor withdrew' });
    expect(await coverageOf(riceLine)).toMatchObject({ pledgedUnits: 150, coverageRatio: 0.75 });
    const byDonor = await donor.people.monitor.call('GET', `/api/pledges?donorOrganisationId=${donor.org.id}`);
    expect(byDonor.json().map((p: { id: string }) => p.id)).toEqual([fromOrg.json().id]);
  });

  it('derives open → partially received → received from cash received', async () => {
    const res = await w.people.sending.coordinator.call('POST', pledgeUrl(), {
      donor: { kind: 'anonymous' },
      expectedOn: daysFromToday(1),
      lines: [{ kind: 'cash', currency: 'USD', amountMinor: 100_00 }],
    });
    const pledge = res.json();
    const pay = (amountMinor: number) =>
      w.people.sending.coordinator.call('POST', `/api/pledges/${pledge.id}/cash-receipts`, { pledgeLineId: pledge.lines[0].id, amountMinor, receivedOn: daysFromToday(0) });
    const first = await pay(40_00);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'partially_received', lines: [{ receivedMinor: 40_00 }] });
    const second = await pay(60_00);
    expect(second.json()).toMatchObject({ status: 'received', lines: [{ receivedMinor: 100_00 }] });
    expect(second.json().cashReceipts.map((r: { amountMinor: number; currency: string }) => [r.amountMinor, r.currency])).toEqual([
      [40_00, 'USD'],
      [60_00, 'USD'],
    ]);
  });

  it('is taken only by a sending organisation, and changed only by it', async () => {
    const body = { donor: { kind: 'anonymous' }, expectedOn: daysFromToday(1), lines: [{ kind: 'goods', itemId: items.oil, quantityUnits: 1 }] };
    expectError(await w.people.partner.coordinator.call('POST', `/api/organisations/${w.partner.id}/pledges`, body), 403, 'forbidden', 'organisationId');
    expectError(await w.people.sending.field.call('POST', pledgeUrl(), body), 403, 'forbidden');
    expectError(await w.people.sending.monitor.call('POST', pledgeUrl(), body), 403, 'forbidden');
    const pledge = (await w.people.sending.coordinator.call('POST', pledgeUrl(), body)).json();
    expectError(await w.people.partner.coordinator.call('POST', `/api/pledges/${pledge.id}/cancel`, { reason: 'not theirs' }), 403, 'forbidden');
  });
});

describe('pledges: bad input is refused and changes nothing', () => {
  it('POST /api/organisations/:organisationId/pledges', async () => {
    const before = [await count('pledges'), await count('pledge_lines')];
    const ok = { donor: { kind: 'anonymous' }, expectedOn: daysFromToday(1), lines: [{ kind: 'goods', itemId: items.parcel, quantityUnits: 5, needLineId: parcelLine }] };
    const call = (body: unknown) => w.people.sending.coordinator.call('POST', pledgeUrl(), body);
    expectError(await call({ ...ok, lines: [{ kind: 'cash', currency: 'XYZ', amountMinor: 5 }] }), 400, 'invalid_input', 'body.lines.0.currency');
    expectError(await call({ ...ok, lines: [{ kind: 'cash', currency: 'USD', amountMinor: 1.5 }] }), 400, 'invalid_input', 'body.lines.0.amountMinor');
    expectError(await call({ ...ok, donor: { kind: 'individual', displayName: 'A', phone: '+970' } }), 400, 'invalid_input', 'body.donor.phone');
    expectError(await call({ ...ok, expectedOn: 'next week' }), 400, 'invalid_input', 'body.expectedOn');
    expectError(await call({ ...ok, lines: [{ kind: 'goods', itemId: items.rice, quantityUnits: 5, needLineId: parcelLine }] }), 422, 'rule_violated', 'lines.0.itemId');
    expectError(await call({ ...ok, donor: { kind: 'organisation', organisationId: items.rice } }), 422, 'rule_violated', 'donor.organisationId');
    const submittedOnly = await makeNeed('submitted');
    expectError(await call({ ...ok, lines: [{ kind: 'goods', itemId: items.parcel, quantityUnits: 5, needLineId: submittedOnly.lines[0].id }] }), 422, 'rule_violated', 'lines.0.needLineId');
    expect([await count('pledges'), await count('pledge_lines')]).toEqual(before);
  });

  it('POST /api/pledges/:pledgeId/cancel', async () => {
    const pledge = (await w.people.sending.coordinator.call('GET', '/api/pledges?limit=1')).json()[0];
    expectError(await w.people.sending.coordinator.call('POST', `/api/pledges/${pledge.id}/cancel`, { reason: '' }), 400, 'invalid_input', 'body.reason');
    expectError(await w.people.sending.coordinator.call('POST', `/api/pledges/${w.sending.id}/cancel`, { reason: 'x' }), 404, 'not_found', 'pledgeId');
    expect((await w.people.sending.coordinator.call('GET', `/api/pledges/${pledge.id}`)).json()).toEqual(pledge);
  });

  it('POST /api/pledges/:pledgeId/cash-receipts', async () => {
    const res = await w.people.sending.coordinator.call('POST', pledgeUrl(), {
      donor: { kind: 'anonymous' },
      expectedOn: daysFromToday(1),
      lines: [
        { kind: 'goods', itemId: items.oil, quantityUnits: 3 },
        { kind: 'cash', currency: 'EUR', amountMinor: 500 },
      ],
    });
    const pledge = res.json();
    const url = `/api/pledges/${pledge.id}/cash-receipts`;
    const call = (body: unknown) => w.people.sending.coordinator.call('POST', url, body);
    expectError(await call({ pledgeLineId: pledge.lines[1].id, amountMinor: 0, receivedOn: daysFromToday(0) }), 400, 'invalid_input', 'body.amountMinor');
    expectError(await call({ pledgeLineId: pledge.lines[0].id, amountMinor: 5, receivedOn: daysFromToday(0) }), 422, 'rule_violated', 'pledgeLineId');
    expectError(await call({ pledgeLineId: need.lines[0]!.id, amountMinor: 5, receivedOn: daysFromToday(0) }), 422, 'rule_violated', 'pledgeLineId');
    await w.people.sending.coordinator.call('POST', `/api/pledges/${pledge.id}/cancel`, { reason: 'changed mind' });
    expectError(await call({ pledgeLineId: pledge.lines[1].id, amountMinor: 5, receivedOn: daysFromToday(0) }), 422, 'rule_violated', 'status');
    expect((await w.people.sending.coordinator.call('GET', `/api/pledges/${pledge.id}`)).json().cashReceipts).toEqual([]);
  });

  it('GET /api/pledges and GET /api/pledges/:pledgeId', async () => {
    expectError(await w.people.partner.monitor.call('GET', '/api/pledges?needId=1'), 400, 'invalid_input', 'querystring.needId');
    expectError(await w.people.partner.monitor.call('GET', '/api/pledges?status=open'), 400, 'invalid_input', 'querystring.status');
    expectError(await w.people.partner.monitor.call('GET', '/api/pledges/nope'), 400, 'invalid_input', 'params.pledgeId');
    expectError(await w.people.partner.monitor.call('GET', `/api/pledges/${need.id}`), 404, 'not_found', 'pledgeId');
  });
});
