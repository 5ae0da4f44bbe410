import type { Highs } from 'highs';
import { compositeKey, buildInstance } from './instance.js';
import { LinearModel } from './linear-model.js';
import { PLAN_OBJECTIVES, servedObjective } from './objectives.js';
import { PlanInput } from './types.js';

/**
 * The same problem written the obvious way — one variable per lot × need line × departure — for
 * HiGHS to solve as a reference. It shares no modelling code with the compact model, so the two
 * agreeing on random instances checks the compact network, not just the solver.
 */
export function buildReferenceModel(rawInput: PlanInput): LinearModel {
  const input = PlanInput.parse(rawInput);
  const instance = buildInstance(input);
  const model = new LinearModel(PLAN_OBJECTIVES);
  const lotRow = new Map(input.lots.map((l) => [l.id, model.addRow(0, l.quantityUnits)]));
  const pledgeRow = new Map(input.pledges.map((p) => [p.id, model.addRow(0, p.quantityUnits)]));
  const capacityRow = new Map<string, { kg: number; m3: number }>();
  const capacity = (routeId: string, period: number, kgCap: number, m3Cap: number) => {
    const k = compositeKey(routeId, String(period));
    if (!capacityRow.has(k)) capacityRow.set(k, { kg: model.addRow(-Infinity, kgCap), m3: model.addRow(-Infinity, m3Cap) });
    return capacityRow.get(k)!;
  };
  for (const need of input.needs) {
    const item = instance.items.get(need.itemId);
    if (!item || need.quantityUnits === 0) continue;
    const needRow = model.addRow(0, need.quantityUnits);
    const deadline = instance.neededByDay.get(need.id)!;
    const recipe = instance.recipes.get(need.itemId);
    for (const o of instance.optionsByItemAndDestination.get(need.itemId)?.get(need.destinationId) ?? []) {
      if (o.arrivalDay > deadline) continue;
      const cap = capacity(o.route.id, o.period, o.route.capacityKgPerPeriod, o.route.capacityM3PerPeriod);
      const shipped = (column: number) => {
        model.addEntry(column, needRow, 1);
        model.addEntry(column, cap.kg, item.weightKgPerUnit);
        model.addEntry(column, cap.m3, item.volumeM3PerUnit);
        model.addCost(column, servedObjective(need.priority), 1);
        return column;
      };
      const atWarehouse = <T extends { warehouseId: string; itemId: string }>(xs: T[], itemId: string) =>
        xs.filter((x) => x.itemId === itemId && x.warehouseId === o.route.warehouseId);
      for (const lot of atWarehouse(input.lots, need.itemId)) {
        if (instance.expiryDay(lot.expiresOn) >= o.minExpiryDay) model.addEntry(shipped(model.addColumn(0, Infinity, true)), lotRow.get(lot.id)!, 1);
      }
      for (const p of atWarehouse(input.pledges, need.itemId)) {
        if (instance.expectedDay(p) <= o.dispatchDay) model.addEntry(shipped(model.addColumn(0, Infinity, true)), pledgeRow.get(p.id)!, 1);
      }
      if (recipe) {
        const kits = shipped(model.addColumn(0, Infinity, true));
        for (const c of recipe) {
          const balance = model.addRow(0, 0);
          model.addEntry(kits, balance, -c.quantityUnits);
          for (const lot of atWarehouse(input.lots, c.itemId)) {
            if (instance.expiryDay(lot.expiresOn) < o.minExpiryDay) continue;
            const used = model.addColumn(0, Infinity, true);
            model.addEntry(used, balance, 1);
            model.addEntry(used, lotRow.get(lot.id)!, 1);
          }
        }
      }
    }
  }
  return model;
}

/** HiGHS's lexicographic optimum of the reference model: units served per priority. */
export function solveReference(input: PlanInput, highs: Highs, options: { timeLimitSeconds?: number } = {}) {
  const solution = buildReferenceModel(input).solve(highs, options);
  return { servedUnits: solution.objectiveValues, proven: solution.proven };
}
