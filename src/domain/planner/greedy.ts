import { unitsThatFit } from './capacity.js';
import { compositeKey, priorityRank, type Instance, type ShipmentOption } from './instance.js';
import { allocationLine } from './recover.js';
import { emptyFlows, type ShipmentFlows } from './flows.js';
import type { AllocationLine, AllocationSource } from './types.js';

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
}

function sourcesByItem<T extends { id: string; itemId: string; warehouseId: string; quantityUnits: number }>(xs: T[], day: (x: T) => number): Map<string, SourceList> {
  const grouped = new Map<string, T[]>();
  for (const x of [...xs].sort((a, b) => day(a) - day(b) || (a.id < b.id ? -1 : 1))) {
    if (x.quantityUnits === 0) continue;
    const list = grouped.get(x.itemId);
    if (list) list.push(x);
    else grouped.set(x.itemId, [x]);
  }
  return new Map(
    [...grouped].map(([itemId, list]) => [
      itemId,
      { ids: list.map((x) => x.id), warehouseIds: list.map((x) => x.warehouseId), days: Float64Array.from(list, day), left: Float64Array.from(list, (x) => x.quantityUnits) },
    ]),
  );
}

export function greedyAllocations(instance: Instance): AllocationLine[] {
  const { input } = instance;
  // Kg and m³ loaded per departure.
  const loadKg = new Float64Array(instance.departures.length);
  const loadM3 = new Float64Array(instance.departures.length);
  const lotsOf = sourcesByItem(input.lots, (l) => instance.expiryDay(l.expiresOn));
  const pledgesOf = sourcesByItem(input.pledges, (p) => instance.expectedDay(p));
  const order = [...input.needs].sort(
    (a, b) =>
      priorityRank(a.priority) - priorityRank(b.priority) ||
      instance.neededByDay.get(a.id)! - instance.neededByDay.get(b.id)! ||
      (a.id < b.id ? -1 : 1),
  );
  const lines: AllocationLine[] = [];
  for (const need of order) {
    const item = instance.items.get(need.itemId);
    if (!item) continue;
    const deadline = instance.neededByDay.get(need.id)!;
    const options = (instance.optionsByItemAndDestination.get(need.itemId)?.get(need.destinationId) ?? [])
      .filter((o) => o.arrivalDay <= deadline)
      .sort((a, b) => a.arrivalDay - b.arrivalDay || a.route.leadTimeDays - b.route.leadTimeDays);
    if (options.length === 0) continue;
    const fromWarehouse = new Map<string, ShipmentOption[]>();
    for (const o of options) fromWarehouse.set(o.route.warehouseId, [...(fromWarehouse.get(o.route.warehouseId) ?? []), o]);
    let want = need.quantityUnits;
    const serve = (sources: SourceList | undefined, kind: 'lot' | 'pledge', fits: (day: number, o: ShipmentOption) => boolean) => {
      if (!sources) return;
      for (let i = 0; i < sources.ids.length && want > 0; i++) {
        if (sources.left[i] === 0) continue;
        const day = sources.days[i]!;
        for (const o of fromWarehouse.get(sources.warehouseIds[i]!) ?? []) {
          if (want === 0 || sources.left[i] === 0) break;
          if (!fits(day, o)) continue;
          const room = { kg: o.route.capacityKgPerPeriod - loadKg[o.departure]!, m3: o.route.capacityM3PerPeriod - loadM3[o.departure]! };
          const units = Math.min(want, sources.left[i]!, unitsThatFit(room, item.weightKgPerUnit, item.volumeM3PerUnit));
          if (units === 0) continue;
          loadKg[o.departure]! += units * item.weightKgPerUnit;
          loadM3[o.departure]! += units * item.volumeM3PerUnit;
          sources.left[i]! -= units;
          want -= units;
          const source: AllocationSource = kind === 'lot' ? { kind, lotId: sources.ids[i]! } : { kind, pledgeId: sources.ids[i]! };
          lines.push(allocationLine(need.id, need.itemId, o, source, units, need.priority));
        }
      }
    };
    serve(lotsOf.get(need.itemId), 'lot', (expiry, o) => expiry >= o.minExpiryDay);
    serve(pledgesOf.get(need.itemId), 'pledge', (expected, o) => expected <= o.dispatchDay);
  }
  return lines;
}

/** The flows of a set of allocation lines, so any plan can be compared with, or seed, an exact solve. */
export function linesToFlows(instance: Instance, lines: readonly AllocationLine[]): ShipmentFlows {
  const flows = emptyFlows(instance);
  const optionAt = new Map(instance.options.map((o) => [compositeKey(o.itemId, o.route.id, o.isoDispatch), o.index]));
  for (const l of lines) {
    const o = optionAt.get(compositeKey(l.itemId, l.routeId, l.dispatchOn))!;
    const column = l.source.kind === 'lot' ? flows.fromLotsUnits : l.source.kind === 'pledge' ? flows.fromPledgesUnits : flows.kitsAssembledUnits;
    column[o]! += l.quantityUnits;
    flows.servedUnits.set(l.needLineId, (flows.servedUnits.get(l.needLineId) ?? 0) + l.quantityUnits);
  }
  return flows;
}
