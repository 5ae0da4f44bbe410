import { dayNumber, isoDate } from './calendar.js';
import { priorities, type PlanInput, type PlanItem, type PlanPledge, type PlanRoute, type Priority } from './types.js';

/**
 * The planner's view of an input: dates as day numbers, and every way a unit can travel — a
 * shipment option is one item on one route leaving in one period. Shared by the exact model,
 * the reference model, the greedy baseline and the explanations, so they agree on feasibility.
 */

/** Shelf life counted for goods that never expire, and for pledges (their expiry is not known yet). */
export const LONG_SHELF_LIFE_DAYS = 3_650;

export interface ShipmentOption {
  index: number;
  itemId: string;
  route: PlanRoute;
  period: number;
  /** Index in `Instance.departures` of the route's departure in this period. */
  departure: number;
  dispatchDay: number;
  /** The dispatch and arrival days as ISO dates, as allocation lines carry them. */
  isoDispatch: string;
  arrivalDay: number;
  isoArrival: string;
  /** A lot may travel on this option only if it expires on or after this day. */
  minExpiryDay: number;
}

export interface Departure {
  index: number;
  route: PlanRoute;
  period: number;
}

export interface Instance {
  input: PlanInput;
  planDay: number;
  items: Map<string, PlanItem>;
  recipes: Map<string, { itemId: string; quantityUnits: number }[]>;
  options: ShipmentOption[];
  /** Departures (route × period) that some option uses; their kg and m³ are shared by all items. */
  departures: Departure[];
  /** Options by item, then destination. */
  optionsByItemAndDestination: Map<string, Map<string, ShipmentOption[]>>;
  minShelfLifeDays(itemId: string): number;
  neededByDay: Map<string, number>;
  expiryDay(expiresOn: string | null): number;
  /** Each lot's expiry day, by its index in `input.lots`: sorts and scans read it often, so it is parsed once. */
  lotExpiryDays: Float64Array;
  /** A lot's index in `input.lots`, by its id. */
  lotIndex: Map<string, number>;
  /** Days of shelf life left on the plan date for goods expiring on `day`, capped: a unit's expiry score. */
  expiryScore(day: number): number;
  /** The first day a pledge's goods can leave the warehouse. */
  expectedDay(pledge: PlanPledge): number;
}

export const PRIORITY_WEIGHT: Record<Priority, number> = { critical: 1000, high: 100, medium: 10, low: 1 };

export const priorityRank = (p: Priority): number => priorities.indexOf(p);

const key = (...parts: string[]) => parts.join('\u0000');
export { key as compositeKey };

export function buildInstance(input: PlanInput): Instance {
  const planDay = dayNumber(input.planDate);
  const items = new Map(input.items.map((i) => [i.id, i]));
  const recipes = new Map(input.kits.map((k) => [k.kitItemId, k.components]));
  const minShelfLifeDays = (itemId: string) => {
    const category = items.get(itemId)?.category;
    return (category !== undefined ? input.minShelfLifeDaysByCategory[category] : undefined) ?? input.defaultMinShelfLifeDays;
  };

  // Dates repeat across thousands of lots and options: parse and format each once.
  const days = new Map<string, number>();
  const day = (iso: string) => {
    let d = days.get(iso);
    if (d === undefined) days.set(iso, (d = dayNumber(iso)));
    return d;
  };
  const isoDays = new Map<number, string>();
  const iso = (d: number) => {
    let s = isoDays.get(d);
    if (s === undefined) isoDays.set(d, (s = isoDate(d)));
    return s;
  };
  const expiryDay = (expiresOn: string | null) => (expiresOn === null ? Infinity : day(expiresOn));
  const lotExpiryDays = Float64Array.from(input.lots, (l) => expiryDay(l.expiresOn));
  const lotIndex = new Map(input.lots.map((l, i) => [l.id, i]));
  const neededByDay = new Map(input.needs.map((n) => [n.id, day(n.neededBy)]));
  const expiryScore = (day: number) => Math.max(0, Math.min(LONG_SHELF_LIFE_DAYS, day - planDay));
  const expectedDay = (pledge: PlanPledge) => Math.max(planDay, day(pledge.expectedOn));

  // The latest useful arrival per item and destination bounds how many periods are worth planning.
  const latestArrival = new Map<string, number>();
  for (const n of input.needs) {
    if (n.quantityUnits === 0 || !items.has(n.itemId)) continue;
    const k = key(n.itemId, n.destinationId);
    latestArrival.set(k, Math.max(latestArrival.get(k) ?? -Infinity, neededByDay.get(n.id)!));
  }
  const routesByDestination = new Map<string, PlanRoute[]>();
  for (const r of input.routes) {
    routesByDestination.set(r.destinationId, [...(routesByDestination.get(r.destinationId) ?? []), r]);
  }

  const options: ShipmentOption[] = [];
  const departures: Departure[] = [];
  const departureIndex = new Map<string, number>();
  const departureOf = (route: PlanRoute, period: number) => {
    const k = key(route.id, String(period));
    let d = departureIndex.get(k);
    if (d === undefined) {
      d = departures.length;
      departures.push({ index: d, route, period });
      departureIndex.set(k, d);
    }
    return d;
  };
  const optionsByItemAndDestination = new Map<string, Map<string, ShipmentOption[]>>();
  for (const [k, latest] of [...latestArrival].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [itemId, destinationId] = k.split('\u0000') as [string, string];
    const list: ShipmentOption[] = [];
    for (const route of routesByDestination.get(destinationId) ?? []) {
      for (let period = 0; ; period++) {
        const dispatchDay = planDay + period * route.periodDays;
        const arrivalDay = dispatchDay + route.leadTimeDays;
        if (arrivalDay > latest) break;
        const option: ShipmentOption = {
          index: options.length,
          itemId,
          route,
          period,
          departure: departureOf(route, period),
          dispatchDay,
          isoDispatch: iso(dispatchDay),
          arrivalDay,
          isoArrival: iso(arrivalDay),
          minExpiryDay: arrivalDay + minShelfLifeDays(itemId),
        };
        options.push(option);
        list.push(option);
      }
    }
    const byDestination = optionsByItemAndDestination.get(itemId) ?? new Map<string, ShipmentOption[]>();
    byDestination.set(destinationId, list);
    optionsByItemAndDestination.set(itemId, byDestination);
  }
  return {
    input,
    planDay,
    items,
    recipes,
    options,
    departures,
    optionsByItemAndDestination,
    minShelfLifeDays,
    neededByDay,
    expiryDay,
    lotExpiryDays,
    lotIndex,
    expiryScore,
    expectedDay,
  };
}
