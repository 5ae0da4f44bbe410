import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access.js';
import { newId } from '../../src/domain/ids.js';
import type { DistributionPlanView, SyncResultView } from '../../src/domain/distributions/views.js';
import type { OperationView } from '../../src/domain/ledger/views.js';
import { importDistributions } from '../../src/services/distributions/import.js';
import { openTestApp, seedWorld, TEST_PSEUDONYM_SECRET, type TestApp, type World } from '../helpers/app.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { fingerprint } from '../helpers/fingerprint.js';
import { daysFromToday, DEIR_AL_BALAH, expectError, ok, seedItems } from '../helpers/pipeline.js';

/**
 * Closing a distribution plan: who closed it and when, and what a closed plan still takes —
 * hand-overs made before the close (synced late by a device that was offline) and the return of
 * leftovers — and what it refuses: hand-overs made after the close, and more stock.
 */
let t: TestApp;
let w: World;
let items: Awaited<ReturnType<typeof seedItems>>;
let f: ReturnType<typeof distributionFixtures>;
let warehouse: string;
let point: string;

const org = () => w.partner.id;
const plansUrl = (rest = '') => `/api/organisations/${org()}/distribution-plans${rest}`;
const recordsUrl = (rest = '') => `/api/organisations/${org()}/distributions${rest}`;
const coordinator = () => w.people.partner.coordinator;
const field = () => w.people.partner.field;
const voucher = () => ({ kind: 'voucher', code: `V-${newId().slice(0, 8)}` });
const refusalOf = (res: { json(): unknown }) => (res.json() as { error: { reason?: string; details?: Record<string, unknown> } }).error;
const HOUR_MS = 3_600_000;

let documents = 0;
const household = async () =>
  (
    await ok<{ id: string }>(
      field().call('POST', `/api/organisations/${org()}/households`, { documentNumber: `81${String(++documents).padStart(7, '0')}`, locationId: DEIR_AL_BALAH, memberCount: 4 }),
      201,
    )
  ).id;

/** A plan for today at the distribution point, 20 parcels issued to it. */
async function stockedPlan(householdsExpected = 10) {
  const plan = await f.plan(org(), { siteId: point, plannedOn: daysFromToday(0), householdsExpected, lines: [{ itemId: items.parcel, quantityUnits: 1, per: 'household' }] });
  await f.issue(org(), plan.id, warehouse, [{ itemId: items.parcel, quantityUnits: 20 }]);
  return plan;
}
const record = async (planId: string, distributedAt: Date) => ({ id: newId(), planId, householdId: await household(), distributedAt: distributedAt.toISOString(), proof: voucher() });
const close = (planId: string, body?: unknown) => coordinator().call('POST', plansUrl(`/${planId}/close`), body);

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  items = await seedItems(w);
  f = distributionFixtures(t);
  warehouse = await f.warehouse(org());
  point = await f.site(org());
  await f.stock(org(), warehouse, items.parcel, 500, '2031-12-31');
});
afterAll(() => t.close());

describe('closing a distribution plan', () => {
  it('closes an open plan with a note: the plan shows it closed, when, by whom, and households served against those expected', async () => {
    const plan = await stockedPlan(10);
    expect(plan).toMatchObject({ status: 'open', closedAt: null, closedBy: null, closedByDisplayName: null, closingNote: null });
    await ok(field().call('POST', recordsUrl(), await record(plan.id, new Date())), 201);
    const before = Date.now();
    const closed = await ok<DistributionPlanView>(close(plan.id, { note: '  Rain stopped the queue; the rest come next week.  ' }));
    expect(closed).toMatchObject({
      status: 'closed',
      closedBy: coordinator().userId,
      closedByDisplayName: 'coordinator of partner',
      closingNote: 'Rain stopped the queue; the rest come next week.',
      householdsExpected: 10,
      progress: { householdsServed: 1 },
    });
    expect(Date.parse(closed.closedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(await ok<DistributionPlanView>(field().call('GET', plansUrl(`/${plan.id}`)))).toEqual(closed);
    const listed = await ok<DistributionPlanView[]>(field().call('GET', plansUrl()));
    expect(listed.find((p) => p.id === plan.id)).toMatchObject({ status: 'closed', closedAt: closed.closedAt });
  });

  it('closes without a body or a note', async () => {
    const plan = await stockedPlan();
    expect(await ok<DistributionPlanView>(close(plan.id))).toMatchObject({ status: 'closed', closingNote: null });
  });

  it('refuses to close a plan twice (409 plan_closed, with the first closing time) and keeps the first close', async () => {
    const plan = await stockedPlan();
    const first = await ok<DistributionPlanView>(close(plan.id, { note: 'done' }));
    const again = await w.people.partner.admin.call('POST', plansUrl(`/${plan.id}/close`), { note: 'done again' });
    expectError(again, 409, 'conflict', 'planId');
    expect(refusalOf(again)).toMatchObject({ reason: 'plan_closed', details: { closedAt: first.closedAt } });
    expect(await ok<DistributionPlanView>(field().call('GET', plansUrl(`/${plan.id}`)))).toMatchObject({ closedBy: coordinator().userId, closingNote: 'done', closedAt: first.closedAt });
  });

  it('refuses a field officer (403), an unknown plan (404) and an empty note (400)', async () => {
    const plan = await stockedPlan();
    expectError(await field().call('POST', plansUrl(`/${plan.id}/close`), {}), 403, 'forbidden');
    expectError(await close(newId()), 404, 'not_found', 'planId');
    expectError(await close(plan.id, { note: '  ' }), 400, 'invalid_input', 'body.note');
    expect(await ok<DistributionPlanView>(field().call('GET', plansUrl(`/${plan.id}`)))).toMatchObject({ status: 'open' });
  });
});

describe('what a closed plan takes and refuses', () => {
  it("refuses a hand-over recorded after the close, even as a coordinator's exception: 409 plan_closed with the closing time and the hand-over time, nothing written", async () => {
    const plan = await stockedPlan();
    const { closedAt } = await ok<DistributionPlanView>(close(plan.id));
    const late = await record(plan.id, new Date());
    const before = await fingerprint(t.store);
    const res = await field().call('POST', recordsUrl(), late);
    expectError(res, 409, 'conflict', 'planId');
    expect(refusalOf(res)).toEqual(expect.objectContaining({ reason: 'plan_closed', details: { closedAt, distributedAt: late.distributedAt } }));
    // A coordinator's exception sets entitlement rules aside, not the close.
    expectError(await coordinator().call('POST', recordsUrl(), { ...late, id: newId(), exception: { reason: 'came late' } }), 409, 'conflict', 'planId');
    expect(await fingerprint(t.store)).toEqual(before);
  });

  it('records hand-overs made before the close when an offline device syncs them afterwards, and refuses those made after, each with its reason', async () => {
    const plan = await stockedPlan();
    // The tablet recorded two families an hour before the close, offline; a third record is made after it.
    const earlier = [await record(plan.id, new Date(Date.now() - HOUR_MS)), await record(plan.id, new Date(Date.now() - HOUR_MS + 60_000))];
    const { closedAt } = await ok<DistributionPlanView>(close(plan.id));
    const after = await record(plan.id, new Date());
    const { results } = await ok<SyncResultView>(field().call('POST', recordsUrl('/sync'), { records: [...earlier, after] }));
    expect(results.map((r) => r.outcome)).toEqual(['recorded', 'recorded', 'refused']);
    expect(results[2]!.error).toMatchObject({ code: 'conflict', field: 'records.2.planId', reason: 'plan_closed', details: { closedAt, distributedAt: after.distributedAt } });
    // A hand-over from before the close sent alone is kept too.
    await ok(field().call('POST', recordsUrl(), await record(plan.id, new Date(Date.now() - 30 * 60_000))), 201);
    expect(await ok<DistributionPlanView>(field().call('GET', plansUrl(`/${plan.id}`)))).toMatchObject({ status: 'closed', progress: { householdsServed: 3, distributions: 3 } });
  });

  it('checks the batch import the same way: a record after the close refuses the batch, one before is imported', async () => {
    const plan = await stockedPlan();
    const before = await record(plan.id, new Date(Date.now() - HOUR_MS));
    await ok(close(plan.id));
    const after = await record(plan.id, new Date());
    const actor: Actor = { userId: coordinator().userId!, isInstanceAdmin: false, memberships: [{ organisationId: org(), organisationKind: 'partner', role: 'coordinator' }], via: 'cli' };
    const ctx = { db: t.store.db, actor };
    const parse = (r: Awaited<ReturnType<typeof record>>) => ({ ...r, proof: { kind: 'voucher' as const, code: r.proof.code } });
    await expect(importDistributions(ctx, TEST_PSEUDONYM_SECRET, org(), [parse(before), parse(after)])).rejects.toMatchObject({
      code: 'conflict',
      field: 'records.1.planId',
      refusal: { reason: 'plan_closed' },
    });
    expect(await importDistributions(ctx, TEST_PSEUDONYM_SECRET, org(), [parse(before)])).toMatchObject({ recorded: 1 });
  });

  it('refuses to issue more stock to a closed plan, writing nothing', async () => {
    const plan = await stockedPlan();
    const { closedAt } = await ok<DistributionPlanView>(close(plan.id));
    const before = await fingerprint(t.store);
    const res = await w.people.partner.warehouse.call('POST', plansUrl(`/${plan.id}/issues`), { id: newId(), fromLocationId: warehouse, lines: [{ itemId: items.parcel, quantityUnits: 5 }] });
    expectError(res, 409, 'conflict', 'planId');
    expect(refusalOf(res)).toMatchObject({ reason: 'plan_closed', details: { closedAt } });
    expect(await fingerprint(t.store)).toEqual(before);
  });

  it("returns the site's leftovers to the warehouse after the close", async () => {
    // A site of its own, so the plan's figures are about this plan's stock alone.
    const site = await f.site(org());
    const plan = await f.plan(org(), { siteId: site, plannedOn: daysFromToday(0), lines: [{ itemId: items.parcel, quantityUnits: 1, per: 'household' }] });
    await f.issue(org(), plan.id, warehouse, [{ itemId: items.parcel, quantityUnits: 8 }]);
    await ok(field().call('POST', recordsUrl(), await record(plan.id, new Date())), 201);
    await ok(close(plan.id));
    const returned = await ok<OperationView>(w.people.partner.warehouse.call('POST', plansUrl(`/${plan.id}/returns`), { id: newId(), toLocationId: warehouse }));
    expect(returned.transfers.reduce((sum, tr) => sum + tr.quantityUnits, 0)).toBe(7);
    const after = await ok<DistributionPlanView>(field().call('GET', plansUrl(`/${plan.id}`)));
    expect(after.progress.items).toEqual([{ itemId: items.parcel, issuedUnits: 1, distributedUnits: 1 }]);
  });
});
