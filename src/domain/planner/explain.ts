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
  // Per item and warehouse: the longest expiry in stock and among lots not used up, and the
  // earliest pledge and earliest pledge not used up, so each question below is one lookup.
  const latestLot = new Map<string, number>();
  const latestLotLeft = new Map<string, number>();
  const earliestPledge = new Map<string, number>();
  const earliestPledgeLeft = new Map<string, number>();
  const warehousesOf = new Map<string, Set<string>>();
  const holds = (itemId: string, warehouseId: string) => {
    const set = warehousesOf.get(itemId) ?? new Set<string>();
    set.add(warehouseId);
    warehousesOf.set(itemId, set);
  };
  const keep = (m: Map<string, number>, k: string, v: number, better: (a: number, b: number) => boolean) => {
    const old = m.get(k);
    if (old === undefined || better(v, old)) m.set(k, v);
  };
  const later = (a: number, b: number) => a > b;
  const earlier = (a: number, b: number) => a < b;
  const componentWarehouses = new Map<string, Set<string>>();
  for (const l of input.lots) {
    const set = componentWarehouses.get(l.itemId) ?? new Set<string>();
    set.add(l.warehouseId);
    componentWarehouses.set(l.itemId, set);
    if (l.quantityUnits === 0) continue;
    const k = compositeKey(l.itemId, l.warehouseId);
    const day = instance.expiryDay(l.expiresOn);
    holds(l.itemId, l.warehouseId);
    keep(latestLot, k, day, later);
    if ((usedLot.get(l.id) ?? 0) < l.quantityUnits) keep(latestLotLeft, k, day, later);
  }
  for (const p of input.pledges) {
    if (p.quantityUnits === 0) continue;
    const k = compositeKey(p.itemId, p.warehouseId);
    const day = instance.expectedDay(p);
    holds(p.itemId, p.warehouseId);
    keep(earliestPledge, k, day, earlier);
    if ((usedPledge.get(p.id) ?? 0) < p.quantityUnits) keep(earliestPledgeLeft, k, day, earlier);
  }
  const unmet: UnmetNeed[] = [];
  for (const need of input.needs) {
    const got = allocated.get(need.id) ?? 0;
    if (got >= need.quantityUnits) continue;
    const deadline = instance.neededByDay.get(need.id)!;
    const recipe = instance.recipes.get(need.itemId);
    const warehouses = new Set(warehousesOf.get(need.itemId) ?? []);
    if (recipe) for (const c of recipe) for (const w of componentWarehouses.get(c.itemId) ?? []) warehouses.add(w);
    const options = (instance.optionsByItemAndDestination.get(need.itemId)?.get(need.destinationId) ?? []).filter((o) => warehouses.has(o.route.warehouseId));
    const inTime = options.filter((o) => o.arrivalDay <= deadline);
    const at = (itemId: string, o: ShipmentOption) => compositeKey(itemId, o.route.warehouseId);
    const lotFits = (itemId: string, o: ShipmentOption, m = latestLot) => (m.get(at(itemId, o)) ?? -Infinity) >= o.minExpiryDay;
    const pledgeFits = (o: ShipmentOption, m = earliestPledge) => (m.get(at(need.itemId, o)) ?? Infinity) <= o.dispatchDay;
    const kitFits = (o: ShipmentOption) => recipe !== undefined && recipe.every((c) => lotFits(c.itemId, o));
    const usable = inTime.filter((o) => lotFits(need.itemId, o) || pledgeFits(o) || kitFits(o));
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
      constraint = inTime.some((o) => latestLot.has(at(need.itemId, o))) || recipe ? 'shelf_life' : 'lead_time';
      detail =
        constraint === 'shelf_life'
          ? `no stock that arrives by ${need.neededBy} keeps ${instance.minShelfLifeDays(need.itemId)} days of shelf life on arrival`
          : `pledged goods arrive too late to leave in time for ${need.neededBy}`;
    } else {
      const left = (o: ShipmentOption) => lotFits(need.itemId, o, latestLotLeft) || pledgeFits(o, earliestPledgeLeft);
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
