import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import type { Priority } from '../../src/domain/needs/need.js';
import { createItem } from '../../src/services/catalogue.js';
import { createLocation } from '../../src/services/locations.js';
import { operator } from '../../src/services/context.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { planAllocationsFor } from '../../src/services/planning/plans.js';
import { PlanRequest } from '../../src/domain/planning/plans.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { daysFromToday, DEIR_AL_BALAH, expectError, KHAN_YOUNIS, PALESTINE } from '../helpers/pipeline.js';
import { plainItem, seedStock, type StockWorld } from '../helpers/stock.js';

/**
 * The allocation planner connected to the records: approved need lines of partners, the sending
 * group's lots, pledges, kits and transport lanes, through POST /api/organisations/:id/plans.
 * Each case uses items of its own, so the need lines of one case do not compete with another's.
 */
let t: TestApp;
let w: World;
let s: StockWorld;
let lanes: { deir: string; khanYounis: string };
let counter = 0;

const ctx = () => ({ db: t.store.db, actor: operator });
const orgUrl = (rest: string) => `/api/organisations/${w.sending.id}${rest}`;
const coordinator = () => w.people.sending.coordinator;

async function item(overrides: Partial<ReturnType<typeof plainItem>> = {}) {
  const code = `PLAN-${(counter++).toString().padStart(3, '0')}`;
  return (await createItem(ctx(), { ...plainItem(code, `Item ${code}`), ...overrides })).id;
}

async function stock(locationId: string, itemId: string, quantityUnits: number, expiryDate: string | null = null) {
  const op = await receiveIntake(ctx(), w.sending.id, {
    id: newId(),
    locationId,
    source: 'purchase',
    lines: [{ itemId, lotCode: `LOT-${(counter++).toString().padStart(4, '0')}`, expiryDate, triage: 'urgent', quantityUnits }],
  });
  return { lotId: op.lots[0]!.id, lotCode: op.lots[0]!.lotCode };
}

async function approvedNeed(lines: { itemId: string; quantityUnits: number }[], priority: Priority, neededInDays: number, locationId = DEIR_AL_BALAH) {
  const res = await w.people.partner.field.call('POST', `/api/organisations/${w.partner.id}/needs`, {
    title: `Need ${counter++}`,
    addressedTo: [w.sending.id],
    locationId,
    priority,
    neededBy: daysFromToday(neededInDays),
    peopleToReach: 100,
    sector: 'food_security',
    lines,
  });
  expect(res.statusCode, res.body).toBe(201);
  expect((await w.people.partner.field.call('POST', `/api/needs/${res.json().id}/submit`, {})).statusCode).toBe(200);
  expect((await coordinator().call('POST', `/api/needs/${res.json().id}/approve`, {})).statusCode).toBe(200);
  const need = res.json() as { id: string; lines: { id: string; item: { id: string } }[] };
  return Object.fromEntries(need.lines.map((l) => [l.item.id, l.id])) as Record<string, string>;
}

interface PlanBody {
  id: string;
  status: string;
  allocations: {
    needLineId: string;
    priority: Priority;
    quantityUnits: number;
    laneId: string;
    dispatchOn: string;
    arrivesOn: string;
    reason: string;
    consignmentId: string | null;
    source: { kind: string; lotId?: string; lotCode?: string; pledgeId?: string; components?: { lotId: string; quantityUnits: number }[] };
  }[];
  unmet: { needLineId: string; shortUnits: number; allocatedUnits: number; constraint: string; detail: string }[];
  summary: { servedUnits: Record<Priority, number>; coverage: number };
  optimality: { proven: boolean };
  input: { needLines: number; lanes: number };
}

async function plan(body: object = {}): Promise<PlanBody> {
  const res = await coordinator().call('POST', orgUrl('/plans'), { timeLimitSeconds: 5, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const linesFor = (p: PlanBody, needLineId: string) => p.allocations.filter((a) => a.needLineId === needLineId);
const unitsFor = (p: PlanBody, needLineId: string) => linesFor(p, needLineId).reduce((sum, a) => sum + a.quantityUnits, 0);
const unmetFor = (p: PlanBody, needLineId: string) => p.unmet.find((u) => u.needLineId === needLineId);

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
  const lane = async (from: string, to: string, body: object) => {
    const res = await coordinator().call('POST', orgUrl('/transport-lanes'), { fromLocationId: from, toLocationId: to, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  lanes = {
    deir: await lane(s.sites.isfahanMain.id, DEIR_AL_BALAH, { leadTimeDays: 5, periodDays: 7, capacityKgPerPeriod: 100_000, capacityM3PerPeriod: 1_000 }),
    // A narrow lane: 100 kg every 30 days.
    khanYounis: await lane(s.sites.isfahanAnnex.id, KHAN_YOUNIS, { leadTimeDays: 2, periodDays: 30, capacityKgPerPeriod: 100, capacityM3PerPeriod: 1_000 }),
  };
});
afterAll(() => t.close());

describe('transport lanes', () => {
  it('a coordinator adds, lists, changes and removes a lane', async () => {
    const created = await coordinator().call('POST', orgUrl('/transport-lanes'), {
      fromLocationId: s.sites.isfahanMain.id,
      toLocationId: KHAN_YOUNIS,
      leadTimeDays: 6,
      periodDays: 14,
      capacityKgPerPeriod: 20_000,
      capacityM3PerPeriod: 60,
    });
    expect(created.statusCode, created.body).toBe(201);
    const lane = created.json();
    expect(lane).toMatchObject({ from: { id: s.sites.isfahanMain.id }, to: { id: KHAN_YOUNIS, level: 'admin2' }, leadTimeDays: 6, periodDays: 14 });

    const listed = await w.people.sending.warehouse.call('GET', orgUrl('/transport-lanes'));
    expect(listed.statusCode).toBe(200);
    expect(listed.json().map((l: { id: string }) => l.id)).toContain(lane.id);

    const changed = await coordinator().call('PATCH', orgUrl(`/transport-lanes/${lane.id}`), { capacityKgPerPeriod: 15_000 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ capacityKgPerPeriod: 15_000, leadTimeDays: 6 });

    expect((await coordinator().call('DELETE', orgUrl(`/transport-lanes/${lane.id}`))).statusCode).toBe(204);
    expectError(await coordinator().call('DELETE', orgUrl(`/transport-lanes/${lane.id}`)), 404, 'not_found', 'laneId');
  });

  it('refuses a second lane between the same places, a whole country, and a site of another organisation', async () => {
    const body = { fromLocationId: s.sites.isfahanMain.id, toLocationId: DEIR_AL_BALAH, leadTimeDays: 5, periodDays: 7, capacityKgPerPeriod: 1, capacityM3PerPeriod: 1 };
    expectError(await coordinator().call('POST', orgUrl('/transport-lanes'), body), 409, 'conflict', 'toLocationId');
    expectError(await coordinator().call('POST', orgUrl('/transport-lanes'), { ...body, toLocationId: PALESTINE }), 422, 'rule_violated', 'toLocationId');
    expectError(await coordinator().call('POST', orgUrl('/transport-lanes'), { ...body, fromLocationId: s.sites.deirMain.id }), 403, 'forbidden', 'fromLocationId');
    expectError(await coordinator().call('PATCH', orgUrl(`/transport-lanes/${lanes.deir}`), {}), 400, 'invalid_input');
  });
});

describe('allocation plans', () => {
  it('serves the critical need line first and says why; the low one is short because it was outranked', async () => {
    const rice = await item();
    await stock(s.sites.isfahanMain.id, rice, 100);
    const critical = (await approvedNeed([{ itemId: rice, quantityUnits: 80 }], 'critical', 30))[rice]!;
    const low = (await approvedNeed([{ itemId: rice, quantityUnits: 60 }], 'low', 30))[rice]!;

    const p = await plan();
    expect(unitsFor(p, critical)).toBe(80);
    expect(unitsFor(p, low)).toBe(20);
    expect(unmetFor(p, critical)).toBeUndefined();
    expect(unmetFor(p, low)).toMatchObject({ shortUnits: 40, allocatedUnits: 20, constraint: 'outranked' });
    const line = linesFor(p, critical)[0]!;
    expect(line).toMatchObject({ priority: 'critical', laneId: lanes.deir });
    // A departure of the lane (today, then every 7 days), 5 days on the road, in time.
    const dispatchedAfterDays = (Date.parse(line.dispatchOn) - Date.parse(daysFromToday(0))) / 86_400_000;
    expect(dispatchedAfterDays % 7).toBe(0);
    expect(Date.parse(line.arrivesOn) - Date.parse(line.dispatchOn)).toBe(5 * 86_400_000);
    expect(line.arrivesOn <= daysFromToday(30)).toBe(true);
    expect(line.reason).toMatch(/^critical need, needed by .*: lot LOT-\d+ \(does not expire\) leave Isfahan main warehouse on .* on the lane to .*Deir/);
    expect(p.status).toBe('proposed');
  });

  it('keeps the minimum shelf life on arrival: 90 days by default, or what is set for the sector', async () => {
    const medicine = await item({ sector: 'health' });
    // Expires in 60 days: at best it arrives on day 5 with 55 days left, short of 90.
    await stock(s.sites.isfahanMain.id, medicine, 50, daysFromToday(60));
    const line = (await approvedNeed([{ itemId: medicine, quantityUnits: 30 }], 'high', 20))[medicine]!;

    const strict = await plan();
    expect(unitsFor(strict, line)).toBe(0);
    expect(unmetFor(strict, line)).toMatchObject({ constraint: 'shelf_life', shortUnits: 30 });
    expect(unmetFor(strict, line)!.detail).toMatch(/90 days of shelf life/);

    const relaxed = await plan({ minShelfLifeDaysBySector: { health: 30 } });
    expect(unitsFor(relaxed, line)).toBe(30);
    for (const a of linesFor(relaxed, line)) {
      const left = Number(/: (\d+) days left on arrival, 30 required/.exec(a.reason)![1]);
      expect(left).toBe((Date.parse(daysFromToday(60)) - Date.parse(a.arrivesOn)) / 86_400_000);
      expect(left).toBeGreaterThanOrEqual(30);
    }
    // Another sector keeps the default.
    const otherSector = await plan({ minShelfLifeDaysBySector: { food_security: 30 } });
    expect(unitsFor(otherSector, line)).toBe(0);
  });

  it('stops at the capacity of a lane, and the short line names the full lane', async () => {
    const sacks = await item({ weightKgPerUnit: 25 });
    await stock(s.sites.isfahanAnnex.id, sacks, 10);
    // Needed in 10 days: only the departure of today (arriving in 2 days) is in time; it carries 100 kg = 4 sacks.
    const line = (await approvedNeed([{ itemId: sacks, quantityUnits: 10 }], 'critical', 10, KHAN_YOUNIS))[sacks]!;
    const p = await plan();
    expect(unitsFor(p, line)).toBe(4);
    expect(linesFor(p, line).every((a) => a.laneId === lanes.khanYounis)).toBe(true);
    const short = unmetFor(p, line)!;
    expect(short).toMatchObject({ constraint: 'route_capacity', shortUnits: 6 });
    expect(short.detail).toMatch(/the lane Isfahan annex → Khan Younis/);
  });

  it('plans general pledges and kits assembled from components in stock; says when nothing reaches a place in time', async () => {
    const flour = await item();
    const [beans, salt] = [await item(), await item()];
    const kit = (await createItem(ctx(), { ...plainItem(`PLAN-KIT-${counter++}`, 'Food kit'), components: [{ itemId: beans, quantityUnits: 2 }, { itemId: salt, quantityUnits: 1 }] })).id;
    await stock(s.sites.isfahanMain.id, beans, 20);
    await stock(s.sites.isfahanMain.id, salt, 20);
    const pledged = await coordinator().call('POST', orgUrl('/pledges'), {
      donor: { kind: 'anonymous' },
      expectedOn: daysFromToday(3),
      lines: [{ kind: 'goods', itemId: flour, quantityUnits: 40 }],
    });
    expect(pledged.statusCode, pledged.body).toBe(201);
    const lines = await approvedNeed(
      [
        { itemId: flour, quantityUnits: 40 },
        { itemId: kit, quantityUnits: 10 },
      ],
      'high',
      30,
    );
    const tooSoon = (await approvedNeed([{ itemId: flour, quantityUnits: 5 }], 'critical', 2))[flour]!;

    const p = await plan();
    const fromPledge = linesFor(p, lines[flour]!);
    expect(fromPledge.reduce((n, a) => n + a.quantityUnits, 0)).toBe(40);
    expect(fromPledge.every((a) => a.source.kind === 'pledge' && a.source.pledgeId === pledged.json().id)).toBe(true);
    // Pledged for day 3: leaves with the departure of day 7.
    expect(fromPledge[0]!.dispatchOn).toBe(daysFromToday(7));
    const kits = linesFor(p, lines[kit]!);
    expect(kits.reduce((n, a) => n + a.quantityUnits, 0)).toBe(10);
    expect(kits[0]!.source.kind).toBe('kit_assembly');
    expect(kits.flatMap((a) => a.source.components!).reduce((n, c) => n + c.quantityUnits, 0)).toBe(30);
    expect(unmetFor(p, tooSoon)).toMatchObject({ constraint: 'lead_time', shortUnits: 5 });
  });

  it('plans only approved needs addressed to the organisation, and only what is not yet covered', async () => {
    const soap = await item();
    await stock(s.sites.isfahanMain.id, soap, 500);
    const res = await w.people.partner.field.call('POST', `/api/organisations/${w.partner.id}/needs`, {
      title: 'Submitted, not approved',
      addressedTo: [w.sending.id],
      locationId: DEIR_AL_BALAH,
      priority: 'critical',
      neededBy: daysFromToday(30),
      peopleToReach: 10,
      sector: 'wash',
      lines: [{ itemId: soap, quantityUnits: 50 }],
    });
    await w.people.partner.field.call('POST', `/api/needs/${res.json().id}/submit`, {});
    const line = (await approvedNeed([{ itemId: soap, quantityUnits: 100 }], 'medium', 30))[soap]!;
    const pledged = await coordinator().call('POST', orgUrl('/pledges'), {
      donor: { kind: 'anonymous' },
      expectedOn: daysFromToday(3),
      lines: [{ kind: 'goods', itemId: soap, quantityUnits: 30, needLineId: line }],
    });
    expect(pledged.statusCode, pledged.body).toBe(201);

    const p = await plan();
    const soapLines = p.allocations.filter((a) => a.needLineId === line || a.needLineId === res.json().lines[0].id);
    // 100 needed, 30 pledged for the line: 70 are planned, and nothing for the need not approved.
    expect(soapLines.map((a) => a.needLineId).every((id) => id === line)).toBe(true);
    expect(unitsFor(p, line)).toBe(70);
  });

  it('keeps each plan: the list and a plan read again are what was proposed', async () => {
    const p = await plan();
    const again = await w.people.sending.warehouse.call('GET', orgUrl(`/plans/${p.id}`));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(p);
    const list = await w.people.sending.monitor.call('GET', orgUrl('/plans'));
    expect(list.statusCode).toBe(200);
    expect(list.json()[0]).toMatchObject({ id: p.id, status: 'proposed', allocationLines: p.allocations.length, unmetLines: p.unmet.length, coverage: p.summary.coverage });
    expectError(await coordinator().call('GET', orgUrl(`/plans/${newId()}`)), 404, 'not_found', 'planId');
  });

  it('refuses a plan date in the past, and plans for partners', async () => {
    expectError(await coordinator().call('POST', orgUrl('/plans'), { planDate: daysFromToday(-1) }), 422, 'rule_violated', 'planDate');
    expectError(await coordinator().call('POST', orgUrl('/plans'), { timeLimitSeconds: 0 }), 400, 'invalid_input', 'body.timeLimitSeconds');
    expectError(await coordinator().call('POST', orgUrl('/plans'), { minShelfLifeDaysBySector: { medicine: 3 } }), 400, 'invalid_input');
    expect((await w.people.partner.coordinator.call('POST', `/api/organisations/${w.partner.id}/plans`, {})).statusCode).toBe(403);
  });
});

describe('accepting a plan', () => {
  it('turns the lines from lots into draft consignments to partner sites; a new plan does not plan them again', async () => {
    // Deliveries go to sites the partner runs at the need's place.
    for (const parentId of [DEIR_AL_BALAH, KHAN_YOUNIS]) {
      await createLocation(ctx(), { level: 'site', siteKind: 'warehouse', parentId, names: { en: `Partner store ${counter++}` }, organisationId: w.partner.id });
    }
    const tea = await item();
    const lot = await stock(s.sites.isfahanMain.id, tea, 30);
    const line = (await approvedNeed([{ itemId: tea, quantityUnits: 50 }], 'critical', 30))[tea]!;
    const older = await plan();
    const p = await plan();
    const teaLines = linesFor(p, line);
    expect(teaLines.reduce((n, a) => n + a.quantityUnits, 0)).toBe(30);

    const res = await coordinator().call('POST', orgUrl(`/plans/${p.id}/accept`), {});
    expect(res.statusCode, res.body).toBe(200);
    const accepted = res.json() as PlanBody & { consignmentIds: string[]; acceptedBy: string; allocations: { consignmentId: string | null; source: { kind: string } }[] };
    expect(accepted).toMatchObject({ status: 'accepted', acceptedBy: coordinator().userId });
    expect(accepted.consignmentIds.length).toBeGreaterThan(0);
    for (const a of accepted.allocations) {
      if (a.source.kind === 'lot') expect(accepted.consignmentIds).toContain(a.consignmentId);
      else expect(a.consignmentId).toBeNull();
    }
    const teaConsignment = accepted.allocations.find((a) => a.needLineId === line)!.consignmentId!;
    const c = await w.people.sending.warehouse.call('GET', orgUrl(`/consignments/${teaConsignment}`));
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ status: 'draft', origin: { id: s.sites.isfahanMain.id } });
    expect(c.json().lines).toEqual(expect.arrayContaining([expect.objectContaining({ lotId: lot.lotId, needLineId: line, quantityUnits: 30 })]));
    expect((await coordinator().call('GET', orgUrl(`/plans/${p.id}`))).json()).toEqual(accepted);

    expectError(await coordinator().call('POST', orgUrl(`/plans/${p.id}/accept`), {}), 409, 'conflict', 'planId');
    // An older plan counted on the same stock: it may no longer be accepted.
    expectError(await coordinator().call('POST', orgUrl(`/plans/${older.id}/accept`), {}), 409, 'conflict', 'planId');
    // The drafted 30 units are neither free stock nor outstanding any more: 20 are still needed, none in stock.
    const next = await plan();
    expect(unitsFor(next, line)).toBe(0);
    expect(unmetFor(next, line)).toMatchObject({ outstandingUnits: 20, constraint: 'no_stock' });
  });
});

describe('the planner beside the server', () => {
  it('answers GET /healthz while a plan is being made: the health check finishes first', async () => {
    // Two dozen items of different weights compete for the narrow lane: capacity binds, so the
    // planner goes past its fast exact path (greedy, staged fill, HiGHS) within its budget.
    const items: string[] = [];
    for (let i = 0; i < 24; i++) {
      const id = await item({ weightKgPerUnit: 1 + ((i * 7) % 23), volumeM3PerUnit: 0.01 });
      await stock(s.sites.isfahanAnnex.id, id, 40, daysFromToday(200 + 5 * i));
      items.push(id);
    }
    for (const [k, priority] of (['critical', 'high', 'medium', 'low'] as const).entries()) {
      await approvedNeed(items.map((itemId, i) => ({ itemId, quantityUnits: 5 + ((i + k) % 7) })), priority, 40 + 10 * k, KHAN_YOUNIS);
    }

    // The service the route calls, so the test learns when the snapshot is read and solving starts.
    const finished: string[] = [];
    let solving!: () => void;
    const solvingStarted = new Promise<void>((resolve) => (solving = resolve));
    const planning = planAllocationsFor({ db: t.store.db, actor: operator }, w.sending.id, PlanRequest.parse({ timeLimitSeconds: 2 }), {
      progress: (message) => message.startsWith('planning ') && solving(),
    }).then((made) => {
      finished.push('plan');
      return made;
    });
    await solvingStarted;
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    finished.push('healthz');
    const made = await planning;

    expect(health.statusCode, health.body).toBe(200);
    expect(made.input.needLines).toBeGreaterThanOrEqual(4 * 24);
    expect(finished).toEqual(['healthz', 'plan']);
  });
});
