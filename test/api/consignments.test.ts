import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import type { ConsignmentView } from '../../src/domain/consignments/views.js';
import { transitAccount } from '../../src/domain/ledger/accounts.js';
import type { AccountHistoryView } from '../../src/domain/ledger/views.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { addOrganisation, daysFromToday, expectError } from '../helpers/pipeline.js';
import { fingerprint } from '../helpers/fingerprint.js';
import { consignment, consignmentFixtures, packAndDispatch, type ConsignmentFixtures } from '../helpers/consignments.js';

/** Consignments through the API: a draft from a FEFO pick, packing, dispatch, checkpoints, inspection, receipt, close. */
let t: TestApp;
let w: World;
let f: ConsignmentFixtures;
const sender = () => w.people.sending.warehouse;
const coordinator = () => w.people.sending.coordinator;
/** Every table but api_tokens, whose last-used time moves with each call. */
const written = async () => {
  const { api_tokens: _tokens, ...rest } = await fingerprint(t.store);
  return rest;
};
const stockAt = async (locationId: string, itemId: string) => {
  const res = await w.people.sending.monitor.call('GET', `/api/organisations/${w.sending.id}/stock?locationId=${locationId}&itemId=${itemId}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { lotId: string; quantityUnits: number }[]).reduce((m, r) => m.set(r.lotId, r.quantityUnits), new Map<string, number>());
};

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  f = await consignmentFixtures(t, w);
});
afterAll(() => t.close());

describe('a draft consignment', () => {
  it('is picked first-expiry-first-out, skipping expired, quarantined and too-short-lived lots, and linked to the need line', async () => {
    const later = await f.stock(f.items.oil, 100, daysFromToday(200));
    const sooner = await f.stock(f.items.oil, 30, daysFromToday(60));
    const tooSoon = await f.stock(f.items.oil, 50, daysFromToday(5));
    const quarantined = await f.stock(f.items.oil, 50, daysFromToday(40));
    await w.people.sending.warehouse.call('PUT', `/api/organisations/${w.sending.id}/lots/${quarantined}/status`, { status: 'quarantined', reason: 'seal broken' });
    const need = await f.approvedNeed([{ itemId: f.items.oil, quantityUnits: 200 }]);
    const c = await consignment(
      sender(),
      'POST',
      f.sendingUrl(),
      f.draftBody([{ itemId: f.items.oil, quantityUnits: 50, needLineId: need.lineOf(f.items.oil) }], { expectedArrivalOn: daysFromToday(20) }),
      201,
    );
    expect(c).toMatchObject({ status: 'draft', sender: { id: w.sending.id }, consignee: { id: w.partner.id }, origin: { id: f.places.warehouse }, destination: { id: f.places.partnerWarehouse } });
    expect(c.reference).toMatch(/^KV-\d{4}-[0-9A-Z]{6}$/);
    expect(c.lines.map((l) => [l.lotId, l.quantityUnits, l.needLineId])).toEqual([
      [sooner, 30, need.lineOf(f.items.oil)],
      [later, 20, need.lineOf(f.items.oil)],
    ]);
    expect(c.lines.map((l) => l.lotId)).not.toContain(tooSoon);
    expect(c.route.map((l) => [l.from.id, l.to.id, l.mode])).toEqual(f.route.map((l) => [l.fromLocationId, l.toLocationId, l.mode]));
    expect(c.events.map((e) => [e.kind, e.toStatus, e.locationId])).toEqual([['created', 'draft', f.places.warehouse]]);
    expect(c.allowedEvents).toEqual(['packed', 'cancelled']);
    expect(c.inTransitUnits).toBe(0);
    // The partner it is addressed to reads it too.
    const seen = await consignment(w.people.partner.monitor, 'GET', f.partnerUrl(c.id));
    expect(seen.id).toBe(c.id);
  });

  it('answers a retry with the same id with the same draft, and another request with that id with a 409', async () => {
    await f.stock(f.items.rice, 40, daysFromToday(300));
    const body = f.draftBody([{ itemId: f.items.rice, quantityUnits: 10 }]);
    const first = await consignment(sender(), 'POST', f.sendingUrl(), body, 201);
    const again = await consignment(sender(), 'POST', f.sendingUrl(), body, 201);
    expect(again).toEqual(first);
    expectError(await sender().call('POST', f.sendingUrl(), { ...body, lines: [{ itemId: f.items.rice, quantityUnits: 11 }] }), 409, 'conflict', 'id');
  });

  it('refuses what cannot be sent, naming the field, and writes nothing', async () => {
    await f.stock(f.items.rice, 5, daysFromToday(300));
    const need = await f.approvedNeed([{ itemId: f.items.oil, quantityUnits: 10 }]);
    const otherPartner = await addOrganisation(t, 'rafah-c', 'partner', 'Rafah committee');
    const before = await written();
    const cases: [object, number, string, string][] = [
      [f.draftBody([{ itemId: f.items.rice, quantityUnits: 1_000_000 }]), 422, 'rule_violated', 'lines.0.quantityUnits'],
      [f.draftBody([{ itemId: f.items.rice, quantityUnits: 1, needLineId: need.lineOf(f.items.oil) }]), 422, 'rule_violated', 'lines.0.needLineId'],
      [f.draftBody([{ itemId: f.items.rice, quantityUnits: 1, needLineId: newId() }]), 422, 'rule_violated', 'lines.0.needLineId'],
      [f.draftBody([{ itemId: newId(), quantityUnits: 1 }]), 404, 'not_found', 'lines.0.itemId'],
      [f.draftBody([{ itemId: f.items.rice, quantityUnits: 1 }], { consigneeOrganisationId: w.sending.id }), 422, 'rule_violated', 'consigneeOrganisationId'],
      [f.draftBody([{ itemId: f.items.rice, quantityUnits: 1 }], { consigneeOrganisationId: otherPartner.org.id }), 422, 'rule_violated', 'destinationLocationId'],
      [f.draftBody([{ itemId: f.items.rice, quantityUnits: 1 }], { originLocationId: f.places.partnerWarehouse, route: undefined, destinationLocationId: f.places.partnerWarehouse }), 400, 'invalid_input', 'body.destinationLocationId'],
      [f.draftBody([{ itemId: f.items.rice, quantityUnits: 1 }], { originLocationId: f.places.airport, route: undefined }), 422, 'rule_violated', 'originLocationId'],
      [f.draftBody([{ itemId: f.items.rice, quantityUnits: 1 }], { route: [f.route[0], f.route[2]] }), 400, 'invalid_input', 'body.route.1.fromLocationId'],
    ];
    for (const [body, status, code, field] of cases) expectError(await sender().call('POST', f.sendingUrl(), body), status, code, field);
    // Partners do not build consignments; a monitor of the sender does not either.
    expectError(await w.people.partner.coordinator.call('POST', `/api/organisations/${w.partner.id}/consignments`, f.draftBody([{ itemId: f.items.rice, quantityUnits: 1 }])), 403, 'forbidden');
    expectError(await w.people.sending.monitor.call('POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, quantityUnits: 1 }])), 403, 'forbidden');
    expect(await written()).toEqual(before);
  });

  it('takes more lines while a draft, merging a lot already on it, and a new route; not once packed', async () => {
    const lot = await f.stock(f.items.rice, 50, daysFromToday(500));
    const c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 10 }]), 201);
    const more = await consignment(sender(), 'POST', f.sendingUrl(c.id, '/lines'), { id: newId(), lines: [{ itemId: f.items.rice, lotId: lot, quantityUnits: 5, fragile: true }] });
    expect(more.lines.map((l) => [l.lotId, l.quantityUnits, l.fragile])).toEqual([[lot, 15, true]]);
    expectError(await sender().call('POST', f.sendingUrl(c.id, '/lines'), { id: newId(), lines: [{ itemId: f.items.rice, lotId: lot, quantityUnits: 36 }] }), 422, 'rule_violated', 'lines.0.quantityUnits');
    const direct = await consignment(sender(), 'PUT', f.sendingUrl(c.id, '/route'), { id: newId(), legs: [{ fromLocationId: f.places.warehouse, toLocationId: f.places.partnerWarehouse, mode: 'road' }] });
    expect(direct.route).toHaveLength(1);
    expectError(await sender().call('PUT', f.sendingUrl(c.id, '/route'), { id: newId(), legs: [{ fromLocationId: f.places.hub, toLocationId: f.places.partnerWarehouse }] }), 422, 'rule_violated', 'legs.0.fromLocationId');
    await consignment(sender(), 'POST', f.sendingUrl(c.id, '/pack'), { id: newId(), kind: 'parcel' });
    expectError(await sender().call('POST', f.sendingUrl(c.id, '/lines'), { id: newId(), lines: [{ itemId: f.items.rice, quantityUnits: 1 }] }), 422, 'rule_violated', 'consignmentId');
  });

  it("reserves its units: another draft's first-expiry pick and named lot skip what drafts and packed consignments plan to take, until cancelled or dispatched", async () => {
    // An item of its own, so that stock and drafts of the other tests play no part.
    const res = await w.admin.call('POST', '/api/items', { code: 'TARP-4X6', names: { en: 'Tarpaulin 4 × 6 m' }, sector: 'shelter', unit: 'sheet', weightKgPerUnit: 3, volumeM3PerUnit: 0.01 });
    expect(res.statusCode, res.body).toBe(201);
    const tarp = (res.json() as { id: string }).id;
    const first = await f.stock(tarp, 10, daysFromToday(300));
    const second = await f.stock(tarp, 10, daysFromToday(600));
    const a = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: tarp, quantityUnits: 6 }]), 201);
    expect(a.lines.map((l) => [l.lotId, l.quantityUnits])).toEqual([[first, 6]]);
    await consignment(sender(), 'POST', f.sendingUrl(a.id, '/pack'), { id: newId(), kind: 'box' });
    // The second draft gets the 4 sheets left of the first lot, then the next lot.
    const b = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: tarp, quantityUnits: 8 }]), 201);
    expect(b.lines.map((l) => [l.lotId, l.quantityUnits])).toEqual([
      [first, 4],
      [second, 4],
    ]);
    expectError(await sender().call('POST', f.sendingUrl(), f.draftBody([{ itemId: tarp, lotId: first, quantityUnits: 1 }])), 422, 'rule_violated', 'lines.0.quantityUnits');
    expectError(await sender().call('POST', f.sendingUrl(), f.draftBody([{ itemId: tarp, quantityUnits: 7 }])), 422, 'rule_violated', 'lines.0.quantityUnits');
    // Dispatched, the units have left the warehouse; cancelled, they are free again.
    await consignment(sender(), 'POST', f.sendingUrl(a.id, '/dispatch'), { id: newId() });
    await consignment(sender(), 'POST', f.sendingUrl(b.id, '/cancel'), { id: newId(), reason: 'plans changed' });
    const c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: tarp, quantityUnits: 14 }]), 201);
    expect(c.lines.map((l) => [l.lotId, l.quantityUnits])).toEqual([
      [first, 4],
      [second, 10],
    ]);
  });
});

describe('packing and dispatch', () => {
  it('packs into handling units numbered n/N within the weight limit, then dispatches into the transit account', async () => {
    const lot = await f.stock(f.items.rice, 30, daysFromToday(500));
    const need = await f.approvedNeed([{ itemId: f.items.rice, quantityUnits: 30 }]);
    const c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 30, needLineId: need.lineOf(f.items.rice) }]), 201);
    expectError(await sender().call('POST', f.sendingUrl(c.id, '/dispatch'), { id: newId() }), 422, 'rule_violated', 'kind');
    const packed = await consignment(sender(), 'POST', f.sendingUrl(c.id, '/pack'), { id: newId(), kind: 'box' });
    // 30 bags of 5 kg in boxes of at most 50 kg: 3 boxes of 10.
    expect(packed.status).toBe('packed');
    expect(packed.handlingUnits.map((u) => [u.number, u.total, u.kind, u.weightKg, u.contents[0]!.quantityUnits])).toEqual([
      [1, 3, 'box', 50, 10],
      [2, 3, 'box', 50, 10],
      [3, 3, 'box', 50, 10],
    ]);
    expect(new Set(packed.handlingUnits.map((u) => u.code)).size).toBe(3);
    expect(packed.handlingUnits[0]!.code).toMatch(/^HU-[0-9A-Z]{8}$/);
    expectError(await w.people.sending.monitor.call('POST', f.sendingUrl(c.id, '/dispatch'), { id: newId() }), 403, 'forbidden');
    const dispatchId = newId();
    const sent = await consignment(sender(), 'POST', f.sendingUrl(c.id, '/dispatch'), { id: dispatchId });
    expect(sent.status).toBe('in_transit');
    expect(sent.inTransitUnits).toBe(30);
    expect(sent.lines[0]!.ledger).toMatchObject({ dispatchedUnits: 30, inTransitUnits: 30 });
    expect((await stockAt(f.places.warehouse, f.items.rice)).get(lot)).toBeUndefined();
    // The transfers carry the consignment and the need line.
    const accounts = (await w.people.sending.monitor.call('GET', `/api/organisations/${w.sending.id}/ledger/accounts`)).json() as { id: string; code: string }[];
    const transit = accounts.find((a) => a.code === `transit:${c.id}`)!;
    const history = (await w.people.sending.monitor.call('GET', `/api/organisations/${w.sending.id}/ledger/accounts/${transit.id}/transfers`)).json() as {
      entries: { kind: string; quantityUnits: number; needLineId: string; consignmentId: string; operationId: string }[];
    };
    expect(history.entries.map((e) => [e.kind, e.quantityUnits, e.needLineId, e.consignmentId, e.operationId])).toEqual([['dispatch', 30, need.lineOf(f.items.rice), c.id, dispatchId]]);
    // A retry of the dispatch records nothing more; a second dispatch is out of order.
    expect(await consignment(sender(), 'POST', f.sendingUrl(c.id, '/dispatch'), { id: dispatchId })).toEqual(sent);
    expectError(await sender().call('POST', f.sendingUrl(c.id, '/dispatch'), { id: newId() }), 422, 'rule_violated', 'kind');
  });

  it('refuses to dispatch a lot that was quarantined after the draft, or stock that has gone, and posts nothing', async () => {
    const lot = await f.stock(f.items.rice, 10, daysFromToday(500));
    const c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 10 }]), 201);
    await consignment(sender(), 'POST', f.sendingUrl(c.id, '/pack'), { id: newId(), kind: 'pallet' });
    await sender().call('PUT', `/api/organisations/${w.sending.id}/lots/${lot}/status`, { status: 'quarantined', reason: 'recall notice' });
    const before = await written();
    expectError(await sender().call('POST', f.sendingUrl(c.id, '/dispatch'), { id: newId() }), 422, 'rule_violated', 'lines.0.lotId');
    expect(await written()).toEqual(before);
    await sender().call('PUT', `/api/organisations/${w.sending.id}/lots/${lot}/status`, { status: 'available', reason: 'recall was for another lot' });
    await sender().call('POST', `/api/organisations/${w.sending.id}/stock/moves`, { id: newId(), fromLocationId: f.places.warehouse, toLocationId: f.places.hold, lines: [{ lotId: lot, quantityUnits: 5 }] });
    expectError(await sender().call('POST', f.sendingUrl(c.id, '/dispatch'), { id: newId() }), 422, 'rule_violated', 'lines.0.quantityUnits');
    const after = await consignment(sender(), 'GET', f.sendingUrl(c.id));
    expect([after.status, after.inTransitUnits]).toEqual(['packed', 0]);
  });

  it('cancels a packed consignment, and nothing can follow', async () => {
    const lot = await f.stock(f.items.rice, 2, daysFromToday(500));
    const c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 2 }]), 201);
    await consignment(sender(), 'POST', f.sendingUrl(c.id, '/pack'), { id: newId(), kind: 'box' });
    const cancelled = await consignment(sender(), 'POST', f.sendingUrl(c.id, '/cancel'), { id: newId(), reason: 'flight cancelled' });
    expect([cancelled.status, cancelled.allowedEvents]).toEqual(['cancelled', []]);
    expectError(await sender().call('POST', f.sendingUrl(c.id, '/dispatch'), { id: newId() }), 422, 'rule_violated', 'kind');
  });
});

describe('the journey', () => {
  let c: ConsignmentView;
  let kitLot: string;
  let oilLot: string;
  beforeAll(async () => {
    kitLot = await f.kits(10);
    oilLot = await f.stock(f.items.oil, 20, daysFromToday(700));
    c = await consignment(
      sender(),
      'POST',
      f.sendingUrl(),
      f.draftBody([
        { itemId: f.items.parcel, lotId: kitLot, quantityUnits: 10 },
        { itemId: f.items.oil, lotId: oilLot, quantityUnits: 20, fragile: true },
      ]),
      201,
    );
    c = await packAndDispatch(f, sender(), c.id, new Date(Date.now() - 72 * 3_600_000).toISOString());
  });
  const event = (body: object, caller = coordinator()) => caller.call('POST', f.sendingUrl(c.id, '/events'), { id: newId(), ...body });

  it('records checkpoints with time, place and user; only the sender or its carrier may', async () => {
    expectError(await w.people.partner.coordinator.call('POST', f.partnerUrl(c.id, '/events'), { id: newId(), kind: 'arrived', locationId: f.places.airport }), 403, 'forbidden', 'consignmentId');
    expectError(await event({ kind: 'arrived' }), 400, 'invalid_input', 'body.locationId');
    expectError(await event({ kind: 'collected' }), 422, 'rule_violated', 'kind');
    expectError(await event({ kind: 'arrived', locationId: newId() }), 404, 'not_found', 'locationId');
    const arrived = await event({ kind: 'arrived', locationId: f.places.hub, occurredAt: new Date(Date.now() - 50 * 3_600_000).toISOString() });
    expect(arrived.statusCode, arrived.body).toBe(200);
    expectError(await event({ kind: 'under_review', occurredAt: new Date(Date.now() - 60 * 3_600_000).toISOString() }), 422, 'rule_violated', 'occurredAt');
    const held = await event({ kind: 'under_review', underReviewSince: daysFromToday(-2), occurredAt: new Date(Date.now() - 49 * 3_600_000).toISOString() });
    const view = held.json() as ConsignmentView;
    expect(view.status).toBe('at_checkpoint');
    expect(view.events.at(-1)).toMatchObject({ kind: 'under_review', locationId: f.places.hub, userId: coordinator().userId, organisationId: w.sending.id, underReviewSince: daysFromToday(-2) });
    expect(view.dwell).toHaveLength(1);
    expect(view.dwell[0]).toMatchObject({ locationId: f.places.hub, leftAt: null, underReviewSince: daysFromToday(-2) });
    expect(view.dwell[0]!.dwellHours).toBeGreaterThanOrEqual(49.9);
  });

  it('rejects at inspection: a whole-line quantity to a holding store, and the oil out of food parcels to loss', async () => {
    const oilLine = c.lines.find((l) => l.lotId === oilLot)!;
    const kitLine = c.lines.find((l) => l.lotId === kitLot)!;
    const inspect = (lines: object[], locationId = f.places.hub) => coordinator().call('POST', f.sendingUrl(c.id, '/inspections'), { id: newId(), locationId, lines });
    expectError(await inspect([{ lineId: oilLine.id, outcome: 'cleared' }], f.places.crossing), 422, 'rule_violated', 'locationId');
    expectError(await inspect([{ lineId: oilLine.id, outcome: 'rejected', rejectedUnits: 21, reason: 'leaking' }]), 422, 'rule_violated', 'lines.0.rejectedUnits');
    expectError(await inspect([{ lineId: oilLine.id, outcome: 'rejected', rejectedUnits: 2 }]), 400, 'invalid_input', 'body.lines.0.reason');
    expectError(await inspect([{ lineId: oilLine.id, outcome: 'rejected', rejectedUnits: 2, reason: 'x', componentItemId: f.items.rice }]), 422, 'rule_violated', 'lines.0.componentItemId');
    expectError(await inspect([{ lineId: newId(), outcome: 'cleared' }]), 404, 'not_found', 'lines.0.lineId');
    const res = await inspect([
      { lineId: oilLine.id, outcome: 'rejected', rejectedUnits: 4, reason: 'bottles leaking', toLocationId: f.places.hold },
      // 4 bottles of oil out of parcels of 3 each: 2 parcels opened, their 2 spare oil and 4 rice travel on loose.
      { lineId: kitLine.id, outcome: 'rejected', rejectedUnits: 4, componentItemId: f.items.oil, reason: 'oil not on the allowed list' },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    c = res.json() as ConsignmentView;
    const by = (id: string) => c.lines.find((l) => l.id === id)!;
    expect(by(oilLine.id).ledger).toMatchObject({ dispatchedUnits: 20, returnedUnits: 4, inTransitUnits: 16 });
    expect(by(kitLine.id).ledger).toMatchObject({ dispatchedUnits: 10, openedUnits: 2, inTransitUnits: 8 });
    const loose = c.lines.filter((l) => l.parentLineId === kitLine.id);
    const looseOil = loose.filter((l) => l.itemId === f.items.oil).reduce((s, l) => s + l.ledger.inTransitUnits, 0);
    const looseRice = loose.filter((l) => l.itemId === f.items.rice).reduce((s, l) => s + l.ledger.inTransitUnits, 0);
    expect([looseOil, looseRice]).toEqual([2, 4]);
    expect(loose.reduce((s, l) => s + l.ledger.rejectedUnits, 0)).toBe(4);
    expect(c.events.at(-1)!.inspection).toEqual([
      { lineId: oilLine.id, outcome: 'rejected', componentItemId: null, rejectedUnits: 4, kitsOpened: 0, reason: 'bottles leaking', toLocationId: f.places.hold, toLocationName: 'Al-Arish holding store' },
      { lineId: kitLine.id, outcome: 'rejected', componentItemId: f.items.oil, rejectedUnits: 4, kitsOpened: 2, reason: 'oil not on the allowed list', toLocationId: null, toLocationName: null },
    ]);
    expect((await stockAt(f.places.hold, f.items.oil)).get(oilLot)).toBe(4);
    expect(c.inTransitUnits).toBe(16 + 8 + 2 + 4);
  });

  it('goes on to the crossing, is offloaded and collected, and the partner counts it in: good, damaged and short, each with its reason', async () => {
    for (const body of [
      { kind: 'departed' },
      { kind: 'arrived', locationId: f.places.crossing },
      { kind: 'offloaded', locationId: f.places.crossing },
    ]) expect((await event(body)).statusCode).toBe(200);
    // The partner collects from the crossing itself.
    const collected = await w.people.partner.coordinator.call('POST', f.partnerUrl(c.id, '/events'), { id: newId(), kind: 'collected' });
    expect(collected.statusCode, collected.body).toBe(200);
    c = collected.json() as ConsignmentView;
    expect(c.events.slice(-4).map((e) => [e.kind, e.locationId])).toEqual([
      ['departed', f.places.hub],
      ['arrived', f.places.crossing],
      ['offloaded', f.places.crossing],
      ['collected', f.places.crossing],
    ]);
    expect(c.dwell.map((d) => d.locationId)).toEqual([f.places.hub, f.places.crossing]);
    expectError(await coordinator().call('POST', f.sendingUrl(c.id, '/close'), { id: newId() }), 422, 'rule_violated', 'kind');

    const open = c.lines.filter((l) => l.ledger.inTransitUnits > 0);
    const counts: { lineId: string; goodUnits: number; damagedUnits: number; shortUnits: number; [reason: string]: unknown }[] = open.map((l) => ({
      lineId: l.id,
      goodUnits: l.ledger.inTransitUnits,
      damagedUnits: 0,
      shortUnits: 0,
    }));
    const reasons = { damagedReason: 'crushed', damagedNote: 'pallet collapsed on the lorry', shortReason: 'pilfered' };
    counts[0] = { ...counts[0]!, goodUnits: counts[0]!.goodUnits - 2, damagedUnits: 1, shortUnits: 1, ...reasons };
    const receipt = (body: object, caller = w.people.partner.warehouse) => caller.call('POST', f.partnerUrl(c.id, '/receipt'), { id: newId(), ...body });
    const before = await written();
    // Each line's damaged and short units carry their own reason: required, from the list, and only with units.
    const { damagedReason: _d, ...noDamagedReason } = counts[0]!;
    expectError(await receipt({ lines: [noDamagedReason, ...counts.slice(1)] }), 400, 'invalid_input', 'body.lines.0.damagedReason');
    const { shortReason: _s, ...noShortReason } = counts[0]!;
    expectError(await receipt({ lines: [noShortReason, ...counts.slice(1)] }), 400, 'invalid_input', 'body.lines.0.shortReason');
    expectError(await receipt({ lines: [{ ...counts[0]!, damagedReason: 'eaten' }, ...counts.slice(1)] }), 400, 'invalid_input', 'body.lines.0.damagedReason');
    expectError(await receipt({ lines: [{ ...counts[0]!, shortReason: 'other' }, ...counts.slice(1)] }), 400, 'invalid_input', 'body.lines.0.shortNote');
    if (counts.length > 1) expectError(await receipt({ lines: [counts[0], { ...counts[1]!, damagedReason: 'wet' }, ...counts.slice(2)] }), 400, 'invalid_input', 'body.lines.1.damagedReason');
    expect(await written()).toEqual(before);
    expectError(await receipt({ lines: counts.slice(1) }), 422, 'rule_violated', 'lines');
    expectError(await receipt({ lines: [{ ...counts[0]!, goodUnits: counts[0]!.goodUnits + 1 }, ...counts.slice(1)] }), 422, 'rule_violated', 'lines.0');
    expectError(await w.people.sending.warehouse.call('POST', f.sendingUrl(c.id, '/receipt'), { id: newId(), lines: counts }), 403, 'forbidden');
    expectError(await receipt({ lines: counts, locationId: f.places.hold }), 422, 'rule_violated', 'locationId');
    const res = await receipt({ lines: counts });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json() as ConsignmentView;
    expect(c.status).toBe('received');
    expect(c.inTransitUnits).toBe(0);
    const first = c.lines.find((l) => l.id === counts[0]!.lineId)!;
    expect(first.ledger).toMatchObject({ damagedUnits: 1, shortUnits: 1, receivedUnits: counts[0]!.goodUnits, inTransitUnits: 0 });
    expect(c.events.at(-1)!.receipt!.find((r) => r.lineId === first.id)).toEqual({
      lineId: first.id,
      goodUnits: counts[0]!.goodUnits,
      damagedUnits: 1,
      damagedReason: 'crushed',
      damagedNote: 'pallet collapsed on the lorry',
      shortUnits: 1,
      shortReason: 'pilfered',
      shortNote: null,
    });
    // The reasons travel onto the loss transfers out of the sender's transit account.
    const history = await coordinator().call('GET', `/api/organisations/${w.sending.id}/ledger/accounts/${transitAccount(c.id, w.sending.id).id}/transfers`);
    expect(history.statusCode, history.body).toBe(200);
    const losses = (history.json() as AccountHistoryView).entries.filter((e) => e.kind === 'transit-loss');
    expect(losses.map((e) => [e.toAccountCode, e.quantityUnits, e.reason])).toEqual([
      ['loss:damaged-in-transit', 1, `consignment ${c.reference}, damaged in transit: crushed — pallet collapsed on the lorry`],
      ['loss:missing-in-transit', 1, `consignment ${c.reference}, short at receipt: pilfered`],
    ]);

    expectError(await w.people.partner.coordinator.call('POST', f.partnerUrl(c.id, '/close'), { id: newId() }), 403, 'forbidden');
    const closed = await consignment(coordinator(), 'POST', f.sendingUrl(c.id, '/close'), { id: newId() });
    expect([closed.status, closed.allowedEvents]).toEqual(['closed', []]);
  });

  it('is hidden from organisations that are no party to it', async () => {
    const other = await addOrganisation(t, 'khan-c', 'partner', 'Khan Younis committee');
    expectError(await other.people.coordinator.call('GET', `/api/organisations/${other.org.id}/consignments/${c.id}`), 404, 'not_found', 'consignmentId');
    const list = (await other.people.coordinator.call('GET', `/api/organisations/${other.org.id}/consignments`)).json() as unknown[];
    expect(list).toEqual([]);
    const mine = (await w.people.partner.field.call('GET', `${f.partnerUrl()}?role=consignee&status=closed`)).json() as { id: string }[];
    expect(mine.map((x) => x.id)).toContain(c.id);
  });
});

describe('a carrier', () => {
  it('named on the consignment reads it and records its checkpoints, but does not dispatch or receive it', async () => {
    const carrier = await addOrganisation(t, 'convoy', 'logistics', 'Sinai Convoy Logistics');
    const lot = await f.stock(f.items.rice, 6, daysFromToday(500));
    let c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 6 }], { carrierOrganisationId: carrier.org.id }), 201);
    expect(c.carrier).toEqual({ id: carrier.org.id, name: 'Sinai Convoy Logistics' });
    expectError(await sender().call('POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 1 }], { carrierOrganisationId: w.partner.id })), 422, 'rule_violated', 'carrierOrganisationId');
    await consignment(sender(), 'POST', f.sendingUrl(c.id, '/pack'), { id: newId(), kind: 'box' });
    const carrierUrl = (rest = '') => `/api/organisations/${carrier.org.id}/consignments/${c.id}${rest}`;
    expectError(await carrier.people.coordinator.call('POST', carrierUrl('/dispatch'), { id: newId() }), 403, 'forbidden');
    await consignment(sender(), 'POST', f.sendingUrl(c.id, '/dispatch'), { id: newId() });
    c = await consignment(carrier.people.coordinator, 'POST', carrierUrl('/events'), { id: newId(), kind: 'arrived', locationId: f.places.crossing });
    expect(c.events.at(-1)).toMatchObject({ kind: 'arrived', organisationId: carrier.org.id, userId: carrier.people.coordinator.userId });
    expect((await carrier.people.monitor.call('GET', `/api/organisations/${carrier.org.id}/consignments?role=carrier`)).json()).toHaveLength(1);
    expectError(await carrier.people.coordinator.call('POST', carrierUrl('/receipt'), { id: newId(), lines: [{ lineId: c.lines[0]!.id, goodUnits: 6, damagedUnits: 0, shortUnits: 0 }] }), 403, 'forbidden');
    const scan = await carrier.people.warehouse.call('POST', `/api/organisations/${carrier.org.id}/handling-units/${c.handlingUnits[0]!.code}/scans`, { id: newId(), latitude: 31.1, longitude: 34.2 });
    expect(scan.statusCode, scan.body).toBe(201);
  });
});

describe('printed papers', () => {
  it('prints a packing list and one label per unit with its QR code, marks, sender and consignee', async () => {
    const lot = await f.stock(f.items.oil, 60, daysFromToday(500));
    let c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.oil, lotId: lot, quantityUnits: 60, fragile: true }]), 201);
    c = await consignment(sender(), 'POST', f.sendingUrl(c.id, '/pack'), { id: newId(), kind: 'parcel' });
    const labels = await w.people.partner.monitor.call('GET', f.partnerUrl(c.id, '/labels'));
    expect(labels.statusCode, labels.body).toBe(200);
    expect(labels.headers['content-type']).toMatch(/^text\/html/);
    expect(labels.headers['content-security-policy']).toContain("default-src 'none'");
    // 60 bottles of 1 kg in parcels of at most 25 kg: 3 parcels, each labelled n/3 with its own QR code.
    expect(c.handlingUnits.map((u) => `${u.number}/${u.total}`)).toEqual(['1/3', '2/3', '3/3']);
    for (const u of c.handlingUnits) {
      expect(labels.body).toContain(`Parcel ${u.number}/${u.total}`);
      expect(labels.body).toContain(await QRCode.toString(u.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }));
    }
    expect(labels.body.match(/<section class="label">/g)).toHaveLength(3);
    expect(labels.body).toContain('FRAGILE');
    expect(labels.body).not.toContain('COLD CHAIN');
    expect(labels.body).toContain('Isfahan Relief Circle');
    expect(labels.body).toContain('Deir al-Balah Community Kitchen');
    expect(labels.body).toContain('OIL-1L');
    const list = await sender().call('GET', f.sendingUrl(c.id, '/packing-list'));
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`Packing list — consignment ${c.reference}`);
    for (const u of c.handlingUnits) expect(list.body).toContain(u.code);
    expect(list.body).not.toMatch(/<script/);
  });

  it('escapes what people typed', async () => {
    const { labelsHtml } = await import('../../src/http/print/consignments.js');
    const c = await consignment(sender(), 'GET', f.sendingUrl((await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.oil, quantityUnits: 1 }]), 201)).id));
    const html = await labelsHtml({ ...c, sender: { ...c.sender, name: '<script>alert(1)</script>' }, handlingUnits: [{ id: newId(), code: 'HU-AAAAAAAA', number: 1, total: 1, kind: 'box', coldChain: true, fragile: false, weightKg: 1, volumeM3: 0.001, contents: [{ lineId: c.lines[0]!.id, quantityUnits: 1 }], lastScan: null }] });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('COLD CHAIN');
  });
});

describe('handling unit scans', () => {
  it('records each scan with time and position, once per scan id, and shows them on the unit', async () => {
    const lot = await f.stock(f.items.rice, 4, daysFromToday(500));
    let c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 4 }]), 201);
    c = await packAndDispatch(f, sender(), c.id);
    const code = c.handlingUnits[0]!.code;
    const scanId = newId();
    const scan = { id: scanId, latitude: 31.13, longitude: 33.8, scannedAt: new Date(Date.now() - 60_000).toISOString() };
    const first = await w.people.sending.field.call('POST', `/api/organisations/${w.sending.id}/handling-units/${code}/scans`, scan);
    expect(first.statusCode, first.body).toBe(201);
    const again = await w.people.sending.field.call('POST', `/api/organisations/${w.sending.id}/handling-units/${code}/scans`, scan);
    expect(again.json()).toEqual(first.json());
    const byPartner = await w.people.partner.field.call('POST', `/api/organisations/${w.partner.id}/handling-units/${code}/scans`, { id: newId(), locationId: f.places.partnerWarehouse });
    expect(byPartner.statusCode, byPartner.body).toBe(201);
    expectError(await w.people.sending.field.call('POST', `/api/organisations/${w.sending.id}/handling-units/${code}/scans`, { id: newId(), latitude: 31 }), 400, 'invalid_input', 'body.longitude');
    expectError(await w.people.sending.field.call('POST', `/api/organisations/${w.sending.id}/handling-units/HU-00000000/scans`, { id: newId() }), 404, 'not_found', 'code');
    const unit = await w.people.partner.monitor.call('GET', `/api/organisations/${w.partner.id}/handling-units/${code}`);
    expect(unit.statusCode, unit.body).toBe(200);
    const detail = unit.json() as { number: number; consignment: { id: string }; scans: { latitude: number | null; locationId: string | null; userId: string }[] };
    expect(detail.consignment.id).toBe(c.id);
    expect(detail.scans.map((s) => [s.latitude, s.locationId, s.userId])).toEqual([
      [31.13, null, w.people.sending.field.userId],
      [null, f.places.partnerWarehouse, w.people.partner.field.userId],
    ]);
    const view = await consignment(sender(), 'GET', f.sendingUrl(c.id));
    expect(view.handlingUnits[0]!.lastScan).toMatchObject({ locationId: f.places.partnerWarehouse });
  });

  it("lists every scan of a consignment's units, the latest first, with who scanned; to its parties only", async () => {
    const lot = await f.stock(f.items.rice, 60, daysFromToday(500));
    let c = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 60 }]), 201);
    c = await packAndDispatch(f, sender(), c.id);
    const scansUrl = `${f.partnerUrl(c.id)}/scans`;
    const none = await w.people.partner.monitor.call('GET', scansUrl);
    expect([none.statusCode, none.json()]).toEqual([200, []]);
    const [one, two] = c.handlingUnits.map((u) => u.code);
    const scanAt = async (code: string, minutesAgo: number) => {
      const res = await w.people.sending.field.call('POST', `/api/organisations/${w.sending.id}/handling-units/${code}/scans`, { id: newId(), scannedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), latitude: 31.2, longitude: 34.1 });
      expect(res.statusCode, res.body).toBe(201);
    };
    await scanAt(one!, 30);
    await scanAt(two ?? one!, 10);
    const res = await w.people.partner.monitor.call('GET', scansUrl);
    expect(res.statusCode, res.body).toBe(200);
    const scans = res.json() as { code: string; consignmentId: string; userDisplayName: string }[];
    expect(scans.map((s) => [s.code, s.consignmentId, s.userDisplayName])).toEqual([
      [two ?? one!, c.id, 'field of sending'],
      [one!, c.id, 'field of sending'],
    ]);
    const other = await addOrganisation(t, 'khan-s', 'partner', 'Khan Younis scouts');
    expectError(await other.people.monitor.call('GET', `/api/organisations/${other.org.id}/consignments/${c.id}/scans`), 404, 'not_found', 'consignmentId');
  });
});
