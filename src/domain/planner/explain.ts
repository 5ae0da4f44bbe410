import { unitsThatFit } from './capacity.js';
import type { Instance, ShipmentOption } from './instance.js';
import type { AllocationLine, UnmetConstraint, UnmetNeed } from './types.js';

/**
 * Says, for each need line the plan does not fully serve, which constraint stopped it, checked
 * in the order a coordinator would ask: is there any stock, can it get there, in time, fresh
 * enough — and if usable stock exists, did it go to other needs or is the road full?
 */
export function explainUnmet(instance: Instance, lines: readonly AllocationLine[]): UnmetNeed[] {
  const { input } = instance;
  const allocated = new Map<string, number>();
  const usedLot = new Float64Array(input.lots.length);
  const usedPledge = new Map<string, number>();
  // Kg and m³ loaded on each departure, found by route and dispatch date.
  const loadKg = new Float64Array(instance.departures.length);
  const loadM3 = new Float64Array(instance.departures.length);
  const departureAt = new Map<string, Map<string, number>>();
  for (const o of instance.options) {
    let byDay = departureAt.get(o.route.id);
    if (!byDay) departureAt.set(o.route.id, (byDay = new Map()));
    byDay.set(o.isoDispatch, o.departure);
  }
  const useLot = (lotId: string, units: number) => (usedLot[instance.lotIndex.get(lotId)!]! += units);
  for (const l of lines) {
    allocated.set(l.needLineId, (allocated.get(l.needLineId) ?? 0) + l.quantityUnits);
    const d = departureAt.get(l.routeId)!.get(l.dispatchOn)!;
    const item = instance.items.get(l.itemId)!;
    loadKg[d]! += l.quantityUnits * item.weightKgPerUnit;
    loadM3[d]! += l.quantityUnits * item.volumeM3PerUnit;
    if (l.source.kind === 'lot') useLot(l.source.lotId, l.quantityUnits);
    if (l.source.kind === 'pledge') usedPledge.set(l.source.pledgeId, (usedPledge.get(l.source.pledgeId) ?? 0) + l.quantityUnits);
    if (l.source.kind === 'kit_assembly') for (const c of l.source.components) useLot(c.lotId, c.quantityUnits);
  }
  // Per item and warehouse: the longest expiry in stock and among lots not used up, and the
  // earliest pledge and earliest pledge not used up, so each question below is one lookup.
  const latestLot = new PerItemAndWarehouse();
  const latestLotLeft = new PerItemAndWarehouse();
  const earliestPledge = new PerItemAndWarehouse();
  const earliestPledgeLeft = new PerItemAndWarehouse();
  const warehousesOf = new Map<string, Set<string>>();
  const holds = (itemId: string, warehouseId: string) => {
    const set = warehousesOf.get(itemId) ?? new Set<string>();
    set.add(warehouseId);
    warehousesOf.set(itemId, set);
  };
  const later = (a: number, b: number) => a > b;
  const earlier = (a: number, b: number) => a < b;
  const componentWarehouses = new Map<string, Set<string>>();
  input.lots.forEach((l, i) => {
    const set = componentWarehouses.get(l.itemId) ?? new Set<string>();
    set.add(l.warehouseId);
    componentWarehouses.set(l.itemId, set);
    if (l.quantityUnits === 0) return;
    const day = instance.lotExpiryDays[i]!;
    holds(l.itemId, l.warehouseId);
    latestLot.keep(l.itemId, l.warehouseId, day, later);
    if (usedLot[i]! < l.quantityUnits) latestLotLeft.keep(l.itemId, l.warehouseId, day, later);
  });
  for (const p of input.pledges) {
    if (p.quantityUnits === 0) continue;
    const day = instance.expectedDay(p);
    holds(p.itemId, p.warehouseId);
    earliestPledge.keep(p.itemId, p.warehouseId, day, earlier);
    if ((usedPledge.get(p.id) ?? 0) < p.quantityUnits) earliestPledgeLeft.keep(p.itemId, p.warehouseId, day, earlier);
  }
  const roomFor = (o: ShipmentOption) => {
    const item = instance.items.get(o.itemId)!;
    const room = { kg: o.route.capacityKgPerPeriod - loadKg[o.departure]!, m3: o.route.capacityM3PerPeriod - loadM3[o.departure]! };
    return unitsThatFit(room, item.weightKgPerUnit, item.volumeM3PerUnit);
  };
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
    const lotFits = (itemId: string, o: ShipmentOption, m = latestLot) => (m.get(itemId, o.route.warehouseId) ?? -Infinity) >= o.minExpiryDay;
    const pledgeFits = (o: ShipmentOption, m = earliestPledge) => (m.get(need.itemId, o.route.warehouseId) ?? Infinity) <= o.dispatchDay;
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
      constraint = inTime.some((o) => latestLot.get(need.itemId, o.route.warehouseId) !== undefined) || recipe ? 'shelf_life' : 'lead_time';
      detail =
        constraint === 'shelf_life'
          ? `no stock that arrives by ${need.neededBy} keeps ${instance.minShelfLifeDays(need.itemId)} days of shelf life on arrival`
          : `pledged goods arrive too late to leave in time for ${need.neededBy}`;
    } else {
      const left = (o: ShipmentOption) => lotFits(need.itemId, o, latestLotLeft) || pledgeFits(o, earliestPledgeLeft);
      const full = usable.filter((o) => left(o));
      if (full.length > 0 && full.every((o) => roomFor(o) === 0)) {
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

/** A number per item and warehouse, kept as the best seen by `better`. */
class PerItemAndWarehouse {
  private readonly values = new Map<string, Map<string, number>>();

  get(itemId: string, warehouseId: string): number | undefined {
    return this.values.get(itemId)?.get(warehouseId);
  }

  keep(itemId: string, warehouseId: string, value: number, better: (a: number, b: number) => boolean): void {
    let byWarehouse = this.values.get(itemId);
    if (!byWarehouse) this.values.set(itemId, (byWarehouse = new Map()));
    const old = byWarehouse.get(warehouseId);
    if (old === undefined || better(value, old)) byWarehouse.set(warehouseId, value);
  }
}
