import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsignmentView } from '../../src/domain/consignments/views.js';
import { newId } from '../../src/domain/ids.js';
import type { TraceView } from '../../src/domain/trace/views.js';
import { openTestApp, seedWorld, type Caller, type TestApp, type World } from '../helpers/app.js';
import { consignment, consignmentFixtures, type ConsignmentFixtures } from '../helpers/consignments.js';
import { distributionFixtures, serveNewHouseholds } from '../helpers/distributions.js';
import { addOrganisation, daysFromToday, DEIR_AL_BALAH, ok } from '../helpers/pipeline.js';

/**
 * A trace from a handling unit, and the checkpoints of a consignment in every trace. A donor's
 * rice (40 bags) is received in Isfahan; 5 bags are moved to another store and never travel. 30
 * bags and 12 bottles of bought oil go in one consignment, packed in boxes (three of rice, one of
 * oil), held under review at the Al-Arish hub where 4 bags of rice are rejected, cleared at the
 * Rafah crossing, received by the partner and handed to six households.
 */
let t: TestApp;
let w: World;
let f: ConsignmentFixtures;
let donor: Awaited<ReturnType<typeof addOrganisation>>;
let otherDonor: Awaited<ReturnType<typeof addOrganisation>>;
let c: ConsignmentView;
let riceLot: string;
let point: string;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

const trace = (caller: Caller, path: string) => caller.call('GET', `/api/trace/${path}`);
const unitWith = (itemId: string) => c.handlingUnits.find((u) => u.contents.some((x) => c.lines.find((l) => l.id === x.lineId)!.itemId === itemId))!;
const nodeOf = (tr: TraceView, id: string) => {
  const n = tr.nodes.find((x) => x.id === id);
  expect(n, `node ${id} in ${tr.nodes.map((x) => x.id).join(', ')}`).toBeDefined();
  return n!;
};
const edge = (tr: TraceView, from: string, to: string) => tr.edges.filter((e) => e.from === from && e.to === to).reduce((sum, e) => sum + e.quantityUnits, 0);

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  f = await consignmentFixtures(t, w);
  donor = await addOrganisation(t, 'tabriz-donors', 'donor', 'Tabriz Donors Circle');
  otherDonor = await addOrganisation(t, 'ahvaz-donors', 'donor', 'Ahvaz Donors Circle');
  const warehouse = w.people.sending.warehouse;
  const intake = await ok<{ lots: { id: string }[] }>(
    warehouse.call('POST', `/api/organisations/${w.sending.id}/stock/intakes`, {
      id: newId(),
      locationId: f.places.warehouse,
      source: 'donation',
      donor: { organisationId: donor.org.id },
      lines: [{ itemId: f.items.rice, lotCode: 'HU-RICE-1', expiryDate: daysFromToday(300), triage: 'urgent', quantityUnits: 40 }],
    }),
  );
  riceLot = intake.lots[0]!.id;
  await f.stock(f.items.oil, 12, daysFromToday(200));
  // Five bags go to another store of the sender: they never travel in the consignment.
  await ok(
    warehouse.call('POST', `/api/organisations/${w.sending.id}/stock/moves`, {
      id: newId(),
      fromLocationId: f.places.warehouse,
      toLocationId: f.places.hold,
      lines: [{ lotId: riceLot, quantityUnits: 5 }],
    }),
  );

  c = await consignment(warehouse, 'POST', f.sendingUrl(), f.draftBody([
    { itemId: f.items.rice, quantityUnits: 30 },
    { itemId: f.items.oil, quantityUnits: 12 },
  ]), 201);
  await consignment(warehouse, 'POST', f.sendingUrl(c.id, '/pack'), { id: newId(), kind: 'box', occurredAt: hoursAgo(100) });
  c = await consignment(warehouse, 'POST', f.sendingUrl(c.id, '/dispatch'), { id: newId(), occurredAt: hoursAgo(99) });
  const coordinator = w.people.sending.coordinator;
  const event = (body: object) => consignment(coordinator, 'POST', f.sendingUrl(c.id, '/events'), { id: newId(), ...body });
  const riceLine = c.lines.find((l) => l.itemId === f.items.rice)!;
  await event({ kind: 'arrived', locationId: f.places.hub, occurredAt: hoursAgo(90) });
  await event({ kind: 'under_review', underReviewSince: daysFromToday(-4), occurredAt: hoursAgo(89) });
  await consignment(coordinator, 'POST', f.sendingUrl(c.id, '/inspections'), {
    id: newId(),
    locationId: f.places.hub,
    occurredAt: hoursAgo(50),
    lines: c.lines.map((l) => (l.id === riceLine.id ? { lineId: l.id, outcome: 'rejected', rejectedUnits: 4, reason: 'bags torn' } : { lineId: l.id, outcome: 'cleared' })),
  });
  await event({ kind: 'departed', occurredAt: hoursAgo(42) });
  await event({ kind: 'arrived', locationId: f.places.crossing, occurredAt: hoursAgo(30) });
  await event({ kind: 'offloaded', locationId: f.places.crossing, occurredAt: hoursAgo(18) });
  await consignment(w.people.partner.coordinator, 'POST', f.partnerUrl(c.id, '/events'), { id: newId(), kind: 'collected', occurredAt: hoursAgo(12) });
  c = await consignment(w.people.partner.warehouse, 'POST', f.partnerUrl(c.id, '/receipt'), {
    id: newId(),
    occurredAt: hoursAgo(6),
    lines: c.lines.map((l) => ({ lineId: l.id, goodUnits: l.itemId === f.items.rice ? 26 : 12, damagedUnits: 0, shortUnits: 0 })),
  });

  // Six households at a point in Deir al-Balah receive a bag each.
  const d = distributionFixtures(t);
  point = await d.site(w.partner.id, 'distribution_point', DEIR_AL_BALAH);
  const plan = await d.plan(w.partner.id, { siteId: point, plannedOn: daysFromToday(0), lines: [{ itemId: f.items.rice, quantityUnits: 1, per: 'household' }] });
  await d.issue(w.partner.id, plan.id, f.places.partnerWarehouse, [{ itemId: f.items.rice, quantityUnits: 8 }]);
  await serveNewHouseholds(w.people.partner.field, w.partner.id, plan.id, 6, { memberCount: 3 });
});
afterAll(() => t.close());

describe('trace of a handling unit', () => {
  it('starts from the unit and what it holds, into its consignment, back to the donor and on to the households', async () => {
    const unit = unitWith(f.items.rice);
    const tr = await ok<TraceView>(trace(donor.people.coordinator, `handling-units/${unit.id}`));
    expect(tr.root).toEqual({ kind: 'handling-unit', id: unit.id });
    const root = nodeOf(tr, `handling-unit:${unit.id}`);
    expect(root).toMatchObject({ root: true, kind: 'handling-unit', stage: 'transit', consignmentId: c.id, consignmentReference: c.reference });
    expect(root.handlingUnit).toMatchObject({ id: unit.id, code: unit.code, number: unit.number, total: unit.total, kind: 'box' });
    expect(root.handlingUnit!.contents.map((x) => [x.item.code, x.lot.lotCode, x.quantityUnits])).toEqual([['RICE-5KG', 'HU-RICE-1', 10]]);
    // The unit goes into its consignment with exactly what it holds.
    expect(edge(tr, root.id, `consignment:${c.id}`)).toBe(10);
    expect(tr.edges.find((e) => e.from === root.id)!.kinds).toEqual(['packed']);
    expect(tr.notes).toContain('handling-unit-part');

    // Upstream: the donor and the lot; downstream: the partner's warehouse, the point, six households.
    expect(edge(tr, `donor:org:${donor.org.id}`, `lot:${riceLot}`)).toBe(40);
    expect(edge(tr, `location:${f.places.warehouse}`, `consignment:${c.id}`)).toBe(30);
    expect(edge(tr, `consignment:${c.id}`, 'loss:rejected-at-inspection')).toBe(4);
    expect(edge(tr, `consignment:${c.id}`, `location:${f.places.partnerWarehouse}`)).toBe(26);
    expect(nodeOf(tr, `distributed:${point}`)).toMatchObject({ householdsServed: 6, householdsSuppressed: false });
    expect(nodeOf(tr, `governorate:${DEIR_AL_BALAH}`)).toMatchObject({ householdsServed: 6 });
    // Only the unit's lots are followed: not the oil, which travelled in another box.
    expect(tr.lotIds).toEqual([riceLot]);
  });

  it('leaves out where the unit’s goods cannot have gone: bags that stayed behind in another store', async () => {
    const unit = unitWith(f.items.rice);
    const byUnit = await ok<TraceView>(trace(w.people.sending.monitor, `handling-units/${unit.id}`));
    expect(byUnit.nodes.some((n) => n.id === `location:${f.places.hold}`)).toBe(false);
    // The lot's own trace shows them: the unit's is narrower.
    const byLot = await ok<TraceView>(trace(w.people.sending.monitor, `lots/${riceLot}`));
    expect(edge(byLot, `location:${f.places.warehouse}`, `location:${f.places.hold}`)).toBe(5);
    // Totals stay those of the whole lot: the ledger counts lots, not boxes.
    expect(byUnit.totals).toEqual(byLot.totals);
  });

  it('is found by the code on its label (the QR code), in any case', async () => {
    const unit = unitWith(f.items.rice);
    for (const code of [unit.code, unit.code.toLowerCase()]) {
      const tr = await ok<TraceView>(trace(w.people.partner.field, `handling-units/${code}`));
      expect(tr.root).toEqual({ kind: 'handling-unit', id: unit.id });
    }
  });

  it('answers 404 for an unknown unit, 400 for something that is neither an id nor a code', async () => {
    for (const path of [`handling-units/${newId()}`, 'handling-units/HU-ZZZZZZZZ']) {
      const res = await trace(w.people.sending.monitor, path);
      expect(res.statusCode, res.body).toBe(404);
    }
    const res = await trace(w.people.sending.monitor, 'handling-units/box-3');
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { field: string } }>().error.field).toContain('handlingUnitId');
  });

  it('may be read by the donor, the parties and monitors; not by another donor', async () => {
    const unit = unitWith(f.items.rice);
    for (const caller of [donor.people.field, w.people.sending.warehouse, w.people.partner.field, otherDonor.people.monitor, w.admin]) {
      expect((await trace(caller, `handling-units/${unit.id}`)).statusCode).toBe(200);
    }
    const res = await trace(otherDonor.people.coordinator, `handling-units/${unit.code}`);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    expect((await trace(w.anonymous, `handling-units/${unit.id}`)).statusCode).toBe(401);
  });
});

describe('checkpoints in the trace', () => {
  it('lists on the consignment the checkpoints it passed, in order, with dwell and what was rejected at each', async () => {
    const tr = await ok<TraceView>(trace(w.people.sending.monitor, `consignments/${c.id}`));
    const road = nodeOf(tr, `consignment:${c.id}`);
    expect(road.checkpoints.map((x) => [x.location.id, x.siteKind, x.dwellHours, x.underReviewSince])).toEqual([
      [f.places.hub, 'transit_hub', 48, daysFromToday(-4)],
      [f.places.crossing, 'border_crossing', 12, null],
    ]);
    const [hub, crossing] = road.checkpoints as [TraceView['nodes'][number]['checkpoints'][number], TraceView['nodes'][number]['checkpoints'][number]];
    expect(hub.steps).toEqual(['arrived', 'under_review', 'inspected', 'departed']);
    expect(crossing.steps).toEqual(['arrived', 'offloaded', 'collected']);
    expect(hub.rejections.map((r) => [r.item.code, r.lot.lotCode, r.rejectedUnits, r.reason, r.toLocation])).toEqual([['RICE-5KG', 'HU-RICE-1', 4, 'bags torn', null]]);
    expect(crossing.rejections).toEqual([]);
    expect((new Date(hub.leftAt!).getTime() - new Date(hub.arrivedAt).getTime()) / 3_600_000).toBeCloseTo(48, 2);
    // Other nodes carry none.
    expect(tr.nodes.filter((n) => n.kind !== 'consignment').every((n) => n.checkpoints.length === 0)).toBe(true);
  });

  it('for a handling unit, shows rejections only of the lines the unit carried', async () => {
    const oilBox = unitWith(f.items.oil);
    const riceBox = unitWith(f.items.rice);
    expect(oilBox.id).not.toBe(riceBox.id);
    const ofOil = nodeOf(await ok<TraceView>(trace(w.people.sending.monitor, `handling-units/${oilBox.id}`)), `consignment:${c.id}`);
    expect(ofOil.checkpoints.map((x) => x.location.id)).toEqual([f.places.hub, f.places.crossing]);
    expect(ofOil.checkpoints[0]!.rejections).toEqual([]);
    const ofRice = nodeOf(await ok<TraceView>(trace(w.people.sending.monitor, `handling-units/${riceBox.id}`)), `consignment:${c.id}`);
    expect(ofRice.checkpoints[0]!.rejections.map((r) => r.rejectedUnits)).toEqual([4]);
  });
});
