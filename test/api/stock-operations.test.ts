import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import type { OperationView, StockRowView } from '../../src/domain/ledger/views.js';
import { openTestApp, seedWorld, type Caller, type TestApp, type World } from '../helpers/app.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

let t: TestApp;
let w: World;
let s: StockWorld;
let officer: Caller; // warehouse officer of the sending group
let partnerOfficer: Caller;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
  officer = w.people.sending.warehouse;
  partnerOfficer = w.people.partner.warehouse;
});
afterAll(() => t.close());

const stockUrl = (org: string, path = '') => `/api/organisations/${org}/stock${path}`;
const rows = async () => (await t.store.query<{ n: number }>('select (select count(*) from transfers) + (select count(*) from lots) + (select count(*) from stock_operations) as n'))[0]!.n;

async function receive(quantityUnits: number, lotCode = `L-${newId().slice(0, 8)}`, expiryDate: string | null = '2031-06-30', itemId = s.items.rice.id) {
  const res = await officer.call('POST', stockUrl(w.sending.id, '/intakes'), {
    id: newId(),
    locationId: s.sites.isfahanMain.id,
    source: 'donation',
    donor: { organisationId: w.partner.id },
    lines: [{ itemId, lotCode, expiryDate, triage: 'urgent', quantityUnits }],
  });
  expect(res.statusCode).toBe(200);
  return res.json<OperationView>();
}

async function onHand(caller: Caller, org: string, query = ''): Promise<StockRowView[]> {
  const res = await caller.call('GET', `${stockUrl(org)}${query}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** Sends a request that must be refused, and checks it was refused as expected and wrote nothing. */
async function refused(caller: Caller, method: 'POST' | 'PUT', url: string, body: unknown, status: number, field?: string) {
  const before = await rows();
  const res = await caller.call(method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  if (field !== undefined) expect(res.json().error.field).toBe(field);
  expect(await rows()).toBe(before);
  return res.json().error as { code: string; message: string; field?: string };
}

describe('POST /stock/intakes', () => {
  it('receives a donation lot by lot; unusable goods go straight to loss:unusable-donation', async () => {
    const res = await officer.call('POST', stockUrl(w.sending.id, '/intakes'), {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'donation',
      donor: { individualRef: 'RCPT-0042' },
      occurredAt: '2025-03-01T09:30:00Z',
      lines: [
        { itemId: s.items.oil.id, lotCode: 'OIL-A1', expiryDate: '2031-02-28', triage: 'non-urgent', quantityUnits: 90 },
        { itemId: s.items.oil.id, lotCode: 'OIL-A1', expiryDate: '2031-02-28', triage: 'unusable', quantityUnits: 10 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const op = res.json<OperationView>();
    expect(op.transfers.map((tr) => [tr.fromAccountCode, tr.toAccountCode.split(':')[0], tr.quantityUnits, tr.reason])).toEqual([
      ['donation:individual:RCPT-0042', 'holding', 90, 'non-urgent'],
      ['donation:individual:RCPT-0042', 'loss', 10, 'unusable'],
    ]);
    expect(op.transfers[1]!.toAccountCode).toBe('loss:unusable-donation');
    expect(op.transfers[0]!.occurredAt).toBe('2025-03-01T09:30:00.000Z');
    expect(op.lots).toHaveLength(1);
    expect(op.lots[0]).toMatchObject({ lotCode: 'OIL-A1', expiryDate: '2031-02-28', triageClass: 'non-urgent', status: 'available' });
    const stock = await onHand(officer, w.sending.id, `?lotId=${op.lots[0]!.id}`);
    expect(stock.map((r) => r.quantityUnits)).toEqual([90]);
  });

  it('makes up a lot code for goods that carry none, and records purchases from the purchase account', async () => {
    const id = newId();
    const res = await officer.call('POST', stockUrl(w.sending.id, '/intakes'), {
      id,
      locationId: s.sites.isfahanMain.id,
      source: 'purchase',
      lines: [{ itemId: s.items.soap.id, triage: 'urgent', quantityUnits: 5 }],
    });
    expect(res.statusCode).toBe(200);
    const op = res.json<OperationView>();
    expect(op.lots[0]!.lotCode).toMatch(new RegExp(`^IN-\\d{8}-${id.slice(0, 8)}-1$`));
    expect(op.transfers[0]!.fromAccountCode).toBe('purchase');
  });

  it('answers a retry with the first result, and another request under the same id with 409', async () => {
    const body = { id: newId(), locationId: s.sites.isfahanMain.id, source: 'purchase', lines: [{ itemId: s.items.soap.id, lotCode: 'SOAP-RETRY', triage: 'urgent', quantityUnits: 5 }] };
    const first = await officer.call('POST', stockUrl(w.sending.id, '/intakes'), body);
    const before = await rows();
    const again = await officer.call('POST', stockUrl(w.sending.id, '/intakes'), body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await rows()).toBe(before);
    await refused(officer, 'POST', stockUrl(w.sending.id, '/intakes'), { ...body, lines: [{ ...body.lines[0], quantityUnits: 6 }] }, 409, 'id');
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const url = stockUrl(w.sending.id, '/intakes');
    const good = { id: newId(), locationId: s.sites.isfahanMain.id, source: 'purchase', lines: [{ itemId: s.items.soap.id, triage: 'urgent', quantityUnits: 5 }] };
    await refused(officer, 'POST', url, { ...good, lines: [] }, 400, 'body.lines');
    await refused(officer, 'POST', url, { ...good, lines: [{ ...good.lines[0], quantityUnits: 0 }] }, 400, 'body.lines.0.quantityUnits');
    await refused(officer, 'POST', url, { ...good, lines: [{ ...good.lines[0], quantityUnits: 2.5 }] }, 400, 'body.lines.0.quantityUnits');
    await refused(officer, 'POST', url, { ...good, lines: [{ ...good.lines[0], expiryDate: '31/12/2030' }] }, 400, 'body.lines.0.expiryDate');
    await refused(officer, 'POST', url, { ...good, lines: [{ ...good.lines[0], lotCode: 'has space' }] }, 400, 'body.lines.0.lotCode');
    await refused(officer, 'POST', url, { ...good, lines: [{ ...good.lines[0], triage: 'maybe' }] }, 400, 'body.lines.0.triage');
    await refused(officer, 'POST', url, { ...good, colour: 'red' }, 400, 'body.colour');
    await refused(officer, 'POST', url, { ...good, source: 'donation' }, 400, 'body.donor');
    await refused(officer, 'POST', url, { ...good, source: 'donation', donor: { anonymous: true, individualRef: 'X1' } }, 400, 'body.donor');
    await refused(officer, 'POST', url, { ...good, lines: [{ ...good.lines[0], triage: 'unusable' }] }, 400, 'body.lines.0.triage');
    await refused(officer, 'POST', url, { ...good, id: 'not-a-uuid' }, 400, 'body.id');
    await refused(officer, 'POST', url, { ...good, occurredAt: '2999-01-01T00:00:00Z' }, 422, 'occurredAt');
    await refused(officer, 'POST', url, { ...good, lines: [{ ...good.lines[0], itemId: newId() }] }, 404, 'lines.0.itemId');
    await refused(officer, 'POST', url, { ...good, source: 'donation', donor: { organisationId: newId() } }, 404, 'donor.organisationId');
    await refused(officer, 'POST', url, { ...good, locationId: newId() }, 404, 'locationId');
    const gazaStrip = (await t.store.query<{ id: string }>("select id from locations where pcode = 'PS02'"))[0]!.id;
    await refused(officer, 'POST', url, { ...good, locationId: gazaStrip }, 422, 'locationId');
    await refused(officer, 'POST', url, { ...good, locationId: s.sites.deirMain.id }, 403, 'locationId');
    await receive(3, 'SAME-CODE', '2030-01-01');
    await refused(officer, 'POST', url, { ...good, lines: [{ ...good.lines[0], itemId: s.items.rice.id, lotCode: 'SAME-CODE', expiryDate: '2030-02-01' }] }, 422, 'lines.0.expiryDate');
  });

  it('is for people with stock:write in that organisation only', async () => {
    const body = () => ({ id: newId(), locationId: s.sites.isfahanMain.id, source: 'purchase', lines: [{ itemId: s.items.soap.id, triage: 'urgent', quantityUnits: 1 }] });
    const url = stockUrl(w.sending.id, '/intakes');
    expect((await w.anonymous.call('POST', url, body())).statusCode).toBe(401);
    for (const caller of [w.people.sending.field, w.people.sending.monitor, partnerOfficer, w.people.partner.admin]) {
      expect((await caller.call('POST', url, body())).statusCode).toBe(403);
    }
    for (const caller of [w.people.sending.admin, w.people.sending.coordinator, officer, w.admin]) {
      expect((await caller.call('POST', url, body())).statusCode).toBe(200);
    }
  });
});

describe('POST /stock/moves and /stock/handovers', () => {
  it("move stock between the organisation's sites, and hand it over to another organisation's", async () => {
    const lot = (await receive(50)).lots[0]!;
    const moved = await officer.call('POST', stockUrl(w.sending.id, '/moves'), {
      id: newId(),
      fromLocationId: s.sites.isfahanMain.id,
      toLocationId: s.sites.isfahanAnnex.id,
      reason: 'make room',
      lines: [{ lotId: lot.id, quantityUnits: 20 }],
    });
    expect(moved.statusCode).toBe(200);
    const given = await officer.call('POST', stockUrl(w.sending.id, '/handovers'), {
      id: newId(),
      fromLocationId: s.sites.isfahanAnnex.id,
      toLocationId: s.sites.deirMain.id,
      lines: [{ lotId: lot.id, quantityUnits: 15 }],
    });
    expect(given.statusCode).toBe(200);
    expect(given.json<OperationView>().transfers[0]).toMatchObject({ kind: 'handover', organisationId: w.sending.id });
    expect((await onHand(officer, w.sending.id, `?lotId=${lot.id}`)).map((r) => [r.locationId, r.quantityUnits]).sort()).toEqual(
      [[s.sites.isfahanMain.id, 30], [s.sites.isfahanAnnex.id, 5]].sort(),
    );
    expect((await onHand(partnerOfficer, w.partner.id, `?lotId=${lot.id}`)).map((r) => r.quantityUnits)).toEqual([15]);
  });

  it("refuse to move another organisation's stock, or more than is there, and write nothing", async () => {
    const lot = (await receive(10)).lots[0]!;
    const move = (from: string, to: string, quantityUnits = 1) => ({ id: newId(), fromLocationId: from, toLocationId: to, lines: [{ lotId: lot.id, quantityUnits }] });
    // The partner's officer may not move the sending group's stock, through either URL.
    expect((await partnerOfficer.call('POST', stockUrl(w.sending.id, '/moves'), move(s.sites.isfahanMain.id, s.sites.isfahanAnnex.id))).statusCode).toBe(403);
    await refused(partnerOfficer, 'POST', stockUrl(w.partner.id, '/handovers'), move(s.sites.isfahanMain.id, s.sites.deirMain.id), 403, 'fromLocationId');
    await refused(officer, 'POST', stockUrl(w.sending.id, '/moves'), move(s.sites.isfahanMain.id, s.sites.deirMain.id), 422, 'toLocationId');
    await refused(officer, 'POST', stockUrl(w.sending.id, '/handovers'), move(s.sites.isfahanMain.id, s.sites.isfahanAnnex.id), 422, 'toLocationId');
    await refused(officer, 'POST', stockUrl(w.sending.id, '/moves'), move(s.sites.isfahanMain.id, s.sites.isfahanMain.id), 400, 'body.toLocationId');
    const overdraw = await refused(officer, 'POST', stockUrl(w.sending.id, '/moves'), move(s.sites.isfahanMain.id, s.sites.isfahanAnnex.id, 11), 422, 'lines.0.quantityUnits');
    expect(overdraw.message).toMatch(/holds 10 units/);
    await refused(officer, 'POST', stockUrl(w.sending.id, '/moves'), { ...move(s.sites.isfahanMain.id, s.sites.isfahanAnnex.id), lines: [{ lotId: newId(), quantityUnits: 1 }] }, 404, 'lines.0.lotId');
    await refused(
      officer,
      'POST',
      stockUrl(w.sending.id, '/moves'),
      { ...move(s.sites.isfahanMain.id, s.sites.isfahanAnnex.id), lines: [{ lotId: lot.id, quantityUnits: 1 }, { lotId: lot.id, quantityUnits: 1 }] },
      400,
      'body.lines.1.lotId',
    );
  });

  it('hand over available lots only: not quarantined, not expired', async () => {
    const expired = (await receive(5, 'OLD-LOT', '2020-01-01')).lots[0]!;
    expect(expired.status).toBe('expired');
    const doubtful = (await receive(5)).lots[0]!;
    const status = await officer.call('PUT', `/api/organisations/${w.sending.id}/lots/${doubtful.id}/status`, { status: 'quarantined', reason: 'smells of diesel' });
    expect(status.statusCode).toBe(200);
    for (const lot of [expired, doubtful]) {
      const error = await refused(officer, 'POST', stockUrl(w.sending.id, '/handovers'), { id: newId(), fromLocationId: s.sites.isfahanMain.id, toLocationId: s.sites.deirMain.id, lines: [{ lotId: lot.id, quantityUnits: 1 }] }, 422, 'lines.0.lotId');
      expect(error.message).toMatch(/only available lots/);
    }
    // Moving them within the organisation (e.g. to a quarantine store) is allowed.
    const move = await officer.call('POST', stockUrl(w.sending.id, '/moves'), { id: newId(), fromLocationId: s.sites.isfahanMain.id, toLocationId: s.sites.isfahanAnnex.id, lines: [{ lotId: doubtful.id, quantityUnits: 5 }] });
    expect(move.statusCode).toBe(200);
  });
});

describe('POST /stock/reversals', () => {
  it('undoes a transfer once, with a reason, and refuses bad requests', async () => {
    const op = await receive(8);
    const url = stockUrl(w.sending.id, '/reversals');
    const res = await officer.call('POST', url, { id: newId(), transferIds: [op.transfers[0]!.id], reason: 'typed 8 for 80' });
    expect(res.statusCode).toBe(200);
    expect(res.json<OperationView>().transfers[0]).toMatchObject({ kind: 'reversal', fromAccountCode: `holding:${s.sites.isfahanMain.id}`, quantityUnits: 8 });
    await refused(officer, 'POST', url, { id: newId(), transferIds: [op.transfers[0]!.id], reason: 'again' }, 409, 'transferIds.0');
    await refused(officer, 'POST', url, { id: newId(), transferIds: [newId()], reason: 'ghost' }, 404, 'transferIds.0');
    await refused(officer, 'POST', url, { id: newId(), transferIds: [op.transfers[0]!.id] }, 400, 'body.reason');
    await refused(officer, 'POST', url, { id: newId(), transferIds: [], reason: 'none' }, 400, 'body.transferIds');
    expect((await w.people.sending.field.call('POST', url, { id: newId(), transferIds: [op.transfers[0]!.id], reason: 'x' })).statusCode).toBe(403);
  });
});
