import { CapacityLedger } from './capacity.js';
import { compositeKey, type Instance, type ShipmentOption } from './instance.js';
import type { AllocationLine, UnmetConstraint, UnmetNeed } from './types.js';

/**
 * Says, for each need line the plan does not fully serve, which constraint stopped it, checked
 * in the order a coordinator would ask: is there any stock, can it get there, in time, fresh
 * enough — and if usable stock exists, did it go to other needs or is the road full?
 */
export function explainUnmet(instance: Instance, lines: readonly AllocationLine[]): UnmetNeed[] {
  const { input } = instance;
  const allocated = new Map<string, number>();
  const usedLot = new Map<string, number>();
  const usedPledge = new Map<string, number>();
  const capacity = new CapacityLedger();
  const routes = new Map(input.routes.map((r) => [r.id, r]));
  const optionAt = new Map(instance.options.map((o) => [compositeKey(o.itemId, o.route.id, o.isoDispatch), o]));
  for (const l of lines) {
    allocated.set(l.needLineId, (allocated.get(l.needLineId) ?? 0) + l.quantityUnits);
    const o = optionAt.get(compositeKey(l.itemId, l.routeId, l.dispatchOn))!;
    capacity.load(routes.get(l.routeId)!, o.period, instance.items.get(l.itemId)!, l.quantityUnits);
    if (l.source.kind === 'lot') usedLot.set(l.source.lotId, (usedLot.get(l.source.lotId) ?? 0) + l.quantityUnits);
    if (l.source.kind === 'pledge') usedPledge.set(l.source.pledgeId, (usedPledge.get(l.source.pledgeId) ?? 0) + l.quantityUnits);
    if (l.source.kind === 'kit_assembly') for (const c of l.source.components) usedLot.set(c.lotId, (usedLot.get(c.lotId) ?? 0) + c.quantityUnits);
  }
  const unmet: UnmetNeed[] = [];
  for (const need of input.needs) {
    const got = allocated.get(need.id) ?? 0;
    if (got >= need.quantityUnits) continue;
    const deadline = instance.neededByDay.get(need.id)!;
    const lots = input.lots.filter((l) => l.itemId === need.itemId && l.quantityUnits > 0);
    const pledges = input.pledges.filter((p) => p.itemId === need.itemId && p.quantityUnits > 0);
    const recipe = instance.recipes.get(need.itemId);
    const warehouses = new Set([...lots, ...pledges].map((s) => s.warehouseId));
    if (recipe) for (const l of input.lots) if (recipe.some((c) => c.itemId === l.itemId)) warehouses.add(l.warehouseId);
    const options = (instance.optionsByItemAndDestination.get(need.itemId)?.get(need.destinationId) ?? []).filter((o) => warehouses.has(o.route.warehouseId));
    const inTime = options.filter((o) => o.arrivalDay <= deadline);
    const lotFits = (o: ShipmentOption) => lots.filter((l) => l.warehouseId === o.route.warehouseId && instance.expiryDay(l.expiresOn) >= o.minExpiryDay);
    const pledgeFits = (o: ShipmentOption) => pledges.filter((p) => p.warehouseId === o.route.warehouseId && instance.expectedDay(p) <= o.dispatchDay);
    const kitFits = (o: ShipmentOption) =>
      recipe !== undefined &&
      recipe.every((c) => input.lots.some((l) => l.itemId === c.itemId && l.warehouseId === o.route.warehouseId && l.quantityUnits > 0 && instance.expiryDay(l.expiresOn) >= o.minExpiryDay));
    const usable = inTime.filter((o) => lotFits(o).length > 0 || pledgeFits(o).length > 0 || kitFits(o));
    let constraint: UnmetConstraint;
    let detail: string;
    if (warehouses.size === 0) {
      constraint = 'no_stock';
      detail = 'no lot, pledge or kit components of this item in any warehouse';
    } else if (!input.routes.some((r) => r.destinationId === need.destinationId && warehouses.has(r.warehouseId))) {
      constraint = 'no_route';
      detail = 'no route from a warehouse holding this item to the destination';
    } else if (inTime.length === 0) {
      constraint = 'lead_time';
      detail = `no departure arrives by ${need.neededBy}`;
    } else if (usable.length === 0) {
      // Departures in time exist; if lots were there, they were too short-dated, else pledges come too late.
      constraint = inTime.some((o) => lots.some((l) => l.warehouseId === o.route.warehouseId)) || recipe ? 'shelf_life' : 'lead_time';
      detail =
        constraint === 'shelf_life'
          ? `no stock that arrives by ${need.neededBy} keeps ${instance.minShelfLifeDays(need.itemId)} days of shelf life on arrival`
          : `pledged goods arrive too late to leave in time for ${need.neededBy}`;
    } else {
      const left = (o: ShipmentOption) =>
        lotFits(o).some((l) => (usedLot.get(l.id) ?? 0) < l.quantityUnits) || pledgeFits(o).some((p) => (usedPledge.get(p.id) ?? 0) < p.quantityUnits);
      const full = usable.filter((o) => left(o));
      if (full.length > 0 && full.every((o) => capacity.unitsThatFit(o.route, o.period, instance.items.get(need.itemId)!) === 0)) {
        constraint = 'route_capacity';
        detail = `usable stock is left, but departures on ${[...new Set(full.map((o) => o.route.id))].join(', ')} are full`;
      } else {
        constraint = 'outranked';
        detail = 'the stock that could serve it went to needs of equal or higher priority, or to needs that could be served no other way';
      }
    }
    unmet.push({ needLineId: need.id, outstandingUnits: need.quantityUnits, allocatedUnits: got, shortUnits: need.quantityUnits - got, constraint, detail });
  }
  return unmet;
}
