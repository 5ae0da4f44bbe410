import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, SYSTEM_USER_ID } from '../../src/domain/ids.js';
import { markExpiredLots } from '../../src/services/ledger/lots.js';
import { addMonths, isoDate } from '../../src/domain/ledger/expiry.js';
import type { AccountHistoryView, AccountView, LotDetailView, MovementsView, OperationView, PickView, StockCountSummaryView, StockCountView, StockRowView } from '../../src/domain/ledger/views.js';
import { openTestApp, seedWorld, type Caller, type TestApp, type World } from '../helpers/app.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

let t: TestApp;
let w: World;
let s: StockWorld;
let officer: Caller;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
  officer = w.people.sending.warehouse;
});
afterAll(() => t.close());

const org = () => w.sending.id;
const url = (path: string) => `/api/organisations/${org()}${path}`;
const today = isoDate(new Date());

/** Receives lots of one item at a site and returns them by code. */
async function receive(itemId: string, lots: { code: string; expiry: string | null; units: number }[], locationId = s.sites.isfahanMain.id) {
  const res = await officer.call('POST', url('/stock/intakes'), {
    id: newId(),
    locationId,
    source: 'purchase',
    lines: lots.map((l) => ({ itemId, lotCode: l.code, expiryDate: l.expiry, triage: 'urgent', quantityUnits: l.units })),
  });
  expect(res.statusCode, res.body).toBe(200);
  const op = res.json<OperationView>();
  return Object.fromEntries(op.lots.map((l) => [l.lotCode, l]));
}

async function get<T>(caller: Caller, path: string, status = 200): Promise<T> {
  const res = await caller.call('GET', path);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

describe('GET /stock: stock on hand with expiry-risk bands', () => {
  it('bands each lot by how soon it expires, and filters by band, site, item and lot', async () => {
    const lots = await receive(s.items.soap.id, [
      { code: 'B-EXPIRED', expiry: '2021-01-01', units: 1 },
      { code: 'B-SOON', expiry: addMonths(today, 1), units: 2 },
      { code: 'B-MID', expiry: addMonths(today, 6), units: 3 },
      { code: 'B-LATER', expiry: addMonths(today, 24), units: 4 },
      { code: 'B-NONE', expiry: null, units: 5 },
    ]);
    const stock = await get<StockRowView[]>(officer, url(`/stock?itemId=${s.items.soap.id}&locationId=${s.sites.isfahanMain.id}`));
    const band = Object.fromEntries(stock.map((r) => [r.lotCode, [r.expiryBand, r.status, r.quantityUnits]]));
    expect(band).toMatchObject({
      'B-EXPIRED': ['expired', 'expired', 1],
      'B-SOON': ['under-3-months', 'available', 2],
      'B-MID': ['under-9-months', 'available', 3],
      'B-LATER': ['later', 'available', 4],
      'B-NONE': ['no-expiry', 'available', 5],
    });
    const soon = await get<StockRowView[]>(officer, url(`/stock?itemId=${s.items.soap.id}&band=under-3-months`));
    expect(soon.map((r) => r.lotId)).toEqual([lots['B-SOON']!.id]);
    expect(stock.find((r) => r.lotCode === 'B-NONE')).toMatchObject({ itemCode: 'SOAP', locationId: s.sites.isfahanMain.id });
  });

  it("is the organisation's own: readable by its members with stock:read, not by others", async () => {
    for (const caller of [w.people.sending.field, w.people.sending.monitor, officer]) await get(caller, url('/stock'));
    await get(w.people.partner.warehouse, url('/stock'), 403);
    await get(w.anonymous, url('/stock'), 401);
    const theirs = await get<StockRowView[]>(w.people.partner.warehouse, `/api/organisations/${w.partner.id}/stock`);
    expect(theirs.every((r) => r.locationId === s.sites.deirMain.id)).toBe(true);
    await get(officer, url('/stock?band=someday'), 400);
  });
});

describe('GET /stock/pick: first expiry first out', () => {
  it('suggests the earliest-expiring available lots, then lots without expiry, and says what is short', async () => {
    const lots = await receive(s.items.oil.id, [
      { code: 'P-NONE', expiry: null, units: 10 },
      { code: 'P-LATE', expiry: addMonths(today, 20), units: 10 },
      { code: 'P-EARLY', expiry: addMonths(today, 2), units: 10 },
      { code: 'P-GONE', expiry: '2020-05-01', units: 10 },
      { code: 'P-HELD', expiry: addMonths(today, 1), units: 10 },
    ]);
    const held = await officer.call('PUT', url(`/lots/${lots['P-HELD']!.id}/status`), { status: 'quarantined', reason: 'label unreadable' });
    expect(held.statusCode).toBe(200);
    const base = `/stock/pick?locationId=${s.sites.isfahanMain.id}&itemId=${s.items.oil.id}`;
    const pick = await get<PickView>(officer, url(`${base}&quantityUnits=25`));
    expect(pick.lines.map((l) => [l.lotCode, l.quantityUnits])).toEqual([['P-EARLY', 10], ['P-LATE', 10], ['P-NONE', 5]]);
    expect(pick.shortUnits).toBe(0);
    const short = await get<PickView>(officer, url(`${base}&quantityUnits=50&usableUntil=${addMonths(today, 3)}`));
    expect(short.lines.map((l) => l.lotCode)).toEqual(['P-LATE', 'P-NONE']);
    expect(short.shortUnits).toBe(30);
    await get(officer, url(`${base}&quantityUnits=0`), 400);
    await get(officer, url(`${base}&quantityUnits=abc`), 400);
    const other = await w.people.partner.warehouse.call('GET', `/api/organisations/${w.partner.id}${base}&quantityUnits=1`);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.field).toBe('locationId');
  });
});

describe('PUT /lots/:lotId/status and GET /api/lots/:lotId', () => {
  it('quarantines and releases a lot, keeping its history; expiry cannot be set or undone by hand', async () => {
    const lots = await receive(s.items.rice.id, [{ code: 'S-1', expiry: addMonths(today, 12), units: 4 }, { code: 'S-OLD', expiry: '2022-02-02', units: 4 }]);
    const lotUrl = url(`/lots/${lots['S-1']!.id}/status`);
    expect((await officer.call('PUT', lotUrl, { status: 'quarantined', reason: 'temperature excursion' })).statusCode).toBe(200);
    const released = await officer.call('PUT', lotUrl, { status: 'available', reason: 'inspected: fine' });
    expect(released.json<LotDetailView>().statusChanges.map((c) => [c.fromStatus, c.toStatus, c.reason])).toEqual([
      ['available', 'quarantined', 'temperature excursion'],
      ['quarantined', 'available', 'inspected: fine'],
    ]);
    expect((await get<LotDetailView>(w.people.partner.field, `/api/lots/${lots['S-1']!.id}`)).status).toBe('available');
    const setExpired = await officer.call('PUT', lotUrl, { status: 'expired', reason: 'x' });
    expect(setExpired.statusCode).toBe(400);
    const revive = await officer.call('PUT', url(`/lots/${lots['S-OLD']!.id}/status`), { status: 'available', reason: 'looks fine' });
    expect(revive.statusCode).toBe(422);
    expect(revive.json().error.field).toBe('status');
    expect((await officer.call('PUT', lotUrl, { status: 'recalled' })).statusCode).toBe(400);
    const notHolder = await w.people.partner.warehouse.call('PUT', `/api/organisations/${w.partner.id}/lots/${lots['S-1']!.id}/status`, { status: 'recalled', reason: 'x' });
    expect(notHolder.statusCode).toBe(403);
    expect((await officer.call('PUT', url(`/lots/${newId()}/status`), { status: 'recalled', reason: 'x' })).statusCode).toBe(404);
    await get(officer, `/api/lots/${newId()}`, 404);
  });
});

describe('expiry sweep', () => {
  it('writes down that available lots past their date are expired, with a status change by the server', async () => {
    const lots = await receive(s.items.soap.id, [{ code: 'SWEEP-OLD', expiry: '2023-03-31', units: 2 }, { code: 'SWEEP-NEW', expiry: addMonths(today, 5), units: 2 }]);
    const stored = async (id: string) => (await t.store.query<{ status: string }>('select status from lots where id = $1', [id]))[0]!.status;
    expect(await stored(lots['SWEEP-OLD']!.id)).toBe('available'); // as recorded; reads already say expired
    expect(await markExpiredLots(t.store.db)).toBeGreaterThanOrEqual(1);
    expect(await stored(lots['SWEEP-OLD']!.id)).toBe('expired');
    expect(await stored(lots['SWEEP-NEW']!.id)).toBe('available');
    const detail = await get<LotDetailView>(officer, `/api/lots/${lots['SWEEP-OLD']!.id}`);
    expect(detail.statusChanges.at(-1)).toMatchObject({ fromStatus: 'available', toStatus: 'expired', reason: 'expiry date passed', userId: SYSTEM_USER_ID });
    expect(await markExpiredLots(t.store.db)).toBe(0);
  });
});

describe('kits', () => {
  it('assemble from first-expiring components into a lot that expires with the first of them, and come apart again', async () => {
    const rice = await receive(s.items.rice.id, [{ code: 'K-RICE-LATE', expiry: addMonths(today, 30), units: 20 }, { code: 'K-RICE-EARLY', expiry: addMonths(today, 10), units: 6 }], s.sites.isfahanAnnex.id);
    const oil = await receive(s.items.oil.id, [{ code: 'K-OIL', expiry: addMonths(today, 15), units: 10 }], s.sites.isfahanAnnex.id);
    const assembled = await officer.call('POST', url('/stock/kit-assemblies'), { id: newId(), locationId: s.sites.isfahanAnnex.id, kitItemId: s.items.parcel.id, kits: 5, lotCode: 'PARCEL-001' });
    expect(assembled.statusCode, assembled.body).toBe(200);
    const op = assembled.json<OperationView>();
    const kitLot = op.lots.find((l) => l.lotCode === 'PARCEL-001')!;
    // 10 rice: the 6 that expire first, then 4 of the later lot; 5 oil. The kit lot expires with the early rice.
    expect(kitLot.expiryDate).toBe(rice['K-RICE-EARLY']!.expiryDate);
    const used = Object.fromEntries(op.transfers.filter((tr) => tr.itemId !== s.items.parcel.id).map((tr) => [tr.lotId, tr.quantityUnits]));
    expect(used).toEqual({ [rice['K-RICE-EARLY']!.id]: 6, [rice['K-RICE-LATE']!.id]: 4, [oil['K-OIL']!.id]: 5 });
    expect(op.transfers.every((tr) => tr.kind === 'kit-assembly')).toBe(true);
    const annex = async () =>
      Object.fromEntries((await get<StockRowView[]>(officer, url(`/stock?locationId=${s.sites.isfahanAnnex.id}`))).filter((r) => r.lotCode.startsWith('K-') || r.lotCode.startsWith('PARCEL')).map((r) => [r.lotCode, r.quantityUnits]));
    expect(await annex()).toEqual({ 'K-RICE-LATE': 16, 'K-OIL': 5, 'PARCEL-001': 5 });

    const apart = await officer.call('POST', url('/stock/kit-disassemblies'), { id: newId(), locationId: s.sites.isfahanAnnex.id, kitLotId: kitLot.id, kits: 2, reason: 'rice needed loose' });
    expect(apart.statusCode, apart.body).toBe(200);
    const back = apart.json<OperationView>().transfers.filter((tr) => tr.itemId !== s.items.parcel.id).reduce((sum, tr) => sum + tr.quantityUnits, 0);
    expect(back).toBe(2 * 3);
    const after = await annex();
    expect(after['PARCEL-001']).toBe(3);
    expect((after['K-RICE-LATE'] ?? 0) + (after['K-RICE-EARLY'] ?? 0)).toBe(16 + 4);
    expect(after['K-OIL']).toBe(7);

    const tooMany = await officer.call('POST', url('/stock/kit-disassemblies'), { id: newId(), locationId: s.sites.isfahanAnnex.id, kitLotId: kitLot.id, kits: 4 });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error.field).toBe('kits');
  });

  it('refuse what cannot be assembled, naming the field', async () => {
    const assemble = (body: Record<string, unknown>) =>
      officer.call('POST', url('/stock/kit-assemblies'), { id: newId(), locationId: s.sites.isfahanMain.id, kitItemId: s.items.parcel.id, kits: 1, ...body });
    const notKit = await assemble({ kitItemId: s.items.rice.id });
    expect([notKit.statusCode, notKit.json().error.field]).toEqual([422, 'kitItemId']);
    const tooMany = await assemble({ kits: 100_000 });
    expect([tooMany.statusCode, tooMany.json().error.field]).toEqual([422, 'kits']);
    const wrongPicks = await assemble({ components: [{ itemId: s.items.rice.id, lotId: newId(), quantityUnits: 1 }] });
    expect(wrongPicks.statusCode).toBe(422);
    expect((await assemble({ kits: 0 })).statusCode).toBe(400);
    const bought = await receive(s.items.parcel.id, [{ code: 'READY-MADE', expiry: null, units: 3 }]);
    const unknownMake = await officer.call('POST', url('/stock/kit-disassemblies'), { id: newId(), locationId: s.sites.isfahanMain.id, kitLotId: bought['READY-MADE']!.id, kits: 1 });
    expect([unknownMake.statusCode, unknownMake.json().error.field]).toEqual([422, 'kitLotId']);
  });
});

describe('stock counts', () => {
  it('turn differences into adjustments to loss: and from gain: accounts, with reasons', async () => {
    const site = s.sites.isfahanAnnex.id;
    const lots = await receive(s.items.soap.id, [{ code: 'C-SHORT', expiry: null, units: 10 }, { code: 'C-EXTRA', expiry: null, units: 10 }, { code: 'C-RIGHT', expiry: null, units: 10 }], site);
    const countId = newId();
    const opened = await officer.call('POST', url('/stock/counts'), { id: countId, locationId: site, note: 'quarterly count' });
    expect(opened.statusCode, opened.body).toBe(200);
    const sheet = opened.json<StockCountView>();
    expect(sheet.lines.find((l) => l.lotCode === 'C-SHORT')).toMatchObject({ expectedUnits: 10, countedUnits: null });
    expect((await officer.call('POST', url('/stock/counts'), { id: countId, locationId: site, note: 'quarterly count' })).statusCode).toBe(200);
    expect((await officer.call('POST', url('/stock/counts'), { id: countId, locationId: s.sites.isfahanMain.id })).statusCode).toBe(409);

    const linesUrl = url(`/stock/counts/${countId}/lines`);
    const recorded = await officer.call('PUT', linesUrl, {
      lines: [
        { lotId: lots['C-SHORT']!.id, countedUnits: 7 },
        { lotId: lots['C-EXTRA']!.id, countedUnits: 12, reason: 'found' },
        { lotId: lots['C-RIGHT']!.id, countedUnits: 10 },
      ],
    });
    expect(recorded.json<StockCountView>().lines.find((l) => l.lotCode === 'C-SHORT')).toMatchObject({ countedUnits: 7, differenceUnits: -3 });
    const closeUrl = url(`/stock/counts/${countId}/close`);
    const noReason = await officer.call('POST', closeUrl, { id: newId() });
    expect([noReason.statusCode, noReason.json().error.field]).toEqual([422, 'lines']);
    expect(noReason.json().error.message).toMatch(/C-SHORT: counted 3 units fewer/);
    const wrongReason = await officer.call('PUT', linesUrl, { lines: [{ lotId: lots['C-SHORT']!.id, countedUnits: 7, reason: 'found' }] });
    expect(wrongReason.statusCode).toBe(200);
    expect((await officer.call('POST', closeUrl, { id: newId() })).statusCode).toBe(422);
    await officer.call('PUT', linesUrl, { lines: [{ lotId: lots['C-SHORT']!.id, countedUnits: 7, reason: 'damaged' }] });

    const closeId = newId();
    const closed = await officer.call('POST', closeUrl, { id: closeId });
    expect(closed.statusCode, closed.body).toBe(200);
    const view = closed.json<StockCountView>();
    expect(view).toMatchObject({ status: 'closed', closingOperationId: closeId });
    expect(view.lines.map((l) => [l.lotCode, l.expectedUnits, l.countedUnits, l.reason, l.adjustmentTransferId !== null])).toEqual([
      ['C-EXTRA', 10, 12, 'found', true],
      ['C-RIGHT', 10, 10, null, false],
      ['C-SHORT', 10, 7, 'damaged', true],
    ]);
    const adjustments = await t.store.query<{ code_from: string; code_to: string; q: number }>(
      `select f.code as code_from, tt.code as code_to, t.quantity_units as q from transfers t
       join ledger_accounts f on f.id = t.from_account_id join ledger_accounts tt on tt.id = t.to_account_id
       where t.operation_id = $1 order by t.chain_seq`,
      [closeId],
    );
    expect(adjustments).toEqual([
      { code_from: 'gain:found', code_to: `holding:${site}`, q: 2 },
      { code_from: `holding:${site}`, code_to: 'loss:damaged', q: 3 },
    ]);
    const stock = await get<StockRowView[]>(officer, url(`/stock?locationId=${site}&itemId=${s.items.soap.id}`));
    expect(Object.fromEntries(stock.map((r) => [r.lotCode, r.quantityUnits]))).toMatchObject({ 'C-SHORT': 7, 'C-EXTRA': 12, 'C-RIGHT': 10 });
    expect((await officer.call('POST', closeUrl, { id: closeId })).json()).toEqual(view);
    expect((await officer.call('PUT', linesUrl, { lines: [{ lotId: lots['C-RIGHT']!.id, countedUnits: 1 }] })).statusCode).toBe(422);
    expect((await officer.call('POST', closeUrl, { id: newId() })).statusCode).toBe(422);
  });

  it('are listed, open ones first, each with its site and lots counted out of the lots on its sheet', async () => {
    const site = s.sites.isfahanAnnex.id;
    const countId = newId();
    const sheet = (await officer.call('POST', url('/stock/counts'), { id: countId, locationId: site, note: 'monthly count' })).json<StockCountView>();
    expect(sheet.lines.length).toBeGreaterThan(1);
    await officer.call('PUT', url(`/stock/counts/${countId}/lines`), { lines: [{ lotId: sheet.lines[0]!.lotId, countedUnits: sheet.lines[0]!.expectedUnits }] });

    const list = await get<StockCountSummaryView[]>(w.people.sending.monitor, url(`/stock/counts?locationId=${site}`));
    expect(list[0]).toMatchObject({ id: countId, status: 'open', site: { id: site }, note: 'monthly count', closedAt: null, linesCounted: 1, linesTotal: sheet.lines.length });
    const statuses = list.map((c) => c.status);
    expect(statuses).toEqual([...statuses].sort((a, b) => (a === b ? 0 : a === 'open' ? -1 : 1)));
    // The count the test above closed: all three lots it counted, and no more, once closed.
    expect(list.find((c) => c.note === 'quarterly count')).toMatchObject({ status: 'closed', linesCounted: 3, linesTotal: 3, closedAt: expect.any(String) });

    const closedOnly = await get<StockCountSummaryView[]>(officer, url('/stock/counts?status=closed'));
    expect(closedOnly.length).toBeGreaterThan(0);
    expect(closedOnly.every((c) => c.status === 'closed' && c.organisationId === org())).toBe(true);
    expect((await get<StockCountSummaryView[]>(officer, url('/stock/counts?status=open&limit=500'))).map((c) => c.id)).toContain(countId);
    // Another organisation's counts are not in its list, and it may not read this one's.
    expect((await get<StockCountSummaryView[]>(w.people.partner.warehouse, `/api/organisations/${w.partner.id}/stock/counts`)).map((c) => c.id)).not.toContain(countId);
    expect((await w.people.partner.warehouse.call('GET', url('/stock/counts'))).statusCode).toBe(403);
    for (const [query, field] of [['status=pending', 'querystring.status'], ['locationId=annex', 'querystring.locationId'], ['limit=0', 'querystring.limit'], ['site=x', 'querystring.site']]) {
      const bad = await officer.call('GET', url(`/stock/counts?${query}`));
      expect([bad.statusCode, bad.json().error.field], query).toEqual([400, field]);
    }
  });

  it("are the organisation's own, and refuse bad lines", async () => {
    const countId = newId();
    expect((await officer.call('POST', url('/stock/counts'), { id: countId, locationId: s.sites.isfahanMain.id })).statusCode).toBe(200);
    expect((await w.people.partner.warehouse.call('GET', `/api/organisations/${w.partner.id}/stock/counts/${countId}`)).statusCode).toBe(404);
    expect((await w.people.sending.monitor.call('GET', url(`/stock/counts/${countId}`))).statusCode).toBe(200);
    const bad = await officer.call('PUT', url(`/stock/counts/${countId}/lines`), { lines: [{ lotId: newId(), countedUnits: -1 }] });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'body.lines.0.countedUnits']);
    const unknown = await officer.call('PUT', url(`/stock/counts/${countId}/lines`), { lines: [{ lotId: newId(), countedUnits: 1 }] });
    expect([unknown.statusCode, unknown.json().error.field]).toEqual([404, 'lines.0.lotId']);
    const elsewhere = await officer.call('POST', url('/stock/counts'), { id: newId(), locationId: s.sites.deirMain.id });
    expect([elsewhere.statusCode, elsewhere.json().error.field]).toEqual([403, 'locationId']);
  });
});

describe('ledger accounts, history and movements', () => {
  it("list an account's transfers with what each did to it, a page at a time, to its organisation only", async () => {
    const lots = await receive(s.items.rice.id, [{ code: 'H-1', expiry: null, units: 9 }], s.sites.isfahanAnnex.id);
    await officer.call('POST', url('/stock/handovers'), { id: newId(), fromLocationId: s.sites.isfahanAnnex.id, toLocationId: s.sites.deirMain.id, lines: [{ lotId: lots['H-1']!.id, quantityUnits: 4 }] });
    const accounts = await get<AccountView[]>(officer, url('/ledger/accounts'));
    const annex = accounts.find((a) => a.code === `holding:${s.sites.isfahanAnnex.id}`)!;
    expect(annex).toMatchObject({ kind: 'holding', organisationId: org(), locationId: s.sites.isfahanAnnex.id });
    expect(accounts.some((a) => a.locationId === s.sites.deirMain.id)).toBe(false);

    const all = await get<AccountHistoryView>(officer, url(`/ledger/accounts/${annex.id}/transfers?limit=1000`));
    const mine = all.entries.filter((e) => e.lotId === lots['H-1']!.id);
    expect(mine.map((e) => e.deltaUnits)).toEqual([9, -4]);
    const first = await get<AccountHistoryView>(officer, url(`/ledger/accounts/${annex.id}/transfers?limit=1`));
    expect(first.entries).toHaveLength(1);
    const second = await get<AccountHistoryView>(officer, url(`/ledger/accounts/${annex.id}/transfers?limit=1&afterSeq=${first.nextAfterSeq}`));
    expect(second.entries[0]!.seq).toBeGreaterThan(first.entries[0]!.seq);
    await get(w.people.partner.warehouse, `/api/organisations/${w.partner.id}/ledger/accounts/${annex.id}/transfers`, 404);
    await get(officer, url(`/ledger/accounts/${annex.id}/transfers?limit=0`), 400);
  });

  it("sum an item's movements in and out of the organisation over a period", async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const lots = await receive(s.items.oil.id, [{ code: 'M-1', expiry: null, units: 30 }]);
    await officer.call('POST', url('/stock/moves'), { id: newId(), fromLocationId: s.sites.isfahanMain.id, toLocationId: s.sites.isfahanAnnex.id, lines: [{ lotId: lots['M-1']!.id, quantityUnits: 10 }] });
    await officer.call('POST', url('/stock/handovers'), { id: newId(), fromLocationId: s.sites.isfahanAnnex.id, toLocationId: s.sites.deirMain.id, lines: [{ lotId: lots['M-1']!.id, quantityUnits: 6 }] });
    const to = new Date(Date.now() + 60_000).toISOString();
    const movements = await get<MovementsView>(officer, url(`/stock/movements?itemId=${s.items.oil.id}&from=${from}&to=${to}`));
    const ofLot = movements.transfers.filter((tr) => tr.lotId === lots['M-1']!.id);
    expect(ofLot.map((tr) => [tr.kind, tr.deltaUnits])).toEqual([['intake', 30], ['move', 0], ['handover', -6]]);
    const partner = await get<MovementsView>(w.people.partner.warehouse, `/api/organisations/${w.partner.id}/stock/movements?itemId=${s.items.oil.id}&from=${from}&to=${to}`);
    expect(partner.transfers.filter((tr) => tr.lotId === lots['M-1']!.id).map((tr) => tr.deltaUnits)).toEqual([6]);
    await get(officer, url(`/stock/movements?itemId=${s.items.oil.id}&from=${to}&to=${from}`), 400);
  });
});
