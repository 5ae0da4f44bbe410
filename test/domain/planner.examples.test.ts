import type { Highs } from 'highs';
import { loadHighs } from '../../src/services/highs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { greedyPlan, planAllocations } from '../../src/domain/planner/index.js';
import { PlanInput } from '../../src/domain/planner/types.js';
import { expectFeasible } from './planner-check.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const route = (id: string, warehouseId: string, destinationId: string, leadTimeDays: number, capacityKgPerPeriod = 1e6) => ({
  id,
  warehouseId,
  destinationId,
  leadTimeDays,
  periodDays: 7,
  capacityKgPerPeriod,
  capacityM3PerPeriod: 1e6,
});
const items = [
  { id: 'amoxicillin', weightKgPerUnit: 1, volumeM3PerUnit: 0.01, category: 'health' },
  { id: 'blanket', weightKgPerUnit: 1, volumeM3PerUnit: 0.01, category: 'shelter' },
];
const input = (over: Partial<PlanInput>) =>
  PlanInput.parse({ planDate: '2025-03-01', needs: [], lots: [], items, routes: [route('r1', 'isfahan', 'gaza-city', 5)], minShelfLifeDaysByCategory: { health: 180 }, ...over });

describe('allocation planner, by example', () => {
  it('sends a critical need the scarce stock before a low-priority one', () => {
    const i = input({
      needs: [
        { id: 'low', itemId: 'blanket', quantityUnits: 10, priority: 'low', neededBy: '2025-03-20', destinationId: 'gaza-city' },
        { id: 'critical', itemId: 'blanket', quantityUnits: 10, priority: 'critical', neededBy: '2025-03-20', destinationId: 'gaza-city' },
      ],
      lots: [{ id: 'lot-1', itemId: 'blanket', warehouseId: 'isfahan', quantityUnits: 10, expiresOn: null }],
    });
    const plan = planAllocations(i, highs);
    expectFeasible(i, plan);
    expect(plan.allocations).toMatchObject([{ needLineId: 'critical', source: { kind: 'lot', lotId: 'lot-1' }, quantityUnits: 10 }]);
    expect(plan.unmet).toMatchObject([{ needLineId: 'low', constraint: 'outranked', shortUnits: 10 }]);
  });

  it('never sends medicine that would arrive with less than its minimum shelf life', () => {
    const i = input({
      needs: [{ id: 'n', itemId: 'amoxicillin', quantityUnits: 5, priority: 'high', neededBy: '2025-03-20', destinationId: 'gaza-city' }],
      // Arrives 2025-03-06; 180 days later is 2025-09-02.
      lots: [{ id: 'short-dated', itemId: 'amoxicillin', warehouseId: 'isfahan', quantityUnits: 50, expiresOn: '2025-09-01' }],
    });
    const plan = planAllocations(i, highs);
    expect(plan.allocations).toEqual([]);
    expect(plan.unmet).toMatchObject([{ needLineId: 'n', constraint: 'shelf_life' }]);
  });

  it('says when no departure can arrive by the needed-by date', () => {
    const i = input({
      needs: [{ id: 'n', itemId: 'blanket', quantityUnits: 5, priority: 'high', neededBy: '2025-03-03', destinationId: 'gaza-city' }],
      lots: [{ id: 'lot-1', itemId: 'blanket', warehouseId: 'isfahan', quantityUnits: 50, expiresOn: null }],
    });
    expect(planAllocations(i, highs).unmet).toMatchObject([{ needLineId: 'n', constraint: 'lead_time' }]);
  });

  it('uses the next weekly departure when the first is full, and says when all are', () => {
    const i = input({
      routes: [route('r1', 'isfahan', 'gaza-city', 5, 6)],
      needs: [{ id: 'n', itemId: 'blanket', quantityUnits: 15, priority: 'high', neededBy: '2025-03-13', destinationId: 'gaza-city' }],
      lots: [{ id: 'lot-1', itemId: 'blanket', warehouseId: 'isfahan', quantityUnits: 50, expiresOn: null }],
    });
    const plan = planAllocations(i, highs);
    expectFeasible(i, plan);
    expect(plan.allocations.map((a) => [a.dispatchOn, a.quantityUnits])).toEqual([
      ['2025-03-01', 6],
      ['2025-03-08', 6],
    ]);
    expect(plan.unmet).toMatchObject([{ needLineId: 'n', constraint: 'route_capacity', shortUnits: 3 }]);
  });

  it('assembles kits from components in stock, with the earliest component expiry', () => {
    const i = input({
      items: [...items, { id: 'hygiene-kit', weightKgPerUnit: 2, volumeM3PerUnit: 0.02, category: 'wash' }],
      kits: [{ kitItemId: 'hygiene-kit', components: [{ itemId: 'blanket', quantityUnits: 2 }] }],
      needs: [{ id: 'n', itemId: 'hygiene-kit', quantityUnits: 4, priority: 'medium', neededBy: '2025-03-20', destinationId: 'gaza-city' }],
      lots: [{ id: 'blankets', itemId: 'blanket', warehouseId: 'isfahan', quantityUnits: 9, expiresOn: null }],
    });
    const plan = planAllocations(i, highs);
    expectFeasible(i, plan);
    expect(plan.allocations).toMatchObject([{ needLineId: 'n', quantityUnits: 4, source: { kind: 'kit_assembly', components: [{ lotId: 'blankets', quantityUnits: 8 }] } }]);
  });

  it('beats the greedy baseline when the greedy fills the only route another need could use', () => {
    const i = input({
      routes: [route('from-isfahan', 'isfahan', 'gaza-city', 5, 10), route('from-arish', 'arish', 'gaza-city', 2, 10)],
      needs: [
        { id: 'critical-blankets', itemId: 'blanket', quantityUnits: 10, priority: 'critical', neededBy: '2025-03-06', destinationId: 'gaza-city' },
        { id: 'high-medicine', itemId: 'amoxicillin', quantityUnits: 10, priority: 'high', neededBy: '2025-03-06', destinationId: 'gaza-city' },
      ],
      lots: [
        { id: 'blankets-isfahan', itemId: 'blanket', warehouseId: 'isfahan', quantityUnits: 10, expiresOn: '2027-01-01' },
        { id: 'blankets-arish', itemId: 'blanket', warehouseId: 'arish', quantityUnits: 10, expiresOn: '2028-01-01' },
        { id: 'medicine-isfahan', itemId: 'amoxicillin', warehouseId: 'isfahan', quantityUnits: 10, expiresOn: '2027-01-01' },
      ],
    });
    const plan = planAllocations(i, highs);
    const greedy = greedyPlan(i);
    expect(plan.summary.servedUnits).toMatchObject({ critical: 10, high: 10 });
    expect(greedy.summary.servedUnits).toMatchObject({ critical: 10, high: 0 });
    expect(plan.summary.coverage).toBeGreaterThan(greedy.summary.coverage);
  });

  it('proves a plan whose routes have room without branch and bound, and says so', () => {
    const i = input({
      needs: [{ id: 'n', itemId: 'blanket', quantityUnits: 5, priority: 'high', neededBy: '2025-03-20', destinationId: 'gaza-city' }],
      lots: [{ id: 'lot-1', itemId: 'blanket', warehouseId: 'isfahan', quantityUnits: 50, expiresOn: null }],
    });
    expect(planAllocations(i, highs, { timeLimitSeconds: 0 }).optimality).toEqual({
      proven: true,
      provenPriorities: ['critical', 'high', 'medium', 'low'],
      gap: null,
      method: 'relaxation',
    });
  });

  it('among equally good plans, uses the shortest route and the earliest-expiring lot that qualifies', () => {
    const i = input({
      routes: [route('long', 'isfahan', 'gaza-city', 9), route('short', 'arish', 'gaza-city', 2)],
      needs: [{ id: 'n', itemId: 'blanket', quantityUnits: 5, priority: 'high', neededBy: '2025-03-20', destinationId: 'gaza-city' }],
      lots: [
        { id: 'isfahan-soon', itemId: 'blanket', warehouseId: 'isfahan', quantityUnits: 50, expiresOn: '2025-07-01' },
        { id: 'arish-late', itemId: 'blanket', warehouseId: 'arish', quantityUnits: 50, expiresOn: '2027-01-01' },
        { id: 'arish-soon', itemId: 'blanket', warehouseId: 'arish', quantityUnits: 3, expiresOn: '2025-08-01' },
      ],
    });
    const plan = planAllocations(i, highs);
    expectFeasible(i, plan);
    expect(plan.allocations.map((a) => [a.routeId, a.source, a.quantityUnits])).toEqual([
      ['short', { kind: 'lot', lotId: 'arish-soon' }, 3],
      ['short', { kind: 'lot', lotId: 'arish-late' }, 2],
    ]);
  });

  it('under a time budget, still returns a feasible plan at least as good as greedy and names what is not proven', () => {
    const i = input({
      routes: [route('r1', 'isfahan', 'gaza-city', 5, 10)],
      needs: [
        { id: 'heavy', itemId: 'amoxicillin', quantityUnits: 10, priority: 'critical', neededBy: '2025-03-06', destinationId: 'gaza-city' },
        { id: 'light', itemId: 'blanket', quantityUnits: 10, priority: 'critical', neededBy: '2025-03-06', destinationId: 'gaza-city' },
      ],
      lots: [
        { id: 'a', itemId: 'amoxicillin', warehouseId: 'isfahan', quantityUnits: 10, expiresOn: null },
        { id: 'b', itemId: 'blanket', warehouseId: 'isfahan', quantityUnits: 10, expiresOn: null },
      ],
    });
    const plan = planAllocations(i, highs, { timeLimitSeconds: 0 });
    expectFeasible(i, plan);
    expect(plan.summary.servedUnits.critical).toBeGreaterThanOrEqual(greedyPlan(i).summary.servedUnits.critical);
    // Ten units fit, twenty could be served without the capacity: the bound cannot know which.
    expect(plan.optimality).toMatchObject({ proven: false, provenPriorities: [], gap: { priority: 'critical', plannedUnits: 10, boundUnits: 20, units: 10 } });
    expect(planAllocations(i, highs).optimality).toMatchObject({ proven: true, method: 'highs' });
  });
});
