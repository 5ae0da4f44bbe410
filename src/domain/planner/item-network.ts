import { priorityRank, type Instance, type ShipmentOption } from './instance.js';
import { CostPacking, FlowGraph, UNBOUNDED } from './min-cost-flow.js';
import type { PlanNeedLine } from './types.js';
import { append } from './group.js';
import { lowerBound } from './sorted.js';

/**
 * One item's planning problem without route capacity, as a flow network (docs/planner.md,
 * "fast exact path"). Stock enters at expiry buckets per warehouse, one per distinct minimum
 * expiry a departure of the item asks for; a bucket's stock may also serve less demanding
 * departures (chain arcs downwards). Pledges enter at the first departure day after they arrive
 * and may wait for later ones. Each departure of the item is one arc, so its capacity can be set
 * to the units it may carry; it reaches the first need line at the destination whose needed-by
 * date it meets, and arrivals may wait for later need lines.
 *
 * Costs are vectors: −1 in the component of the need's priority for each unit served, then the
 * congestion of the departures used (zero unless the staged fill sets it), then days on the road.
 * Shelf life is not a cost here: which lots a departure takes is decided afterwards,
 * first-expiry-first-out (`recover.ts`), which is exact for given departures (docs/planner.md,
 * "Ties"); as a flow cost it multiplied the solver's work by ten.
 */
const COST_WIDTH = 6;
const CONGESTION = 4;
const ROUTE_DAYS = 5;
/** Largest congestion cost per unit on one departure. */
export const MAX_CONGESTION = 1000;

export interface OptionArcs {
  option: ShipmentOption;
  /** For kits: arc from the warehouse's assembly chain (unlimited until capped), else −1. */
  kitArc: number;
  /** Arc from the item's lots (−1 when no lot qualifies) and from its pledges (−1 when none arrive in time). */
  lotArc: number;
  pledgeArc: number;
  /** The departure itself: its capacity is the units of this item it may carry. */
  shipArc: number;
}

export interface ItemNetwork {
  itemId: string;
  graph: FlowGraph;
  source: number;
  sink: number;
  options: OptionArcs[];
  needArcs: { need: PlanNeedLine; arc: number }[];
  /** Per warehouse: bucket thresholds, the arc bringing each bucket's stock (−1: none) and its units. */
  stock: Map<string, { thresholds: number[]; arcs: number[]; units: number[] }>;
  /**
   * For kits, per warehouse: the minimum expiries its departures ask of components, ascending, and
   * the arc into each link of the assembly chain. Kits drawn at threshold j or above pass the arc
   * into link j, so its capacity bounds the kits whose components expire on or after it.
   */
  assembly: Map<string, { thresholds: number[]; arcs: number[] }>;
}

const cost = (component: number, value: number): number[] => {
  const c = new Array<number>(COST_WIDTH).fill(0);
  c[component] = value;
  return c;
};
/** The cost of arcs that only move stock or wait: nothing. */
const FREE = cost(0, 0);


export interface ItemSupply {
  lotsByWarehouse: Map<string, { expiryDay: number; units: number }[]>;
  pledgesByWarehouse: Map<string, { expectedDay: number; units: number }[]>;
  needs: PlanNeedLine[];
  options: ShipmentOption[];
}

/** Lots, pledges, needs and departures of each item, grouped once for all networks. */
export function supplyByItem(instance: Instance): Map<string, ItemSupply> {
  const { input } = instance;
  const out = new Map<string, ItemSupply>();
  const of = (itemId: string) => {
    let s = out.get(itemId);
    if (!s) {
      s = { lotsByWarehouse: new Map(), pledgesByWarehouse: new Map(), needs: [], options: [] };
      out.set(itemId, s);
    }
    return s;
  };
  input.lots.forEach((l, i) => l.quantityUnits > 0 && append(of(l.itemId).lotsByWarehouse, l.warehouseId, { expiryDay: instance.lotExpiryDays[i]!, units: l.quantityUnits }));
  for (const p of input.pledges) if (p.quantityUnits > 0) append(of(p.itemId).pledgesByWarehouse, p.warehouseId, { expectedDay: instance.expectedDay(p), units: p.quantityUnits });
  for (const n of input.needs) if (n.quantityUnits > 0 && instance.items.has(n.itemId)) of(n.itemId).needs.push(n);
  for (const o of instance.options) of(o.itemId).options.push(o);
  return out;
}

/**
 * `reserveAt` adds bucket thresholds per warehouse where kits may draw this item as a component;
 * `assembles` gives a kit's departures an arc for kits assembled at the warehouse.
 */
export function buildItemNetwork(instance: Instance, itemId: string, supply: ItemSupply, reserveAt = new Map<string, number[]>(), assembles = false): ItemNetwork {
  // Bounds on |component| of a simple path's cost: each need arc and each departure at most once.
  const needsOfRank = [0, 0, 0, 0];
  for (const n of supply.needs) needsOfRank[priorityRank(n.priority)]!++;
  const longestLead = Math.max(0, ...supply.options.map((o) => o.route.leadTimeDays));
  const graph = new FlowGraph(new CostPacking([...needsOfRank, supply.options.length * MAX_CONGESTION, supply.options.length * longestLead]));
  const source = graph.addNode();
  const optionsByWarehouse = new Map<string, ShipmentOption[]>();
  for (const o of supply.options) append(optionsByWarehouse, o.route.warehouseId, o);

  // Lot buckets, created from the most demanding down so that chain arcs go to higher nodes.
  const bucketNode = new Map<string, { thresholds: number[]; nodes: number[] }>();
  const stock = new Map<string, { thresholds: number[]; arcs: number[]; units: number[] }>();
  for (const [warehouseId, lots] of supply.lotsByWarehouse) {
    const options = optionsByWarehouse.get(warehouseId) ?? [];
    const thresholds = [...new Set([...options.map((o) => o.minExpiryDay), ...(reserveAt.get(warehouseId) ?? [])])].sort((a, b) => a - b);
    if (thresholds.length === 0) continue;
    const nodes = new Array<number>(thresholds.length);
    for (let j = thresholds.length - 1; j >= 0; j--) {
      nodes[j] = graph.addNode();
      if (j + 1 < thresholds.length) graph.addArc(nodes[j + 1]!, nodes[j]!, UNBOUNDED, FREE);
    }
    const unitsInBucket = thresholds.map(() => 0);
    for (const l of lots) if (l.expiryDay >= thresholds[0]!) unitsInBucket[lowerBound(thresholds, l.expiryDay + 1) - 1]! += l.units;
    const arcs = unitsInBucket.map((units, j) => (units > 0 ? graph.addArc(source, nodes[j]!, units, FREE) : -1));
    bucketNode.set(warehouseId, { thresholds, nodes });
    stock.set(warehouseId, { thresholds, arcs, units: unitsInBucket });
  }

  // Pledge chains over the item's departure days from each warehouse.
  const pledgeNode = new Map<string, { days: number[]; nodes: number[] }>();
  for (const [warehouseId, pledges] of supply.pledgesByWarehouse) {
    const options = optionsByWarehouse.get(warehouseId);
    if (!options) continue;
    const days = [...new Set(options.map((o) => o.dispatchDay))].sort((a, b) => a - b);
    const nodes = days.map(() => graph.addNode());
    for (let j = 0; j + 1 < nodes.length; j++) graph.addArc(nodes[j]!, nodes[j + 1]!, UNBOUNDED, FREE);
    const unitsByDay = days.map(() => 0);
    for (const p of pledges) {
      const j = lowerBound(days, p.expectedDay);
      if (j < days.length) unitsByDay[j]! += p.units;
    }
    unitsByDay.forEach((units, j) => units > 0 && graph.addArc(source, nodes[j]!, units, FREE));
    pledgeNode.set(warehouseId, { days, nodes });
  }

  // Assembly chains for kits: source → link 0 → link 1 → …, one link per threshold.
  const assembly = new Map<string, { thresholds: number[]; arcs: number[]; nodes: number[] }>();
  if (assembles) {
    for (const [warehouseId, options] of optionsByWarehouse) {
      const thresholds = [...new Set(options.map((o) => o.minExpiryDay))].sort((a, b) => a - b);
      const nodes = thresholds.map(() => graph.addNode());
      const arcs = nodes.map((node, j) => graph.addArc(j === 0 ? source : nodes[j - 1]!, node, UNBOUNDED, FREE));
      assembly.set(warehouseId, { thresholds, arcs, nodes });
    }
  }

  // Departures, then arrival chains per destination.
  const optionNodes: { option: ShipmentOption; node: number; lotArc: number; pledgeArc: number; kitArc: number }[] = [];
  for (const o of supply.options) {
    const lots = bucketNode.get(o.route.warehouseId);
    const pledges = pledgeNode.get(o.route.warehouseId);
    if (!lots && !pledges && !assembles) continue;
    const node = graph.addNode();
    const at = lots ? lowerBound(lots.thresholds, o.minExpiryDay) : 0;
    const lotArc = lots && at < lots.nodes.length ? graph.addArc(lots.nodes[at]!, node, UNBOUNDED, FREE) : -1;
    const pledgeArc = pledges ? graph.addArc(pledges.nodes[lowerBound(pledges.days, o.dispatchDay)]!, node, UNBOUNDED, FREE) : -1;
    const chain = assembly.get(o.route.warehouseId);
    const kitArc = chain ? graph.addArc(chain.nodes[lowerBound(chain.thresholds, o.minExpiryDay)]!, node, UNBOUNDED, FREE) : -1;
    optionNodes.push({ option: o, node, lotArc, pledgeArc, kitArc });
  }
  const needsByDestination = new Map<string, PlanNeedLine[]>();
  for (const n of supply.needs) append(needsByDestination, n.destinationId, n);
  const arrival = new Map<string, { deadlines: number[]; nodes: number[] }>();
  const needArcs: { need: PlanNeedLine; arc: number }[] = [];
  const sinkArcs: { from: number; need: PlanNeedLine }[] = [];
  for (const [destinationId, needs] of needsByDestination) {
    const sorted = needs.sort((a, b) => instance.neededByDay.get(a.id)! - instance.neededByDay.get(b.id)! || (a.id < b.id ? -1 : 1));
    const deadlines = sorted.map((n) => instance.neededByDay.get(n.id)!);
    const nodes = sorted.map(() => graph.addNode());
    for (let j = 0; j + 1 < nodes.length; j++) graph.addArc(nodes[j]!, nodes[j + 1]!, UNBOUNDED, FREE);
    sorted.forEach((n, j) => sinkArcs.push({ from: nodes[j]!, need: n }));
    arrival.set(destinationId, { deadlines, nodes });
  }
  const sink = graph.addNode();
  for (const { from, need } of sinkArcs) needArcs.push({ need, arc: graph.addArc(from, sink, need.quantityUnits, cost(priorityRank(need.priority), -1)) });
  const options: OptionArcs[] = [];
  for (const { option, node, lotArc, pledgeArc, kitArc } of optionNodes) {
    const chain = arrival.get(option.route.destinationId)!;
    const to = chain.nodes[lowerBound(chain.deadlines, option.arrivalDay)]!;
    options.push({ option, lotArc, pledgeArc, kitArc, shipArc: graph.addArc(node, to, UNBOUNDED, cost(ROUTE_DAYS, option.route.leadTimeDays)) });
  }
  return { itemId, graph, source, sink, options, needArcs, stock, assembly };
}

export interface Draw {
  warehouseId: string;
  minExpiryDay: number;
  units: number;
}

/** Sets the congestion cost per unit of each departure the item uses (0 … MAX_CONGESTION). */
export function setCongestion(network: ItemNetwork, congestion: (departure: number) => number): void {
  const c = cost(0, 0);
  for (const a of network.options) {
    c[CONGESTION] = Math.min(MAX_CONGESTION, Math.max(0, Math.round(congestion(a.option.departure))));
    c[ROUTE_DAYS] = a.option.route.leadTimeDays;
    network.graph.setCost(a.shipArc, c);
  }
}

/**
 * Takes `draws` out of per-bucket stock, most demanding first, each from the earliest-expiring
 * bucket that qualifies: the qualifying sets are nested, so this succeeds whenever the draws can
 * be met at all, and it leaves the longest-dated stock. Changes `units` in place.
 */
export function takeStock(stock: ItemNetwork['stock'], draws: readonly Draw[]): void {
  for (const d of [...draws].sort((a, b) => b.minExpiryDay - a.minExpiryDay)) {
    const s = stock.get(d.warehouseId);
    if (!s) continue;
    let want = d.units;
    for (let j = lowerBound(s.thresholds, d.minExpiryDay); j < s.units.length && want > 0; j++) {
      const take = Math.min(want, s.units[j]!);
      s.units[j]! -= take;
      want -= take;
    }
  }
}

/** Reserves `draws` (kit components) so that the network's own needs cannot use that stock. */
export function reserveStock(network: ItemNetwork, draws: readonly Draw[]): void {
  takeStock(network.stock, draws);
  for (const s of network.stock.values()) s.arcs.forEach((arc, j) => arc >= 0 && network.graph.setCapacity(arc, s.units[j]!));
}

/** What a solved network draws from its lots, per departure threshold. */
export function lotDraws(network: ItemNetwork): Draw[] {
  return network.options
    .filter((a) => a.lotArc >= 0 && network.graph.flow(a.lotArc) > 0)
    .map((a) => ({ warehouseId: a.option.route.warehouseId, minExpiryDay: a.option.minExpiryDay, units: network.graph.flow(a.lotArc) }));
}
