import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import type { ConsignmentView } from '../../src/domain/consignments/views.js';
import { openTestApp, seedWorld, type Caller, type TestApp, type World } from '../helpers/app.js';
import { daysFromToday, KHAN_YOUNIS, ok } from '../helpers/pipeline.js';
import { consignment, consignmentFixtures, type ConsignmentFixtures } from '../helpers/consignments.js';
import { distributionFixtures, serveNewHouseholds } from '../helpers/distributions.js';

/**
 * One need followed from the partner's request to households, through a consignment:
 * need → approval → pledge → intake → consignment picked FEFO and linked to the need line → pack
 * → dispatch → two checkpoints (the first rejects part of a line) → offloaded → collected →
 * received with a shortage → closed → distributed. The need's figures, the audit and the
 * conservation of every unit are checked along the way.
 */
let t: TestApp;
let w: World;
let f: ConsignmentFixtures;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

interface Coverage {
  neededUnits: number;
  pledgedUnits: number;
  pledgedNotSentUnits: number;
  inPipelineUnits: number;
  deliveredUnits: number;
  lostInTransitUnits: number;
  distributedUnits: number;
  coveredUnits: number;
  gapUnits: number;
  coverageRatio: number;
  fulfilmentRatio: number;
}
const coverageOf = async (needId: string) =>
  (await ok<{ lines: { coverage: Coverage }[] }>(w.people.partner.field.call('GET', `/api/needs/${needId}`))).lines[0]!.coverage;

/** Balances of every account holding some of the lots, by account code. */
async function balances(lotIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await t.store.query<{ code: string; units: string }>(
    `select a.code, sum(b.balance_units)::text as units from account_balances b join ledger_accounts a on a.id = b.account_id
      where b.lot_id = any($1::uuid[]) group by a.code`,
    [lotIds],
  );
  return new Map(rows.map((r) => [r.code, Number(r.units)]));
}

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  f = await consignmentFixtures(t, w);
});
afterAll(() => t.close());

describe('from a need to households, through a consignment', () => {
  it('keeps the need figures, the audit and every unit right at each step', async () => {
    const coordinator: Caller = w.people.sending.coordinator;
    const warehouse: Caller = w.people.sending.warehouse;
    const rice = f.items.rice;

    // Need, approved by the sending group.
    const need = await f.approvedNeed([{ itemId: rice, quantityUnits: 60 }]);
    const needLineId = need.lineOf(rice);

    // A donor pledges the 60 bags for the need line; they arrive in two lots.
    const pledge = await ok<{ id: string; lines: { id: string }[] }>(
      coordinator.call('POST', `/api/organisations/${w.sending.id}/pledges`, {
        donor: { kind: 'anonymous' },
        expectedOn: daysFromToday(2),
        lines: [{ kind: 'goods', itemId: rice, quantityUnits: 60, needLineId }],
      }),
      201,
    );
    const intake = await ok<{ lots: { id: string; lotCode: string }[] }>(
      warehouse.call('POST', `/api/organisations/${w.sending.id}/stock/intakes`, {
        id: newId(),
        locationId: f.places.warehouse,
        source: 'donation',
        donor: { anonymous: true },
        lines: [
          { itemId: rice, lotCode: 'J-LATE', expiryDate: daysFromToday(400), triage: 'urgent', quantityUnits: 30, pledgeLineId: pledge.lines[0]!.id },
          { itemId: rice, lotCode: 'J-SOON', expiryDate: daysFromToday(100), triage: 'urgent', quantityUnits: 30, pledgeLineId: pledge.lines[0]!.id },
        ],
      }),
    );
    const [late, soon] = ['J-LATE', 'J-SOON'].map((code) => intake.lots.find((l) => l.lotCode === code)!.id) as [string, string];
    // Bought rice that expires sooner still: first out.
    const bought = await f.stock(rice, 10, daysFromToday(50));
    expect(await coverageOf(need.id)).toMatchObject({ neededUnits: 60, pledgedUnits: 60, pledgedNotSentUnits: 60, coveredUnits: 60, inPipelineUnits: 0 });

    // The consignment: 60 bags for the need line, picked first-expiry-first-out.
    let c = await consignment(warehouse, 'POST', f.sendingUrl(), f.draftBody([{ itemId: rice, quantityUnits: 60, needLineId }]), 201);
    expect(c.lines.map((l) => [l.lotId, l.quantityUnits, l.needLineId])).toEqual([
      [bought, 10, needLineId],
      [soon, 30, needLineId],
      [late, 20, needLineId],
    ]);
    const lineOf = (lotId: string) => c.lines.find((l) => l.lotId === lotId)!;
    const lots = [bought, soon, late];
    const before = await balances(lots);
    const total = [...before.values()].filter((v) => v > 0).reduce((s, v) => s + v, 0);
    expect(total).toBe(70);

    await consignment(warehouse, 'POST', f.sendingUrl(c.id, '/pack'), { id: newId(), kind: 'box', occurredAt: hoursAgo(100) });
    c = await consignment(warehouse, 'POST', f.sendingUrl(c.id, '/dispatch'), { id: newId(), occurredAt: hoursAgo(99) });
    expect(c.handlingUnits.map((u) => `${u.number}/${u.total}`)).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
    expect(await coverageOf(need.id)).toMatchObject({ pledgedNotSentUnits: 0, inPipelineUnits: 60, coveredUnits: 60, lostInTransitUnits: 0 });

    // Checkpoint 1, the hub at Al-Arish: held under review for two days, 5 bags of one line rejected.
    const event = (body: object) => consignment(coordinator, 'POST', f.sendingUrl(c.id, '/events'), { id: newId(), ...body });
    await event({ kind: 'arrived', locationId: f.places.hub, occurredAt: hoursAgo(90) });
    await event({ kind: 'under_review', underReviewSince: daysFromToday(-3), occurredAt: hoursAgo(89) });
    c = await consignment(coordinator, 'POST', f.sendingUrl(c.id, '/inspections'), {
      id: newId(),
      locationId: f.places.hub,
      occurredAt: hoursAgo(40),
      lines: [
        { lineId: lineOf(bought).id, outcome: 'cleared' },
        { lineId: lineOf(soon).id, outcome: 'rejected', rejectedUnits: 5, reason: 'bags torn, rice wet' },
        { lineId: lineOf(late).id, outcome: 'cleared' },
      ],
    });
    await event({ kind: 'departed', occurredAt: hoursAgo(30) });
    expect(await coverageOf(need.id)).toMatchObject({ inPipelineUnits: 55, lostInTransitUnits: 5, coveredUnits: 55 });

    // Checkpoint 2, the crossing: cleared, offloaded, collected by the partner.
    await event({ kind: 'arrived', locationId: f.places.crossing, occurredAt: hoursAgo(20) });
    await consignment(coordinator, 'POST', f.sendingUrl(c.id, '/inspections'), { id: newId(), locationId: f.places.crossing, occurredAt: hoursAgo(12), lines: c.lines.map((l) => ({ lineId: l.id, outcome: 'cleared' })) });
    await event({ kind: 'offloaded', locationId: f.places.crossing, occurredAt: hoursAgo(10) });
    c = await consignment(w.people.partner.coordinator, 'POST', f.partnerUrl(c.id, '/events'), { id: newId(), kind: 'collected', occurredAt: hoursAgo(6) });
    expect(c.status).toBe('collected');
    expect(c.dwell.map((d) => [d.locationName, d.dwellHours, d.underReviewSince])).toEqual([
      ['Al-Arish logistics hub', 60, daysFromToday(-3)],
      ['Rafah crossing', 10, null],
    ]);

    // Received by the partner: two bags of the late lot missing.
    c = await consignment(w.people.partner.warehouse, 'POST', f.partnerUrl(c.id, '/receipt'), {
      id: newId(),
      occurredAt: hoursAgo(2),
      lines: [
        { lineId: lineOf(bought).id, goodUnits: 10, damagedUnits: 0, shortUnits: 0 },
        { lineId: lineOf(soon).id, goodUnits: 25, damagedUnits: 0, shortUnits: 0 },
        { lineId: lineOf(late).id, goodUnits: 18, damagedUnits: 0, shortUnits: 2, shortReason: 'pilfered', shortNote: 'two bags cut open at the crossing' },
      ],
    });
    expect([c.status, c.inTransitUnits]).toEqual(['received', 0]);
    expect(await coverageOf(need.id)).toMatchObject({ inPipelineUnits: 0, deliveredUnits: 53, lostInTransitUnits: 7, coveredUnits: 53, gapUnits: 7 });
    c = await consignment(coordinator, 'POST', f.sendingUrl(c.id, '/close'), { id: newId() });
    expect(c.status).toBe('closed');
    expect(c.events.map((e) => e.kind)).toEqual([
      'created',
      'packed',
      'dispatched',
      'arrived',
      'under_review',
      'inspected',
      'departed',
      'arrived',
      'inspected',
      'offloaded',
      'collected',
      'received',
      'closed',
    ]);

    // Distribution to three households from the partner's stock, for the same need line.
    const d = distributionFixtures(t);
    const point = await d.site(w.partner.id);
    const plan = await ok<{ id: string }>(
      w.people.partner.coordinator.call('POST', `/api/organisations/${w.partner.id}/distribution-plans`, {
        title: 'Rice round, Deir al-Balah',
        siteId: point,
        plannedOn: daysFromToday(0),
        householdsExpected: 3,
        lines: [{ itemId: rice, quantityUnits: 1, per: 'household', needLineId }],
      }),
      201,
    );
    await ok(
      w.people.partner.warehouse.call('POST', `/api/organisations/${w.partner.id}/distribution-plans/${plan.id}/issues`, {
        id: newId(),
        fromLocationId: f.places.partnerWarehouse,
        lines: [{ itemId: rice, quantityUnits: 3 }],
      }),
    );
    const householdIds = await serveNewHouseholds(w.people.partner.field, w.partner.id, plan.id, 3, {
      locationId: KHAN_YOUNIS,
      childrenUnder5Count: 1,
      schoolAgeChildrenCount: 1,
    });
    const coverage = await coverageOf(need.id);
    expect(coverage).toMatchObject({
      neededUnits: 60,
      pledgedUnits: 60,
      pledgedNotSentUnits: 0,
      inPipelineUnits: 0,
      deliveredUnits: 53,
      lostInTransitUnits: 7,
      distributedUnits: 3,
      coveredUnits: 53,
      gapUnits: 7,
    });
    expect(coverage.coverageRatio).toBeCloseTo(53 / 60, 10);
    expect(coverage.fulfilmentRatio).toBeCloseTo(3 / 60, 10);

    // The audit holds, and every unit is somewhere: 70 bags in, the same 70 accounted for.
    const audit = await ok<{ ok: boolean; conservation: { ok: boolean }; nonNegative: { ok: boolean } }>(w.people.sending.monitor.call('GET', '/api/audit/verification'));
    expect([audit.ok, audit.conservation.ok, audit.nonNegative.ok]).toEqual([true, true, true]);
    const after = await balances(lots);
    expect(Object.fromEntries([...after].filter(([, v]) => v !== 0))).toEqual({
      purchase: -10,
      'donation:anonymous': -60,
      [`holding:${f.places.warehouse}`]: 10,
      [`holding:${f.places.partnerWarehouse}`]: 50,
      [`distributed:${point}`]: 3,
      'loss:rejected-at-inspection': 5,
      'loss:missing-in-transit': 2,
    });
    expect(after.get(`transit:${c.id}`)).toBe(0);
    expect([...after.values()].reduce((s, v) => s + v, 0)).toBe(0);

    // Trace, as a monitor sees it: from the consignment to the households' governorate, without a
    // single household named, and with three households (fewer than five) not even counted.
    type Trace = {
      nodes: {
        kind: string;
        root: boolean;
        consignmentId: string | null;
        householdsServed: number | null;
        householdsSuppressed: boolean;
        governorate: { id: string } | null;
        checkpoints: { location: { id: string }; dwellHours: number; rejections: { lot: { id: string }; rejectedUnits: number; reason: string | null }[] }[];
      }[];
      totals: { receivedUnits: number; inStockUnits: number; inTransitUnits: number; distributedUnits: number; lostUnits: number; inKitsUnits: number }[];
    };
    const sum = (t: Trace, key: keyof Trace['totals'][number]) => t.totals.reduce((s, x) => s + x[key], 0);
    const accountedFor = (t: Trace) => ['inStockUnits', 'inTransitUnits', 'distributedUnits', 'lostUnits', 'inKitsUnits'].reduce((s, k) => s + sum(t, k as keyof Trace['totals'][number]), 0);
    const monitor = w.people.sending.monitor;
    const byConsignment = await ok<Trace>(monitor.call('GET', `/api/trace/consignments/${c.id}`));
    const road = byConsignment.nodes.find((n) => n.kind === 'consignment' && n.consignmentId === c.id)!;
    expect(road).toBeDefined();
    // Both checkpoints, in order, with their waits; the 5 torn bags were rejected at the hub, nothing at the crossing.
    expect(road.checkpoints.map((x) => [x.location.id, x.dwellHours])).toEqual([
      [f.places.hub, 60],
      [f.places.crossing, 10],
    ]);
    expect(road.checkpoints[0]!.rejections.map((r) => [r.lot.id, r.rejectedUnits, r.reason])).toEqual([[soon, 5, 'bags torn, rice wet']]);
    expect(road.checkpoints[1]!.rejections).toEqual([]);
    expect([sum(byConsignment, 'receivedUnits'), sum(byConsignment, 'inTransitUnits'), sum(byConsignment, 'distributedUnits'), sum(byConsignment, 'lostUnits')]).toEqual([70, 0, 3, 7]);
    expect(accountedFor(byConsignment)).toBe(sum(byConsignment, 'receivedUnits'));
    const handedOut = byConsignment.nodes.filter((n) => n.kind === 'distributed');
    expect(handedOut.length).toBe(1);
    expect(handedOut[0]).toMatchObject({ householdsServed: null, householdsSuppressed: true });
    expect(handedOut[0]!.governorate).not.toBeNull();
    const body = JSON.stringify(byConsignment);
    for (const id of householdIds) expect(body).not.toContain(id);
    // From the donor's pledge: the 60 bags given, every one of them somewhere.
    const byPledge = await ok<Trace>(monitor.call('GET', `/api/trace/pledges/${pledge.id}`));
    expect(byPledge.nodes.some((n) => n.kind === 'pledge' && n.root)).toBe(true);
    expect(sum(byPledge, 'receivedUnits')).toBe(60);
    expect(accountedFor(byPledge)).toBe(60);
    expect(sum(byPledge, 'inTransitUnits')).toBe(0);
  });
});
