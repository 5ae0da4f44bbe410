import { compositeKey, priorityRank, type Instance, type ShipmentOption } from './instance.js';
import type { ShipmentFlows } from './flows.js';
import { LinearModel } from './linear-model.js';
import { PLAN_OBJECTIVES, servedObjective } from './objectives.js';
import type { PlanNeedLine, PlanPledge } from './types.js';
import { lowerBound } from './sorted.js';

/**
 * The exact model in its compact form (docs/planner.md, "compact network"). Instead of one
 * variable per lot × need × departure, each item's stock at a warehouse is a chain of expiry
 * dates: a departure that needs expiry ≥ d draws from the first node on or after d, and stock
 * can move down the chain to serve less demanding departures. Pledges form a chain by expected
 * date, and each item's needs at a destination a chain by needed-by date, where early arrivals
 * wait for later needs. Only route capacity (kg, m³) and kit assembly couple items.
 */
export interface CompactModel {
  model: LinearModel;
  /** Column of each option's units from lots, pledges and assembled kits, or -1 when it has none. */
  fromLots: Int32Array;
  fromPledges: Int32Array;
  kitsAssembled: Int32Array;
  /** Column of each need line's served units. */
  served: Map<string, number>;
}

const NONE = -1;

interface LotChain {
  /** Distinct expiry days, ascending (Infinity for goods that do not expire). */
  nodeExpiryDay: number[];
  nodeRow: number[];
}

function groupBy<T>(values: readonly T[], keyOf: (v: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const v of values) {
    const k = keyOf(v);
    const g = groups.get(k);
    if (g) g.push(v);
    else groups.set(k, [v]);
  }
  return groups;
}


/**
 * Which part of the problem to model: the items (closed under kit recipes) and the kg and m³
 * each departure may still take; without `capacity`, each route's own capacity. `capacity` may
 * return undefined for a departure that has no limit (the relaxation of the fast path).
 */
export interface ModelScope {
  itemIds?: ReadonlySet<string>;
  capacity?: (departure: number) => { kg: number; m3: number } | undefined;
  /** Leave out need lines of lower priority than this rank (0 = critical). */
  maxPriorityRank?: number;
}

export function buildCompactModel(instance: Instance, scope: ModelScope = {}): CompactModel {
  const inScope = (x: { itemId: string }) => !scope.itemIds || scope.itemIds.has(x.itemId);
  const input = {
    ...instance.input,
    lots: instance.input.lots.filter(inScope),
    pledges: instance.input.pledges.filter(inScope),
    needs: instance.input.needs.filter((n) => inScope(n) && priorityRank(n.priority) <= (scope.maxPriorityRank ?? Infinity)),
  };
  const all = instance.options;
  const options = all.filter(inScope);
  const model = new LinearModel(PLAN_OBJECTIVES);
  const fromLots = new Int32Array(all.length).fill(NONE);
  const fromPledges = new Int32Array(all.length).fill(NONE);
  const kitsAssembled = new Int32Array(all.length).fill(NONE);
  const componentOf = new Map<string, string[]>();
  for (const [kitItemId, components] of instance.recipes) {
    if (scope.itemIds && !scope.itemIds.has(kitItemId)) continue;
    for (const c of components) componentOf.set(c.itemId, [...(componentOf.get(c.itemId) ?? []), kitItemId]);
  }
  const optionsByItemWarehouse = groupBy(options, (o) => compositeKey(o.itemId, o.route.warehouseId));

  // Lot chains: one ranged row per distinct expiry, 0 ≤ used ≤ stock, and a column per chain link.
  const lotChains = new Map<string, LotChain>();
  for (const [k, lots] of groupBy(input.lots, (l) => compositeKey(l.itemId, l.warehouseId))) {
    const [itemId, warehouseId] = k.split('\u0000') as [string, string];
    const demanding = [
      ...(optionsByItemWarehouse.get(k) ?? []).map((o) => o.minExpiryDay),
      ...(componentOf.get(itemId) ?? []).flatMap((kit) =>
        (optionsByItemWarehouse.get(compositeKey(kit, warehouseId)) ?? []).map((o) => o.minExpiryDay),
      ),
    ];
    if (demanding.length === 0) continue;
    const lowest = Math.min(...demanding);
    const supply = new Map<number, number>();
    for (const lot of lots) {
      const day = instance.expiryDay(lot.expiresOn);
      if (day >= lowest && lot.quantityUnits > 0) supply.set(day, (supply.get(day) ?? 0) + lot.quantityUnits);
    }
    const nodeExpiryDay = [...supply.keys()].sort((a, b) => a - b);
    if (nodeExpiryDay.length === 0) continue;
    const nodeRow = nodeExpiryDay.map((d) => model.addRow(0, supply.get(d)!));
    for (let j = 1; j < nodeExpiryDay.length; j++) {
      // Stock of node j serving a departure attached below it: leaves row j, enters row j-1.
      const link = model.addColumn(0, Infinity, false);
      model.addEntry(link, nodeRow[j]!, 1);
      model.addEntry(link, nodeRow[j - 1]!, -1);
    }
    lotChains.set(k, { nodeExpiryDay, nodeRow });
  }
  const lotNode = (itemId: string, warehouseId: string, minExpiryDay: number) => {
    const chain = lotChains.get(compositeKey(itemId, warehouseId));
    if (!chain) return undefined;
    const j = lowerBound(chain.nodeExpiryDay, minExpiryDay);
    return j < chain.nodeExpiryDay.length ? chain.nodeRow[j]! : undefined;
  };

  // Pledge chains: one row per departure day of the item from the warehouse.
  const pledgeRowByOption = new Map<number, number>();
  for (const [k, pledges] of groupBy(input.pledges, (p: PlanPledge) => compositeKey(p.itemId, p.warehouseId))) {
    const departures = [...new Set((optionsByItemWarehouse.get(k) ?? []).map((o) => o.dispatchDay))].sort((a, b) => a - b);
    if (departures.length === 0) continue;
    const supply = departures.map(() => 0);
    for (const p of pledges) {
      const j = lowerBound(departures, instance.expectedDay(p));
      if (j < departures.length) supply[j]! += p.quantityUnits;
    }
    const rows = supply.map((s) => model.addRow(0, s));
    for (let j = 0; j + 1 < rows.length; j++) {
      const carry = model.addColumn(0, Infinity, false);
      model.addEntry(carry, rows[j]!, 1);
      model.addEntry(carry, rows[j + 1]!, -1);
    }
    for (const o of optionsByItemWarehouse.get(k) ?? []) pledgeRowByOption.set(o.index, rows[lowerBound(departures, o.dispatchDay)]!);
  }

  // Arrival chains: each option enters at the first need it can reach in time.
  const served = new Map<string, number>();
  const entryRow = new Map<number, number>();
  for (const needs of groupBy(input.needs, (n: PlanNeedLine) => compositeKey(n.itemId, n.destinationId)).values()) {
    const sorted = needs
      .filter((n) => n.quantityUnits > 0)
      .sort((a, b) => instance.neededByDay.get(a.id)! - instance.neededByDay.get(b.id)! || (a.id < b.id ? -1 : 1));
    const first = sorted[0];
    if (!first) continue;
    const deadlines = sorted.map((n) => instance.neededByDay.get(n.id)!);
    const rows = sorted.map(() => model.addRow(0, 0));
    sorted.forEach((n, j) => {
      const z = model.addColumn(0, n.quantityUnits, true);
      model.addEntry(z, rows[j]!, -1);
      model.addCost(z, servedObjective(n.priority), 1);
      served.set(n.id, z);
      if (j + 1 < rows.length) {
        const wait = model.addColumn(0, Infinity, false);
        model.addEntry(wait, rows[j]!, -1);
        model.addEntry(wait, rows[j + 1]!, 1);
      }
    });
    for (const o of (instance.optionsByItemAndDestination.get(first.itemId)?.get(first.destinationId) ?? []).filter(inScope)) {
      entryRow.set(o.index, rows[lowerBound(deadlines, o.arrivalDay)]!);
    }
  }

  // Route capacity per departure, in kg and m³.
  const capacityRows = new Map<number, { kg: number; m3: number } | undefined>();
  const capacityOf = (o: ShipmentOption) => {
    if (!capacityRows.has(o.departure)) {
      const limit = scope.capacity ? scope.capacity(o.departure) : { kg: o.route.capacityKgPerPeriod, m3: o.route.capacityM3PerPeriod };
      capacityRows.set(o.departure, limit && { kg: model.addRow(-Infinity, limit.kg), m3: model.addRow(-Infinity, limit.m3) });
    }
    return capacityRows.get(o.departure);
  };

  for (const o of options) {
    const arrival = entryRow.get(o.index);
    if (arrival === undefined) continue;
    const item = instance.items.get(o.itemId)!;
    const ship = (column: number) => {
      const cap = capacityOf(o);
      model.addEntry(column, arrival, 1);
      if (cap) {
        model.addEntry(column, cap.kg, item.weightKgPerUnit);
        model.addEntry(column, cap.m3, item.volumeM3PerUnit);
      }
      return column;
    };
    const node = lotNode(o.itemId, o.route.warehouseId, o.minExpiryDay);
    if (node !== undefined) {
      const x = ship(model.addColumn(0, Infinity, true));
      model.addEntry(x, node, 1);
      fromLots[o.index] = x;
    }
    const pledgeRow = pledgeRowByOption.get(o.index);
    if (pledgeRow !== undefined) {
      const x = ship(model.addColumn(0, Infinity, true));
      model.addEntry(x, pledgeRow, 1);
      fromPledges[o.index] = x;
    }
    const recipe = instance.recipes.get(o.itemId);
    if (recipe) {
      const nodes = recipe.map((c) => lotNode(c.itemId, o.route.warehouseId, o.minExpiryDay));
      if (nodes.every((n) => n !== undefined)) {
        const x = ship(model.addColumn(0, Infinity, true));
        recipe.forEach((c, i) => model.addEntry(x, nodes[i]!, c.quantityUnits));
        kitsAssembled[o.index] = x;
      }
    }
  }
  return { model, fromLots, fromPledges, kitsAssembled, served };
}

/** A start for HiGHS from given flows: the integer columns of `options` and of the served units. */
export function startFrom(compact: CompactModel, options: readonly ShipmentOption[], flows: ShipmentFlows) {
  const indices: number[] = [];
  const values: number[] = [];
  const put = (column: number, value: number) => {
    if (column >= 0) {
      indices.push(column);
      values.push(value);
    }
  };
  for (const o of options) {
    put(compact.fromLots[o.index]!, flows.fromLotsUnits[o.index]!);
    put(compact.fromPledges[o.index]!, flows.fromPledgesUnits[o.index]!);
    put(compact.kitsAssembled[o.index]!, flows.kitsAssembledUnits[o.index]!);
  }
  for (const [needId, column] of compact.served) put(column, flows.servedUnits.get(needId) ?? 0);
  return { indices, values };
}

/** Writes a HiGHS solution's whole units for `options` and `needIds` into `flows`. */
export function readFlows(compact: CompactModel, values: Float64Array, options: readonly ShipmentOption[], needIds: readonly string[], flows: ShipmentFlows): void {
  const units = (column: number | undefined) => (column === undefined || column < 0 ? 0 : Math.round(values[column]!));
  for (const o of options) {
    flows.fromLotsUnits[o.index] = units(compact.fromLots[o.index]);
    flows.fromPledgesUnits[o.index] = units(compact.fromPledges[o.index]);
    flows.kitsAssembledUnits[o.index] = units(compact.kitsAssembled[o.index]);
  }
  for (const id of needIds) flows.servedUnits.set(id, units(compact.served.get(id)));
}

/**
 * Columns to round down when the LP is fractional (staged-mip.ts): kits assembled, which is all
 * that breaks the network structure without capacity rows; with them (`shipments`), every unit
 * shipped, so that what is left fits and is a network again.
 */
export function roundingColumns(compact: CompactModel, shipments = false): number[] {
  const columns = shipments ? [...compact.fromLots, ...compact.fromPledges, ...compact.kitsAssembled] : [...compact.kitsAssembled];
  return [...new Set(columns.filter((c) => c >= 0))].sort((a, b) => a - b);
}
