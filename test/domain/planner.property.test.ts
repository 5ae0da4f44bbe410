import fc from 'fast-check';
import type { Highs } from 'highs';
import { loadHighs } from '../../src/services/highs.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { isoDate, dayNumber } from '../../src/domain/planner/calendar.js';
import { greedyPlan, planAllocations, solveReference } from '../../src/domain/planner/index.js';
import { PlanInput, priorities } from '../../src/domain/planner/types.js';
import { compareLexicographic, expectFeasible, servedVector } from './planner-check.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const PLAN_DAY = dayNumber('2025-03-01');
const day = (offset: number) => isoDate(PLAN_DAY + offset);
const items = ['soap', 'rice', 'kit'];
const warehouses = ['w1', 'w2'];
const destinations = ['d1', 'd2'];

/** Small instances where stock, shelf life, lead time and route capacity all bind now and then. */
const instance = fc
  .record({
    needs: fc.array(
      fc.record({
        itemId: fc.constantFrom(...items),
        quantityUnits: fc.integer({ min: 0, max: 12 }),
        priority: fc.constantFrom(...priorities),
        neededBy: fc.integer({ min: 0, max: 30 }),
        destinationId: fc.constantFrom(...destinations),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    lots: fc.array(
      fc.record({
        itemId: fc.constantFrom(...items),
        warehouseId: fc.constantFrom(...warehouses),
        quantityUnits: fc.integer({ min: 0, max: 10 }),
        expiresIn: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
      }),
      { maxLength: 8 },
    ),
    pledges: fc.array(
      fc.record({
        itemId: fc.constantFrom(...items),
        warehouseId: fc.constantFrom(...warehouses),
        quantityUnits: fc.integer({ min: 1, max: 8 }),
        expectedIn: fc.integer({ min: -3, max: 20 }),
      }),
      { maxLength: 2 },
    ),
    kitSoap: fc.integer({ min: 1, max: 3 }),
    weights: fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })),
    routes: fc.array(
      fc.record({
        leadTimeDays: fc.integer({ min: 0, max: 12 }),
        periodDays: fc.integer({ min: 3, max: 10 }),
        capacityKgPerPeriod: fc.integer({ min: 0, max: 150 }),
        capacityM3PerPeriod: fc.integer({ min: 1, max: 20 }),
      }),
      { minLength: 4, maxLength: 4 },
    ),
    minShelf: fc.integer({ min: 0, max: 40 }),
  })
  .map(
    (g): PlanInput =>
      PlanInput.parse({
        planDate: day(0),
        needs: g.needs.map((n, i) => ({ ...n, id: `n${i}`, neededBy: day(n.neededBy) })),
        lots: g.lots.map((l, i) => ({ id: `l${i}`, itemId: l.itemId, warehouseId: l.warehouseId, quantityUnits: l.quantityUnits, expiresOn: l.expiresIn === null ? null : day(l.expiresIn) })),
        pledges: g.pledges.map((p, i) => ({ id: `p${i}`, itemId: p.itemId, warehouseId: p.warehouseId, quantityUnits: p.quantityUnits, expectedOn: day(p.expectedIn) })),
        kits: [{ kitItemId: 'kit', components: [{ itemId: 'soap', quantityUnits: g.kitSoap }, { itemId: 'rice', quantityUnits: 1 }] }],
        items: [
          { id: 'soap', weightKgPerUnit: g.weights[0] / 10, volumeM3PerUnit: 0.5, category: 'wash' },
          { id: 'rice', weightKgPerUnit: g.weights[1] / 10, volumeM3PerUnit: 0.25, category: 'food_security' },
          { id: 'kit', weightKgPerUnit: 3.7, volumeM3PerUnit: 1.5, category: 'kits' },
        ],
        routes: g.routes.map((r, i) => ({ ...r, id: `r${i}`, warehouseId: warehouses[i >> 1]!, destinationId: destinations[i & 1]! })),
        minShelfLifeDaysByCategory: { food_security: g.minShelf },
        defaultMinShelfLifeDays: 10,
      }),
  );

describe('allocation planner on random instances', () => {
  it('serves, per priority, exactly the units of HiGHS’s optimum of the reference model', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const plan = planAllocations(input, highs);
        const reference = solveReference(input, highs);
        expect(plan.proven && reference.proven).toBe(true);
        expect(plan.optimality).toMatchObject({ proven: true, provenPriorities: [...priorities], gap: null });
        servedVector(plan).forEach((units, i) => {
          const best = reference.servedUnits[i]!;
          expect(Math.abs(units - best)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(best)));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every hard constraint: stock, need, shelf life, lead time, capacity, priority rule', () => {
    fc.assert(
      fc.property(instance, (input) => expectFeasible(input, planAllocations(input, highs))),
      { numRuns: 60 },
    );
  });

  it('never serves less than the greedy baseline, priority by priority (lexicographically)', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const greedy = greedyPlan(input);
        expectFeasible(input, { ...greedy, allocations: greedy.allocations.filter(() => true) });
        expect(compareLexicographic(servedVector(planAllocations(input, highs)), servedVector(greedy))).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });

  it('with no time budget left, still plans feasibly, never below greedy, and reports its optimality honestly', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const plan = planAllocations(input, highs, { timeLimitSeconds: 0 });
        expectFeasible(input, plan);
        expect(compareLexicographic(servedVector(plan), servedVector(greedyPlan(input)))).toBeGreaterThanOrEqual(0);
        const best = solveReference(input, highs).servedUnits.map(Math.round);
        const served = servedVector(plan);
        const proven = plan.optimality.provenPriorities.length;
        expect(plan.proven).toBe(proven === 4);
        // Proven priorities hold the optimum; the first unproven one has a true upper bound.
        for (let k = 0; k < proven; k++) expect(served[k]).toBe(best[k]);
        const gap = plan.optimality.gap;
        if (gap) {
          expect(gap.priority).toBe(priorities[proven]);
          expect(gap.plannedUnits).toBe(served[proven]);
          expect(gap.boundUnits).toBeGreaterThanOrEqual(best[proven]!);
          expect(gap.units).toBe(gap.boundUnits - gap.plannedUnits);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('explains every short need line, and only those', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const plan = planAllocations(input, highs);
        const served = new Map<string, number>();
        for (const a of plan.allocations) served.set(a.needLineId, (served.get(a.needLineId) ?? 0) + a.quantityUnits);
        const short = input.needs.filter((n) => (served.get(n.id) ?? 0) < n.quantityUnits).map((n) => n.id);
        expect(plan.unmet.map((u) => u.needLineId).sort()).toEqual(short.sort());
        for (const u of plan.unmet) expect(u.shortUnits).toBe(u.outstandingUnits - u.allocatedUnits);
      }),
      { numRuns: 40 },
    );
  });
});
