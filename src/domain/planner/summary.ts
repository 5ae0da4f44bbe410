import { LONG_SHELF_LIFE_DAYS, PRIORITY_WEIGHT, type Instance } from './instance.js';
import { priorities, type AllocationLine, type PlanSummary, type Priority } from './types.js';

const zeros = (): Record<Priority, number> => ({ critical: 0, high: 0, medium: 0, low: 0 });

/** Totals of a plan; the same measure for the exact plan and the greedy baseline. */
export function summarise(instance: Instance, lines: readonly AllocationLine[]): PlanSummary {
  const needs = new Map(instance.input.needs.map((n) => [n.id, n]));
  const routes = new Map(instance.input.routes.map((r) => [r.id, r]));
  const servedUnits = zeros();
  const outstandingUnits = zeros();
  for (const n of instance.input.needs) outstandingUnits[n.priority] += n.quantityUnits;
  let expiryScore = 0;
  let routeDays = 0;
  const lotScore = (lotId: string) => instance.expiryScore(instance.lotExpiryDays[instance.lotIndex.get(lotId)!]!);
  for (const l of lines) {
    servedUnits[needs.get(l.needLineId)!.priority] += l.quantityUnits;
    routeDays += l.quantityUnits * routes.get(l.routeId)!.leadTimeDays;
    expiryScore +=
      l.source.kind === 'lot'
        ? l.quantityUnits * lotScore(l.source.lotId)
        : l.source.kind === 'pledge'
          ? l.quantityUnits * LONG_SHELF_LIFE_DAYS
          : l.source.components.reduce((s, c) => s + c.quantityUnits * lotScore(c.lotId), 0);
  }
  const weighted = (r: Record<Priority, number>) => priorities.reduce((s, p) => s + PRIORITY_WEIGHT[p] * r[p], 0);
  const denominator = weighted(outstandingUnits);
  return { servedUnits, outstandingUnits, coverage: denominator === 0 ? 1 : weighted(servedUnits) / denominator, expiryScore, routeDays };
}
