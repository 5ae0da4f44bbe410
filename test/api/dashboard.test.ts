import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsignmentView } from '../../src/domain/consignments/views.js';
import type { DashboardView } from '../../src/domain/dashboard/views.js';
import { newId } from '../../src/domain/ids.js';
import { lossAccount } from '../../src/domain/ledger/accounts.js';
import type { OperationView } from '../../src/domain/ledger/views.js';
import { openTestApp, seedWorld, type Caller, type TestApp, type World } from '../helpers/app.js';
import { distributionFixtures, serveNewHouseholds } from '../helpers/distributions.js';
import { daysFromToday, DEIR_AL_BALAH, ok } from '../helpers/pipeline.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';
import { ledgerConsignment } from '../helpers/trace.js';
import { transfers } from '../../src/db/schema/index.js';
import { operator } from '../../src/services/context.js';
import { createDraftConsignment } from '../../src/services/consignments/create.js';
import { dispatchConsignment, packConsignment, recordConsignmentEvent } from '../../src/services/consignments/journey.js';
import { KHAN_YOUNIS } from '../helpers/pipeline.js';

/** The dashboard's figures, watched as one round of aid goes through the pipeline. */
let t: TestApp;
let w: World;
let s: StockWorld;

const board = (caller: Caller, query = '') => ok<DashboardView>(caller.call('GET', `/api/dashboard${query}`));
const stage = (d: DashboardView, name: string) => d.funnel.stages.find((x) => x.stage === name)!.quantityUnits;
const funnel = (d: DashboardView) => Object.fromEntries(d.funnel.stages.map((x) => [x.stage, x.quantityUnits]));
const loss = (d: DashboardView, reason: string) => d.losses.find((l) => l.reason === reason)?.quantityUnits ?? 0;

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
});
afterAll(() => t.close());

describe('GET /api/dashboard', () => {
  it('starts empty, then follows a need through pledge, intake, consignment and distribution', async () => {
    const monitor = w.people.sending.monitor;
    let d = await board(monitor);
    expect(d.scope.organisation).toBeNull();
    expect(d.funnel.stages.map((x) => x.stage)).toEqual(['needed', 'pledged', 'received', 'dispatched', 'cleared', 'delivered', 'distributed']);
    expect(d.funnel.stages.every((x) => x.quantityUnits === 0)).toBe(true);
    expect(d.checkpoints).toEqual({ available: true, waiting: [] });

    const need = await ok<{ id: string; lines: { id: string }[] }>(
      w.people.partner.field.call('POST', `/api/organisations/${w.partner.id}/needs`, {
        title: 'Rice for shelters',
        addressedTo: [w.sending.id],
        locationId: DEIR_AL_BALAH,
        priority: 'high',
        neededBy: daysFromToday(30),
        peopleToReach: 200,
        sector: 'food_security',
        lines: [{ itemId: s.items.rice.id, quantityUnits: 50 }],
      }),
      201,
    );
    // A draft is the partner's alone: not counted yet.
    expect(stage(await board(monitor), 'needed')).toBe(0);
    await ok(w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, {}));
    await ok(w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/approve`, {}));
    d = await board(monitor);
    expect(stage(d, 'needed')).toBe(50);
    expect(d.coverage.byGovernorate).toEqual([expect.objectContaining({ location: expect.objectContaining({ id: DEIR_AL_BALAH }), neededUnits: 50, coveredUnits: 0 })]);
    expect(d.coverage.bySector).toEqual([expect.objectContaining({ sector: 'food_security', neededUnits: 50 })]);

    const pledge = await ok<{ id: string; lines: { id: string }[] }>(
      w.people.sending.coordinator.call('POST', `/api/organisations/${w.sending.id}/pledges`, {
        donor: { kind: 'anonymous' },
        expectedOn: daysFromToday(3),
        lines: [{ kind: 'goods', itemId: s.items.rice.id, quantityUnits: 30, needLineId: need.lines[0]!.id }],
      }),
      201,
    );
    d = await board(monitor);
    expect(stage(d, 'pledged')).toBe(30);
    expect(d.coverage.byGovernorate[0]).toMatchObject({ coveredUnits: 30, coverageRatio: 0.6 });

    const intake = await ok<OperationView>(
      w.people.sending.warehouse.call('POST', `/api/organisations/${w.sending.id}/stock/intakes`, {
        id: newId(),
        locationId: s.sites.isfahanMain.id,
        source: 'donation',
        donor: { anonymous: true },
        lines: [
          { itemId: s.items.rice.id, lotCode: 'DASH-1', expiryDate: daysFromToday(60), triage: 'urgent', quantityUnits: 28, pledgeLineId: pledge.lines[0]!.id },
          { itemId: s.items.rice.id, lotCode: 'DASH-1', expiryDate: daysFromToday(60), triage: 'unusable', quantityUnits: 2, pledgeLineId: pledge.lines[0]!.id },
        ],
      }),
    );
    d = await board(monitor);
    expect(stage(d, 'received')).toBe(28);
    expect(loss(d, 'unusable-donation')).toBe(2);
    expect(d.expiring).toMatchObject({ within3MonthsUnits: 28, within9MonthsUnits: 28 });
    expect(d.expiring.byItem[0]).toMatchObject({ item: { code: 'RICE-5KG' }, within3MonthsUnits: 28 });

    const lot = { itemId: s.items.rice.id, lotId: intake.lots[0]!.id };
    const c = ledgerConsignment(t, w.sending.id);
    await c.dispatch(s.sites.isfahanMain.id, lot, 20);
    d = await board(monitor);
    expect(funnel(d)).toMatchObject({ dispatched: 20, cleared: 0, delivered: 0 });
    expect(d.expiring.within3MonthsUnits).toBe(8);
    await c.receive(s.sites.deirMain.id, w.partner.id, lot, 15);
    await c.lose(lot, 1);
    d = await board(monitor);
    expect(funnel(d)).toMatchObject({ dispatched: 20, cleared: 16, delivered: 15 });
    expect(loss(d, 'missing-in-transit')).toBe(1);

    const f = distributionFixtures(t);
    const point = await f.site(w.partner.id, 'distribution_point', DEIR_AL_BALAH);
    const plan = await f.plan(w.partner.id, { siteId: point, plannedOn: daysFromToday(0), lines: [{ itemId: s.items.rice.id, quantityUnits: 1, per: 'household', needLineId: need.lines[0]!.id }] });
    await f.issue(w.partner.id, plan.id, s.sites.deirMain.id, [{ itemId: s.items.rice.id, quantityUnits: 5 }]);
    await serveNewHouseholds(w.people.partner.field, w.partner.id, plan.id, 3, { memberCount: 3 });
    d = await board(monitor);
    expect(funnel(d)).toEqual({ needed: 50, pledged: 30, received: 28, dispatched: 20, cleared: 16, delivered: 15, distributed: 3 });
    expect(d.funnel.byItem).toEqual([
      expect.objectContaining({ item: expect.objectContaining({ code: 'RICE-5KG' }), neededUnits: 50, receivedUnits: 28, distributedUnits: 3 }),
    ]);
    expect(d.coverage.byGovernorate[0]).toMatchObject({ distributedUnits: 3 });
  });

  it("scopes figures to the reader's organisation: what it raised, took, received, sent and handed out", async () => {
    const partner = await board(w.people.partner.coordinator);
    expect(partner.scope.organisation?.id).toBe(w.partner.id);
    // The partner raised the need and received and handed out the rice; it took no pledge and lost nothing itself.
    expect(funnel(partner)).toEqual({ needed: 50, pledged: 0, received: 0, dispatched: 20, cleared: 16, delivered: 15, distributed: 3 });
    expect(partner.losses).toEqual([]);

    const sending = await board(w.people.sending.coordinator);
    expect(sending.scope.organisation?.id).toBe(w.sending.id);
    expect(funnel(sending)).toEqual({ needed: 50, pledged: 30, received: 28, dispatched: 20, cleared: 16, delivered: 15, distributed: 0 });
    expect(loss(sending, 'unusable-donation')).toBe(2);
    expect(loss(sending, 'missing-in-transit')).toBe(1);
    expect(sending.expiring.within3MonthsUnits).toBe(8);
    expect(partner.expiring.within3MonthsUnits).toBe(10 + 2);
  });

  it('lists consignments waiting at a checkpoint, with the checkpoint and the days waited', async () => {
    const ctx = { db: t.store.db, actor: operator };
    const id = newId();
    await createDraftConsignment(ctx, w.sending.id, {
      id,
      consigneeOrganisationId: w.partner.id,
      originLocationId: s.sites.isfahanMain.id,
      destinationLocationId: s.sites.deirMain.id,
      lines: [{ itemId: s.items.rice.id, quantityUnits: 2 }],
    });
    await packConsignment(ctx, w.sending.id, id, { id: newId(), kind: 'box' });
    await dispatchConsignment(ctx, w.sending.id, id, { id: newId() });
    await recordConsignmentEvent(ctx, w.sending.id, id, { id: newId(), kind: 'arrived', locationId: KHAN_YOUNIS });
    const d = await board(w.people.partner.coordinator);
    expect(d.checkpoints.waiting).toEqual([expect.objectContaining({ consignmentId: id, checkpoint: expect.objectContaining({ id: KHAN_YOUNIS }) })]);
    expect(d.checkpoints.waiting[0]!.daysWaited).toBeGreaterThanOrEqual(0);
    expect(d.checkpoints.waiting[0]!.reference.length).toBeGreaterThan(0);
    // A monitor sees it among everything shared.
    expect((await board(w.people.sending.monitor)).checkpoints.waiting.map((c) => c.consignmentId)).toContain(id);
  });

  it('breaks losses down by the reasons given at receipt and at inspection, adding up to each loss account', async () => {
    const sendingUrl = `/api/organisations/${w.sending.id}`;
    const intake = await ok<OperationView>(
      w.people.sending.warehouse.call('POST', `${sendingUrl}/stock/intakes`, {
        id: newId(),
        locationId: s.sites.isfahanMain.id,
        source: 'purchase',
        lines: [
          { itemId: s.items.oil.id, lotCode: 'WHY-OIL', expiryDate: daysFromToday(300), triage: 'urgent', quantityUnits: 10 },
          { itemId: s.items.soap.id, lotCode: 'WHY-SOAP', expiryDate: null, triage: 'urgent', quantityUnits: 10 },
        ],
      }),
    );
    const c = await ok<ConsignmentView>(
      w.people.sending.warehouse.call('POST', `${sendingUrl}/consignments`, {
        id: newId(),
        consigneeOrganisationId: w.partner.id,
        originLocationId: s.sites.isfahanMain.id,
        destinationLocationId: s.sites.deirMain.id,
        lines: [
          { itemId: s.items.oil.id, quantityUnits: 10 },
          { itemId: s.items.soap.id, quantityUnits: 10 },
        ],
      }),
      201,
    );
    const step = (rest: string, body: object, caller = w.people.sending.coordinator, org = w.sending.id) =>
      ok<ConsignmentView>(caller.call('POST', `/api/organisations/${org}/consignments/${c.id}${rest}`, { id: newId(), ...body }));
    const line = (lotId: string) => c.lines.find((l) => l.lotId === lotId)!.id;
    const [oil, soap] = [line(intake.lots.find((l) => l.lotCode === 'WHY-OIL')!.id), line(intake.lots.find((l) => l.lotCode === 'WHY-SOAP')!.id)];
    await step('/pack', { kind: 'box' });
    await step('/dispatch', {});
    await step('/events', { kind: 'arrived', locationId: KHAN_YOUNIS });
    await step('/inspections', { locationId: KHAN_YOUNIS, lines: [{ lineId: oil, outcome: 'rejected', rejectedUnits: 2, reason: 'not on the allowed list' }] });
    await step(
      '/receipt',
      {
        lines: [
          { lineId: oil, goodUnits: 5, damagedUnits: 2, damagedReason: 'wet', shortUnits: 1, shortReason: 'pilfered' },
          { lineId: soap, goodUnits: 6, damagedUnits: 3, damagedReason: 'crushed', shortUnits: 1, shortReason: 'other', shortNote: 'a box came open' },
        ],
      },
      w.people.partner.warehouse,
      w.partner.id,
    );

    // The earlier loss in transit was posted without a receipt (as receipts were before they took reasons): its reason is unknown.
    const expected = [
      { kind: 'written-off', reason: 'unusable-donation', account: 'unusable-donation', quantityUnits: 2 },
      { kind: 'damaged', reason: 'crushed', account: 'damaged-in-transit', quantityUnits: 3 },
      { kind: 'damaged', reason: 'wet', account: 'damaged-in-transit', quantityUnits: 2 },
      { kind: 'rejected', reason: 'not on the allowed list', account: 'rejected-at-inspection', quantityUnits: 2 },
      { kind: 'short', reason: null, account: 'missing-in-transit', quantityUnits: 1 },
      { kind: 'short', reason: 'pilfered', account: 'missing-in-transit', quantityUnits: 1 },
      { kind: 'short', reason: 'other', account: 'missing-in-transit', quantityUnits: 1 },
    ];
    const sorted = (causes: DashboardView['lossCauses']) => [...causes].sort((a, b) => a.kind.localeCompare(b.kind) || String(a.reason).localeCompare(String(b.reason)));
    const byAccount = (d: DashboardView) => {
      const sums = new Map<string, number>();
      for (const c of d.lossCauses) sums.set(c.account, (sums.get(c.account) ?? 0) + c.quantityUnits);
      return Object.fromEntries(sums);
    };
    const monitor = await board(w.people.sending.monitor);
    const sending = await board(w.people.sending.coordinator);
    for (const d of [monitor, sending]) {
      expect(sorted(d.lossCauses)).toEqual(sorted(expected as DashboardView['lossCauses']));
      expect(byAccount(d)).toEqual(Object.fromEntries(d.losses.map((l) => [l.reason, l.quantityUnits])));
      expect(loss(d, 'damaged-in-transit')).toBe(5);
      expect(loss(d, 'missing-in-transit')).toBe(3);
    }
    // The partner counted the losses, but they are the sender's: out of its transit account.
    expect((await board(w.people.partner.coordinator)).lossCauses).toEqual([]);

    // The partner finds the wet oil was a mistake and reverses its loss: the reason's units go with it, on both sides.
    const [wet] = await t.store.db
      .select({ id: transfers.id })
      .from(transfers)
      .where(and(eq(transfers.consignmentId, c.id), eq(transfers.toAccountId, lossAccount('damaged-in-transit').id), eq(transfers.itemId, s.items.oil.id)));
    await ok(w.people.partner.warehouse.call('POST', `/api/organisations/${w.partner.id}/stock/reversals`, { id: newId(), transferIds: [wet!.id], reason: 'counted twice' }));
    for (const d of [await board(w.people.sending.monitor), await board(w.people.sending.coordinator)]) {
      expect(d.lossCauses.filter((c) => c.kind === 'damaged')).toEqual([{ kind: 'damaged', reason: 'crushed', account: 'damaged-in-transit', quantityUnits: 3 }]);
      expect(byAccount(d)).toEqual(Object.fromEntries(d.losses.map((l) => [l.reason, l.quantityUnits])));
    }
  });

  it("refuses another organisation's dashboard except to monitors", async () => {
    const res = await w.people.partner.coordinator.call('GET', `/api/dashboard?organisationId=${w.sending.id}`);
    expect(res.statusCode, res.body).toBe(403);
    const seen = await board(w.people.partner.monitor, `?organisationId=${w.sending.id}`);
    expect(seen.scope.organisation?.id).toBe(w.sending.id);
    expect((await w.people.partner.coordinator.call('GET', '/api/dashboard?organisationId=nope')).statusCode).toBe(400);
    expect((await w.anonymous.call('GET', '/api/dashboard')).statusCode).toBe(401);
  });
});
