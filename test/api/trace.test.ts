import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import type { OperationView } from '../../src/domain/ledger/views.js';
import type { TraceView } from '../../src/domain/trace/views.js';
import { openTestApp, seedWorld, type Caller, type TestApp, type World } from '../helpers/app.js';
import { distributionFixtures, serveNewHouseholds } from '../helpers/distributions.js';
import { addOrganisation, daysFromToday, DEIR_AL_BALAH, KHAN_YOUNIS, ok } from '../helpers/pipeline.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';
import { ledgerConsignment } from '../helpers/trace.js';

/**
 * The trace, end to end through the API: a donor organisation pledges rice to the Isfahan group,
 * which receives it (part of it unusable), moves it and hands it over to the partner in Gaza; the
 * partner issues it to two distribution points and hands it to households. The trace of the
 * pledge shows all of it, with households counted (never named) and small counts suppressed.
 */
let t: TestApp;
let w: World;
let s: StockWorld;
let donor: Awaited<ReturnType<typeof addOrganisation>>;
let otherDonor: Awaited<ReturnType<typeof addOrganisation>>;
let pledgeId: string;
let lotId: string;
let kitLotId: string;
let pointDeir: string;
let pointKhanYounis: string;

const trace = (caller: Caller, path: string) => caller.call('GET', `/api/trace/${path}`);
const sendingUrl = (rest: string) => `/api/organisations/${w.sending.id}${rest}`;
const partnerUrl = (rest: string) => `/api/organisations/${w.partner.id}${rest}`;


beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
  donor = await addOrganisation(t, 'yazd-donors', 'donor', 'Yazd Donors Circle');
  otherDonor = await addOrganisation(t, 'shiraz-donors', 'donor', 'Shiraz Donors Circle');
  const f = distributionFixtures(t);
  pointDeir = await f.site(w.partner.id, 'distribution_point', DEIR_AL_BALAH);
  pointKhanYounis = await f.site(w.partner.id, 'distribution_point', KHAN_YOUNIS);

  const pledge = await ok<{ id: string; lines: { id: string }[] }>(
    w.people.sending.coordinator.call('POST', sendingUrl('/pledges'), {
      donor: { kind: 'organisation', organisationId: donor.org.id },
      expectedOn: daysFromToday(5),
      lines: [{ kind: 'goods', itemId: s.items.rice.id, quantityUnits: 100 }],
    }),
    201,
  );
  pledgeId = pledge.id;
  const intake = await ok<OperationView>(
    w.people.sending.warehouse.call('POST', sendingUrl('/stock/intakes'), {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'donation',
      donor: { organisationId: donor.org.id },
      lines: [
        { itemId: s.items.rice.id, lotCode: 'TRACE-RICE-1', expiryDate: '2031-06-30', triage: 'urgent', quantityUnits: 96, pledgeLineId: pledge.lines[0]!.id },
        { itemId: s.items.rice.id, lotCode: 'TRACE-RICE-1', expiryDate: '2031-06-30', triage: 'unusable', quantityUnits: 4, pledgeLineId: pledge.lines[0]!.id },
      ],
    }),
  );
  lotId = intake.lots[0]!.id;
  // Some oil (bought) for the kits.
  await ok(
    w.people.sending.warehouse.call('POST', sendingUrl('/stock/intakes'), {
      id: newId(),
      locationId: s.sites.isfahanAnnex.id,
      source: 'purchase',
      lines: [{ itemId: s.items.oil.id, lotCode: 'TRACE-OIL-1', expiryDate: null, triage: 'urgent', quantityUnits: 10 }],
    }),
  );
  await ok(
    w.people.sending.warehouse.call('POST', sendingUrl('/stock/moves'), {
      id: newId(),
      fromLocationId: s.sites.isfahanMain.id,
      toLocationId: s.sites.isfahanAnnex.id,
      lines: [{ lotId, quantityUnits: 86 }],
    }),
  );
  // Five family parcels (2 rice + 1 oil each) made at the annex: 10 kg of the donor's rice go into kits.
  const kits = await ok<OperationView>(
    w.people.sending.warehouse.call('POST', sendingUrl('/stock/kit-assemblies'), {
      id: newId(),
      locationId: s.sites.isfahanAnnex.id,
      kitItemId: s.items.parcel.id,
      kits: 5,
      lotCode: 'TRACE-PARCEL-1',
    }),
  );
  kitLotId = kits.transfers[kits.transfers.length - 1]!.lotId;
  await ok(
    w.people.sending.warehouse.call('POST', sendingUrl('/stock/handovers'), {
      id: newId(),
      fromLocationId: s.sites.isfahanAnnex.id,
      toLocationId: s.sites.deirMain.id,
      lines: [{ lotId, quantityUnits: 60 }],
    }),
  );

  // The partner issues rice to two points, and hands one bag to each household.
  for (const [point, households] of [
    [pointDeir, 7],
    [pointKhanYounis, 2],
  ] as const) {
    const plan = await ok<{ id: string }>(
      w.people.partner.coordinator.call('POST', partnerUrl('/distribution-plans'), {
        title: 'Rice round',
        siteId: point,
        plannedOn: daysFromToday(0),
        householdsExpected: 10,
        lines: [{ itemId: s.items.rice.id, quantityUnits: 1, per: 'household' }],
      }),
      201,
    );
    await ok(
      w.people.partner.warehouse.call('POST', partnerUrl(`/distribution-plans/${plan.id}/issues`), {
        id: newId(),
        fromLocationId: s.sites.deirMain.id,
        lines: [{ itemId: s.items.rice.id, quantityUnits: 10 }],
      }),
    );
    await serveNewHouseholds(w.people.partner.field, w.partner.id, plan.id, households);
  }
});
afterAll(() => t.close());

const nodeOf = (tr: TraceView, id: string) => {
  const n = tr.nodes.find((x) => x.id === id);
  expect(n, `node ${id} in ${tr.nodes.map((x) => x.id).join(', ')}`).toBeDefined();
  return n!;
};
const edge = (tr: TraceView, from: string, to: string, itemCode?: string) =>
  tr.edges.filter((e) => e.from === from && e.to === to && (!itemCode || e.item.code === itemCode)).reduce((sum, e) => sum + e.quantityUnits, 0);

describe('trace of a pledge', () => {
  it('goes from the donor through the pledge, the lot, the warehouses and the sites to households counted per governorate', async () => {
    const tr = await ok<TraceView>(trace(donor.people.coordinator, `pledges/${pledgeId}`));
    expect(tr.root).toEqual({ kind: 'pledge', id: pledgeId });
    expect(nodeOf(tr, `pledge:${pledgeId}`)).toMatchObject({ root: true, stage: 'pledge' });
    const donorNode = nodeOf(tr, `donor:org:${donor.org.id}`);
    expect(donorNode).toMatchObject({ kind: 'donor', donorKind: 'organisation', stage: 'origin' });
    expect(donorNode.organisation?.names.en).toBe('Yazd Donors Circle');

    expect(edge(tr, `donor:org:${donor.org.id}`, `pledge:${pledgeId}`)).toBe(100);
    expect(edge(tr, `pledge:${pledgeId}`, `lot:${lotId}`)).toBe(100);
    expect(edge(tr, `lot:${lotId}`, `location:${s.sites.isfahanMain.id}`)).toBe(96);
    expect(edge(tr, `lot:${lotId}`, 'loss:unusable-donation')).toBe(4);
    expect(edge(tr, `location:${s.sites.isfahanMain.id}`, `location:${s.sites.isfahanAnnex.id}`)).toBe(86);
    expect(edge(tr, `location:${s.sites.isfahanAnnex.id}`, `location:${s.sites.deirMain.id}`)).toBe(60);
    expect(edge(tr, `location:${s.sites.deirMain.id}`, `location:${pointDeir}`)).toBe(10);
    expect(edge(tr, `location:${pointDeir}`, `distributed:${pointDeir}`)).toBe(7);
    expect(edge(tr, `location:${pointKhanYounis}`, `distributed:${pointKhanYounis}`)).toBe(2);
    expect(nodeOf(tr, `location:${pointDeir}`)).toMatchObject({ stage: 'site', siteKind: 'distribution_point' });
    expect(nodeOf(tr, `location:${s.sites.isfahanMain.id}`)).toMatchObject({ stage: 'store', siteKind: 'warehouse' });

    // Seven households at the Deir al-Balah point: shown, with the governorate.
    const deir = nodeOf(tr, `distributed:${pointDeir}`);
    expect(deir).toMatchObject({ householdsServed: 7, householdsSuppressed: false });
    expect(deir.governorate?.id).toBe(DEIR_AL_BALAH);
    expect(nodeOf(tr, `governorate:${DEIR_AL_BALAH}`)).toMatchObject({ householdsServed: 7, stage: 'area' });
    expect(edge(tr, `distributed:${pointDeir}`, `governorate:${DEIR_AL_BALAH}`)).toBe(7);
    // Two in Khan Younis: fewer than five, so neither the site's nor the governorate's count is shown.
    expect(nodeOf(tr, `distributed:${pointKhanYounis}`)).toMatchObject({ householdsServed: null, householdsSuppressed: true });
    expect(nodeOf(tr, `governorate:${KHAN_YOUNIS}`)).toMatchObject({ householdsServed: null, householdsSuppressed: true });
    expect(edge(tr, `distributed:${pointKhanYounis}`, `governorate:${KHAN_YOUNIS}`)).toBe(2);

    // The kit lot the donor's rice went into is followed, counted in kits.
    expect(tr.lotIds).toEqual(expect.arrayContaining([lotId, kitLotId]));
    expect(tr.notes).toContain('kits-followed');
    expect(edge(tr, `location:${s.sites.isfahanAnnex.id}`, `lot:${kitLotId}`, 'RICE-5KG')).toBe(10);
    expect(edge(tr, `lot:${kitLotId}`, `location:${s.sites.isfahanAnnex.id}`, 'KIT-FOOD')).toBe(5);
    expect(nodeOf(tr, `lot:${kitLotId}`).lot?.lotCode).toBe('TRACE-PARCEL-1');

    const rice = tr.totals.find((x) => x.item.code === 'RICE-5KG')!;
    expect(rice).toMatchObject({ receivedUnits: 100, lostUnits: 4, distributedUnits: 9, inKitsUnits: 10, inTransitUnits: 0 });
    // 100 received = 4 lost + 10 in kits + 9 handed out + the rest on shelves.
    expect(rice.inStockUnits).toBe(100 - 4 - 10 - 9);
    expect(tr.totals.find((x) => x.item.code === 'KIT-FOOD')).toMatchObject({ assembledUnits: 5, inStockUnits: 5 });
  });

  it('never names a household: no household id or pseudonym anywhere in the answer', async () => {
    const res = await trace(w.people.sending.monitor, `pledges/${pledgeId}`);
    expect(res.statusCode).toBe(200);
    const rows = await t.store.query<{ id: string; pseudonym: string }>('select id::text, pseudonym_key as pseudonym from households');
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const h of rows) {
      expect(res.body).not.toContain(h.id);
      expect(res.body).not.toContain(h.pseudonym);
    }
  });

  it('drops a reversed movement from the graph and the totals', async () => {
    const moved = await ok<OperationView>(
      w.people.sending.warehouse.call('POST', sendingUrl('/stock/moves'), {
        id: newId(),
        fromLocationId: s.sites.isfahanMain.id,
        toLocationId: s.sites.isfahanAnnex.id,
        lines: [{ lotId, quantityUnits: 3 }],
      }),
    );
    let tr = await ok<TraceView>(trace(w.people.sending.coordinator, `lots/${lotId}`));
    expect(edge(tr, `location:${s.sites.isfahanMain.id}`, `location:${s.sites.isfahanAnnex.id}`, 'RICE-5KG')).toBe(89);
    await ok(w.people.sending.warehouse.call('POST', sendingUrl('/stock/reversals'), { id: newId(), transferIds: [moved.transfers[0]!.id], reason: 'moved by mistake' }));
    tr = await ok<TraceView>(trace(w.people.sending.coordinator, `lots/${lotId}`));
    expect(edge(tr, `location:${s.sites.isfahanMain.id}`, `location:${s.sites.isfahanAnnex.id}`, 'RICE-5KG')).toBe(86);
    expect(tr.edges.every((e) => e.quantityUnits > 0)).toBe(true);
  });
});

describe('trace of a lot', () => {
  it('shows every donor of a lot received twice under one code, and says the lot is shared', async () => {
    await ok(
      w.people.sending.warehouse.call('POST', sendingUrl('/stock/intakes'), {
        id: newId(),
        locationId: s.sites.isfahanMain.id,
        source: 'donation',
        donor: { individualRef: 'RB-0042' },
        lines: [{ itemId: s.items.rice.id, lotCode: 'TRACE-RICE-1', expiryDate: '2031-06-30', triage: 'urgent', quantityUnits: 5 }],
      }),
    );
    const res = await trace(w.people.partner.field, `lots/${lotId}`);
    const tr = await ok<TraceView>(Promise.resolve(res));
    expect(tr.notes).toContain('shared-lot');
    expect(nodeOf(tr, `lot:${lotId}`)).toMatchObject({ root: true });
    expect(edge(tr, 'donor:individual', `lot:${lotId}`)).toBe(5);
    // The individual's receipt-book reference is not in the trace.
    expect(res.body).not.toContain('RB-0042');
  });
});

describe('trace of a consignment', () => {
  it('follows the lots carried, with what is on the road, received and lost in transit', async () => {
    const c = ledgerConsignment(t, w.sending.id);
    const lot = { itemId: s.items.rice.id, lotId };
    await c.dispatch(s.sites.isfahanMain.id, lot, 8);
    await c.receive(s.sites.deirMain.id, w.partner.id, lot, 5);
    await c.lose(lot, 1);
    const tr = await ok<TraceView>(trace(w.people.partner.coordinator, `consignments/${c.consignmentId}`));
    const road = `consignment:${c.consignmentId}`;
    expect(nodeOf(tr, road)).toMatchObject({ root: true, stage: 'transit', kind: 'consignment', consignmentId: c.consignmentId });
    expect(edge(tr, `location:${s.sites.isfahanMain.id}`, road)).toBe(8);
    expect(edge(tr, road, `location:${s.sites.deirMain.id}`)).toBe(5);
    expect(edge(tr, road, 'loss:missing-in-transit')).toBe(1);
    expect(tr.totals.find((x) => x.item.code === 'RICE-5KG')).toMatchObject({ inTransitUnits: 2 });
    // The donor of the lot may follow it through the consignment too; another donor may not.
    expect((await trace(donor.people.field, `consignments/${c.consignmentId}`)).statusCode).toBe(200);
    expect((await trace(otherDonor.people.field, `consignments/${c.consignmentId}`)).statusCode).toBe(403);
  });
});

describe('who may trace', () => {
  it('the donor, the organisations that handled the goods and monitors may; another donor may not', async () => {
    for (const caller of [donor.people.field, w.people.sending.warehouse, w.people.partner.field, otherDonor.people.monitor, w.admin]) {
      expect((await trace(caller, `pledges/${pledgeId}`)).statusCode).toBe(200);
    }
    for (const caller of [otherDonor.people.coordinator, otherDonor.people.admin]) {
      const res = await trace(caller, `pledges/${pledgeId}`);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('forbidden');
      expect((await trace(caller, `lots/${lotId}`)).statusCode).toBe(403);
    }
    expect((await trace(w.anonymous, `pledges/${pledgeId}`)).statusCode).toBe(401);
  });

  it('answers 404 for an unknown pledge, lot or consignment, and 400 for a malformed id', async () => {
    for (const path of [`pledges/${newId()}`, `lots/${newId()}`, `consignments/${newId()}`]) {
      expect((await trace(w.people.sending.monitor, path)).statusCode).toBe(404);
    }
    expect((await trace(w.people.sending.monitor, 'lots/not-a-uuid')).statusCode).toBe(400);
  });

  it('a pledge with nothing received yet is the pledge alone', async () => {
    const p = await ok<{ id: string }>(
      w.people.sending.coordinator.call('POST', sendingUrl('/pledges'), {
        donor: { kind: 'organisation', organisationId: otherDonor.org.id },
        expectedOn: daysFromToday(9),
        lines: [{ kind: 'goods', itemId: s.items.oil.id, quantityUnits: 3 }],
      }),
      201,
    );
    const tr = await ok<TraceView>(trace(otherDonor.people.field, `pledges/${p.id}`));
    expect(tr.nodes.map((n) => n.id)).toEqual([`pledge:${p.id}`]);
    expect(tr.edges).toEqual([]);
    expect(tr.totals).toEqual([]);
  });
});
