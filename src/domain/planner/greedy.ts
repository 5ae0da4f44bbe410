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
export function greedyAllocations(instance: Instance): AllocationLine[] {
  const { input } = instance;
  // Kg and m³ loaded per departure.
  const loadKg = new Float64Array(instance.departures.length);
  const loadM3 = new Float64Array(instance.departures.length);
  const lotLeft = new Map(input.lots.map((l) => [l.id, l.quantityUnits]));
  const pledgeLeft = new Map(input.pledges.map((p) => [p.id, p.quantityUnits]));
  const byItem = <T extends { itemId: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const list = m.get(x.itemId);
      if (list) list.push(x);
      else m.set(x.itemId, [x]);
    }
    return m;
  };
  const lotsOf = byItem([...input.lots].sort((a, b) => instance.expiryDay(a.expiresOn) - instance.expiryDay(b.expiresOn) || (a.id < b.id ? -1 : 1)));
  const pledgesOf = byItem([...input.pledges].sort((a, b) => instance.expectedDay(a) - instance.expectedDay(b) || (a.id < b.id ? -1 : 1)));
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
    const fromWarehouse = new Map<string, ShipmentOption[]>();
    for (const o of options) fromWarehouse.set(o.route.warehouseId, [...(fromWarehouse.get(o.route.warehouseId) ?? []), o]);
    let want = need.quantityUnits;
    const serve = (source: AllocationSource, left: Map<string, number>, id: string, warehouseId: string, fits: (o: ShipmentOption) => boolean) => {
      for (const o of fromWarehouse.get(warehouseId) ?? []) {
        if (want === 0 || left.get(id)! === 0) return;
        if (!fits(o)) continue;
        const room = { kg: o.route.capacityKgPerPeriod - loadKg[o.departure]!, m3: o.route.capacityM3PerPeriod - loadM3[o.departure]! };
        const units = Math.min(want, left.get(id)!, unitsThatFit(room, item.weightKgPerUnit, item.volumeM3PerUnit));
        if (units === 0) continue;
        loadKg[o.departure]! += units * item.weightKgPerUnit;
        loadM3[o.departure]! += units * item.volumeM3PerUnit;
        left.set(id, left.get(id)! - units);
        want -= units;
        lines.push(allocationLine(need.id, need.itemId, o, source, units, need.priority));
      }
    };
    for (const lot of lotsOf.get(need.itemId) ?? []) {
      if (want === 0) break;
      if (lotLeft.get(lot.id)! === 0) continue;
      const expiry = instance.expiryDay(lot.expiresOn);
      serve({ kind: 'lot', lotId: lot.id }, lotLeft, lot.id, lot.warehouseId, (o) => expiry >= o.minExpiryDay);
    }
    for (const p of pledgesOf.get(need.itemId) ?? []) {
      if (want === 0) break;
      const expected = instance.expectedDay(p);
      serve({ kind: 'pledge', pledgeId: p.id }, pledgeLeft, p.id, p.warehouseId, (o) => expected <= o.dispatchDay);
    }
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
