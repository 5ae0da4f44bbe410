import { unitsThatFit } from './capacity.js';
import { priorityRank, type Instance, type ShipmentOption } from './instance.js';
import { allocationLine } from './recover.js';
import { emptyFlows, type ShipmentFlows } from './flows.js';
import type { AllocationLine, AllocationSource, PlanNeedLine } from './types.js';

/**
 * The baseline coordinators use by hand (and Sahana Eden and OpenBoxes automate): serve needs by
 * priority, then needed-by date, each from the earliest-expiring lot that qualifies, on the
 * first departure with room; pledges only when no lot qualifies. It assembles no kits.
 */
/** Sources of one kind for an item, earliest first, as arrays: read once per need line. */
interface SourceList {
  ids: string[];
  warehouseIds: string[];
  /** Expiry day (lots) or expected day (pledges). */
  days: Float64Array;
  left: Float64Array;
  /** Sources before this one are used up. */
  start: number;
}

function sourcesByItem<T extends { id: string; itemId: string; warehouseId: string; quantityUnits: number }>(xs: readonly T[], dayOf: (x: T, i: number) => number): Map<string, SourceList> {
  const grouped = new Map<string, number[]>();
  for (let i = 0; i < xs.length; i++) {
    if (xs[i]!.quantityUnits === 0) continue;
    const list = grouped.get(xs[i]!.itemId);
    if (list) list.push(i);
    else grouped.set(xs[i]!.itemId, [i]);
  }
  const days = Float64Array.from(xs, dayOf);
  const out = new Map<string, SourceList>();
  for (const [itemId, list] of grouped) {
    list.sort((a, b) => days[a]! - days[b]! || (xs[a]!.id < xs[b]!.id ? -1 : 1));
    out.set(itemId, {
      ids: list.map((i) => xs[i]!.id),
      warehouseIds: list.map((i) => xs[i]!.warehouseId),
      days: Float64Array.from(list, (i) => days[i]!),
      left: Float64Array.from(list, (i) => xs[i]!.quantityUnits),
      start: 0,
    });
  }
  return out;
}

/** Runs the greedy baseline, handing each piece it plans to `emit`. */
function greedy(instance: Instance, emit: (need: PlanNeedLine, option: ShipmentOption, source: AllocationSource, units: number) => void): void {
  const { input } = instance;
  // Kg and m³ loaded per departure.
  const loadKg = new Float64Array(instance.departures.length);
  const loadM3 = new Float64Array(instance.departures.length);
  const lotsOf = sourcesByItem(input.lots, (_, i) => instance.lotExpiryDays[i]!);
  const pledgesOf = sourcesByItem(input.pledges, (p) => instance.expectedDay(p));
  const order = [...input.needs].sort(
    (a, b) =>
      priorityRank(a.priority) - priorityRank(b.priority) ||
      instance.neededByDay.get(a.id)! - instance.neededByDay.get(b.id)! ||
      (a.id < b.id ? -1 : 1),
  );
  for (const need of order) {
    const item = instance.items.get(need.itemId);
    if (!item) continue;
    const deadline = instance.neededByDay.get(need.id)!;
    const options = (instance.optionsByItemAndDestination.get(need.itemId)?.get(need.destinationId) ?? [])
      .filter((o) => o.arrivalDay <= deadline)
      .sort((a, b) => a.arrivalDay - b.arrivalDay || a.route.leadTimeDays - b.route.leadTimeDays);
    if (options.length === 0) continue;
    const fromWarehouse = new Map<string, ShipmentOption[]>();
    for (const o of options) {
      const list = fromWarehouse.get(o.route.warehouseId);
      if (list) list.push(o);
      else fromWarehouse.set(o.route.warehouseId, [o]);
    }
    let want = need.quantityUnits;
    // A departure with no room for one more unit of this item is dropped from the lists.
    const serve = (sources: SourceList | undefined, kind: 'lot' | 'pledge') => {
      if (!sources) return;
      while (sources.start < sources.ids.length && sources.left[sources.start] === 0) sources.start++;
      for (let i = sources.start; i < sources.ids.length && want > 0; i++) {
        if (sources.left[i] === 0) continue;
        const day = sources.days[i]!;
        const list = fromWarehouse.get(sources.warehouseIds[i]!);
        for (let j = 0; list && j < list.length; j++) {
          const o = list[j]!;
          // Options are sorted by arrival, so by the expiry they ask of a lot: a lot that is too
          // short for one is too short for every later one.
          if (kind === 'lot' && day < o.minExpiryDay) break;
          if (kind === 'pledge' && day > o.dispatchDay) continue;
          const fit = unitsThatFit({ kg: o.route.capacityKgPerPeriod - loadKg[o.departure]!, m3: o.route.capacityM3PerPeriod - loadM3[o.departure]! }, item.weightKgPerUnit, item.volumeM3PerUnit);
          if (fit === 0) {
            list.splice(j--, 1);
            continue;
          }
          const units = Math.min(want, sources.left[i]!, fit);
          loadKg[o.departure]! += units * item.weightKgPerUnit;
          loadM3[o.departure]! += units * item.volumeM3PerUnit;
          sources.left[i]! -= units;
          want -= units;
          emit(need, o, kind === 'lot' ? { kind, lotId: sources.ids[i]! } : { kind, pledgeId: sources.ids[i]! }, units);
          if (want === 0 || sources.left[i] === 0) break;
        }
      }
    };
    serve(lotsOf.get(need.itemId), 'lot');
    serve(pledgesOf.get(need.itemId), 'pledge');
  }
}

export function greedyAllocations(instance: Instance): AllocationLine[] {
  const lines: AllocationLine[] = [];
  greedy(instance, (need, o, source, units) => lines.push(allocationLine(need.id, need.itemId, o, source, units, need.priority)));
  return lines;
}

/** The greedy baseline as flows, to compare with the planner's (its lines are written only if it wins). */
export function greedyFlows(instance: Instance): ShipmentFlows {
  const flows = emptyFlows(instance);
  greedy(instance, (need, o, source, units) => {
    (source.kind === 'lot' ? flows.fromLotsUnits : flows.fromPledgesUnits)[o.index]! += units;
    flows.servedUnits.set(need.id, (flows.servedUnits.get(need.id) ?? 0) + units);
  });
  return flows;
}
