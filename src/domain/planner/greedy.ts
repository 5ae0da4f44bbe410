import { CapacityLedger } from './capacity.js';
import { compositeKey, priorityRank, type Instance } from './instance.js';
import { allocationLine } from './recover.js';
import { emptyFlows, type ShipmentFlows } from './flows.js';
import type { AllocationLine } from './types.js';

/**
 * The baseline coordinators use by hand (and Sahana Eden and OpenBoxes automate): serve needs by
 * priority, then needed-by date, each from the earliest-expiring lot that qualifies, on the
 * first departure with room; pledges only when no lot qualifies. It assembles no kits.
 */
export function greedyAllocations(instance: Instance): AllocationLine[] {
  const { input } = instance;
  const capacity = new CapacityLedger();
  const lotLeft = new Map(input.lots.map((l) => [l.id, l.quantityUnits]));
  const pledgeLeft = new Map(input.pledges.map((p) => [p.id, p.quantityUnits]));
  const lotsOf = new Map<string, typeof input.lots>();
  for (const l of [...input.lots].sort((a, b) => instance.expiryDay(a.expiresOn) - instance.expiryDay(b.expiresOn) || (a.id < b.id ? -1 : 1))) {
    lotsOf.set(l.itemId, [...(lotsOf.get(l.itemId) ?? []), l]);
  }
  const pledgesOf = new Map<string, typeof input.pledges>();
  for (const p of [...input.pledges].sort((a, b) => instance.expectedDay(a) - instance.expectedDay(b) || (a.id < b.id ? -1 : 1))) {
    pledgesOf.set(p.itemId, [...(pledgesOf.get(p.itemId) ?? []), p]);
  }
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
    let want = need.quantityUnits;
    const serve = (kind: 'lot' | 'pledge', id: string, warehouseId: string, left: Map<string, number>, fits: (o: (typeof options)[number]) => boolean) => {
      for (const o of options) {
        if (want === 0 || left.get(id)! === 0) return;
        if (o.route.warehouseId !== warehouseId || !fits(o)) continue;
        const units = Math.min(want, left.get(id)!, capacity.unitsThatFit(o.route, o.period, item));
        if (units === 0) continue;
        capacity.load(o.route, o.period, item, units);
        left.set(id, left.get(id)! - units);
        want -= units;
        const source = kind === 'lot' ? { kind, lotId: id } : { kind, pledgeId: id };
        lines.push(allocationLine(need.id, need.itemId, o, source, units, need.priority));
      }
    };
    for (const lot of lotsOf.get(need.itemId) ?? []) serve('lot', lot.id, lot.warehouseId, lotLeft, (o) => instance.expiryDay(lot.expiresOn) >= o.minExpiryDay);
    for (const p of pledgesOf.get(need.itemId) ?? []) serve('pledge', p.id, p.warehouseId, pledgeLeft, (o) => instance.expectedDay(p) <= o.dispatchDay);
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
