import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import type { ConsignmentView } from '../../src/domain/consignments/views.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { daysFromToday, expectError } from '../helpers/pipeline.js';
import { consignment, consignmentFixtures, packAndDispatch, type ConsignmentFixtures } from '../helpers/consignments.js';

/** Changing a consignment's route: freely before dispatch; on the way, only the road ahead, with a reason. */
let t: TestApp;
let w: World;
let f: ConsignmentFixtures;
const sender = () => w.people.sending.warehouse;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const placesOf = (c: ConsignmentView) => [c.route[0]!.from.id, ...c.route.map((l) => l.to.id)];

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  f = await consignmentFixtures(t, w);
});
afterAll(() => t.close());

async function dispatched(): Promise<ConsignmentView> {
  const lot = await f.stock(f.items.rice, 10, daysFromToday(400));
  const draft = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 10 }]), 201);
  return packAndDispatch(f, sender(), draft.id, hoursAgo(48));
}

describe('the route of a consignment', () => {
  it('changes freely before dispatch, with nothing added to the timeline', async () => {
    const lot = await f.stock(f.items.rice, 5, daysFromToday(400));
    const draft = await consignment(sender(), 'POST', f.sendingUrl(), f.draftBody([{ itemId: f.items.rice, lotId: lot, quantityUnits: 5 }]), 201);
    const direct = await consignment(sender(), 'PUT', f.sendingUrl(draft.id, '/route'), {
      id: newId(),
      legs: [{ fromLocationId: f.places.warehouse, toLocationId: f.places.partnerWarehouse, mode: 'road' }],
    });
    expect(placesOf(direct)).toEqual([f.places.warehouse, f.places.partnerWarehouse]);
    expect(direct.travelled.map((p) => p.id)).toEqual([f.places.warehouse]);
    expect(direct.events.map((e) => e.kind)).toEqual(['created']);
  });

  it('on the way keeps the part travelled, including planned stops passed unrecorded, and records why it changed', async () => {
    let c = await dispatched();
    // It is seen at the hub; the airport before it was passed without a record.
    const arrived = await w.people.sending.coordinator.call('POST', f.sendingUrl(c.id, '/events'), { id: newId(), kind: 'arrived', locationId: f.places.hub, occurredAt: hoursAgo(20) });
    expect(arrived.statusCode, arrived.body).toBe(200);
    c = arrived.json() as ConsignmentView;
    expect(c.travelled.map((p) => p.id)).toEqual([f.places.warehouse, f.places.airport, f.places.hub]);

    // The crossing closes: from the hub, straight to a holding store, then on to the partner.
    const ahead = [
      { fromLocationId: f.places.warehouse, toLocationId: f.places.airport, mode: 'road' },
      { fromLocationId: f.places.airport, toLocationId: f.places.hub, mode: 'air' },
      { fromLocationId: f.places.hub, toLocationId: f.places.hold, mode: 'road' },
      { fromLocationId: f.places.hold, toLocationId: f.places.partnerWarehouse, mode: 'road' },
    ];
    expectError(await sender().call('PUT', f.sendingUrl(c.id, '/route'), { id: newId(), legs: ahead }), 422, 'rule_violated', 'reason');
    // A route that never went by the hub rewrites where the goods have been.
    const skipsHub = [
      { fromLocationId: f.places.warehouse, toLocationId: f.places.airport, mode: 'road' },
      { fromLocationId: f.places.airport, toLocationId: f.places.crossing, mode: 'air' },
      { fromLocationId: f.places.crossing, toLocationId: f.places.partnerWarehouse, mode: 'road' },
    ];
    expectError(await sender().call('PUT', f.sendingUrl(c.id, '/route'), { id: newId(), legs: skipsHub, reason: 'crossing closed' }), 422, 'rule_violated', 'legs.1.toLocationId');
    // Only the sender sets the route.
    expectError(
      await w.people.partner.coordinator.call('PUT', f.partnerUrl(c.id, '/route'), { id: newId(), legs: ahead, reason: 'crossing closed' }),
      403,
      'forbidden',
      undefined,
    );

    const changed = await consignment(sender(), 'PUT', f.sendingUrl(c.id, '/route'), { id: newId(), legs: ahead, reason: 'Rafah crossing closed' });
    expect(placesOf(changed)).toEqual([f.places.warehouse, f.places.airport, f.places.hub, f.places.hold, f.places.partnerWarehouse]);
    expect(changed.status).toBe('at_checkpoint');
    expect(changed.events.at(-1)).toMatchObject({ kind: 'rerouted', note: 'Rafah crossing closed', userId: sender().userId, organisationId: w.sending.id, fromStatus: 'at_checkpoint', toStatus: 'at_checkpoint' });
    // The stay at the hub is not interrupted by the change.
    expect(changed.dwell).toHaveLength(1);
    expect(changed.dwell[0]).toMatchObject({ locationId: f.places.hub, leftAt: null });
  });

  it('follows a place off the planned route, and is fixed once the partner has received the goods', async () => {
    let c = await dispatched();
    for (const step of [
      { kind: 'arrived', locationId: f.places.hub, occurredAt: hoursAgo(30) },
      { kind: 'departed', occurredAt: hoursAgo(28) },
      // Not on the plan: the goods waited at the holding store.
      { kind: 'arrived', locationId: f.places.hold, occurredAt: hoursAgo(20) },
    ]) {
      const res = await w.people.sending.coordinator.call('POST', f.sendingUrl(c.id, '/events'), { id: newId(), ...step });
      expect(res.statusCode, res.body).toBe(200);
      c = res.json() as ConsignmentView;
    }
    expect(c.travelled.map((p) => p.id)).toEqual([f.places.warehouse, f.places.airport, f.places.hub, f.places.hold]);
    const fromHold = [
      { fromLocationId: f.places.warehouse, toLocationId: f.places.airport, mode: 'road' },
      { fromLocationId: f.places.airport, toLocationId: f.places.hub, mode: 'air' },
      { fromLocationId: f.places.hub, toLocationId: f.places.hold, mode: 'road' },
      { fromLocationId: f.places.hold, toLocationId: f.places.partnerWarehouse, mode: 'road' },
    ];
    c = await consignment(sender(), 'PUT', f.sendingUrl(c.id, '/route'), { id: newId(), legs: fromHold, reason: 'held at Al-Arish, then by road' });
    expect(c.events.filter((e) => e.kind === 'rerouted')).toHaveLength(1);

    const received = await w.people.partner.warehouse.call('POST', f.partnerUrl(c.id, '/receipt'), {
      id: newId(),
      lines: c.lines.map((l) => ({ lineId: l.id, goodUnits: l.quantityUnits, damagedUnits: 0, shortUnits: 0 })),
    });
    expect(received.statusCode, received.body).toBe(200);
    expectError(await sender().call('PUT', f.sendingUrl(c.id, '/route'), { id: newId(), legs: fromHold, reason: 'too late' }), 422, 'rule_violated', 'consignmentId');
  });
});
