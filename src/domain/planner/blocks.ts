import type { Highs } from 'highs';
import { unitsThatFit } from './capacity.js';
import { buildCompactModel, readFlows, roundingColumns, startFrom } from './compact-model.js';
import type { ShipmentFlows } from './flows.js';
import { priorityRank, type Instance, type ShipmentOption } from './instance.js';
import type { PlanNeedLine } from './types.js';
import { buildItemNetwork, reserveStock, supplyByItem, type ItemNetwork, type ItemSupply } from './item-network.js';
import { solveStaged } from './staged-mip.js';

/**
 * The planner splits the items into blocks that share nothing but route capacity: a single
 * item (solved as a flow network), or a kit with its components, which share stock through kit
 * assembly (solved by HiGHS on the compact model restricted to those items). A block is solved
 * for the kg and m³ each departure leaves it, serving need lines up to a priority.
 */
export interface Room {
  kg: number;
  m3: number;
}

export interface BlockResult {
  /** Stages (priorities, critical first) proven optimal for the block's own sub-problem. */
  provenStages: number;
  /** An upper bound on the first stage not proven. */
  bound: number | undefined;
}

export interface Block {
  itemIds: string[];
  /** Its need lines. */
  needs: PlanNeedLine[];
  /** The shipment options of its items: what it loads on departures. */
  options: ShipmentOption[];
  /** Whether it has need lines of each priority rank (0 = critical). */
  hasPriority: boolean[];
  /** Kg per unit of its lightest item, for ordering: light blocks fit more units in a kilogram. */
  heaviness: number;
  /**
   * Replaces the block's flows in `flows` by its lexicographic optimum serving need lines of rank
   * ≤ `maxRank`, with `room(departure)` left on each departure (undefined: no limit). With
   * `prove` false a kit group settles for a good whole solution instead of branch and bound.
   */
  solve(flows: ShipmentFlows, room: (departure: number) => Room | undefined, maxRank: number, deadline_ms: number, prove?: boolean): BlockResult;
}

type About = Pick<Block, 'itemIds' | 'needs' | 'hasPriority' | 'heaviness'>;

export interface Blocks {
  /** Items outside any kit group, one network each. */
  plain: Block[];
  /** Each kit with its components, solved by HiGHS. */
  kitGroups: Block[];
  /**
   * Network blocks for the kit groups with kit assembly fixed to what `flows` assembles: the kit's
   * departures may carry up to those kits, and its components' stock is reserved for them.
   */
  withAssemblyFixed(flows: ShipmentFlows): Block[];
}

export function buildBlocks(instance: Instance, highs: Highs): Blocks {
  const supply = supplyByItem(instance);
  // Kits and their components, closed under recipes (a component may serve several kits).
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const [kit, components] of instance.recipes) {
    parent.set(find(kit), find(kit));
    for (const c of components) parent.set(find(c.itemId), find(kit));
  }
  const groups = new Map<string, string[]>();
  for (const itemId of parent.keys()) {
    const r = find(itemId);
    groups.set(r, [...(groups.get(r) ?? []), itemId]);
  }
  const hasNeeds = (itemIds: string[]) => itemIds.some((id) => (supply.get(id)?.needs.length ?? 0) > 0 && instance.items.has(id));
  const described = (itemIds: string[]) => {
    const hasPriority = [false, false, false, false];
    for (const id of itemIds) for (const n of supply.get(id)?.needs ?? []) hasPriority[priorityRank(n.priority)] = true;
    const needs = itemIds.flatMap((id) => supply.get(id)?.needs ?? []);
    return { itemIds, needs, hasPriority, heaviness: Math.min(...itemIds.map((id) => instance.items.get(id)?.weightKgPerUnit ?? Infinity)) };
  };
  const plain: Block[] = [];
  for (const [itemId, s] of supply) {
    if (!parent.has(itemId) && hasNeeds([itemId])) plain.push(networkBlock(instance, buildItemNetwork(instance, itemId, s), described([itemId])));
  }
  const kitItemGroups = [...groups.values()].filter(hasNeeds).map((ids) => ids.sort());
  return {
    plain,
    kitGroups: kitItemGroups.map((ids) => kitBlock(instance, highs, described(ids))),
    withAssemblyFixed: (flows) => kitItemGroups.flatMap((ids) => fixedAssemblyBlocks(instance, supply, ids, flows, described)),
  };
}

function networkBlock(instance: Instance, network: ItemNetwork, about: About): Block {
  const item = instance.items.get(network.itemId)!;
  return {
    ...about,
    options: network.options.map((a) => a.option),
    solve(flows, room, maxRank) {
      const { graph } = network;
      for (const a of network.options) {
        const r = room(a.option.departure);
        graph.setCapacity(a.shipArc, r ? unitsThatFit(r, item.weightKgPerUnit, item.volumeM3PerUnit) : Number.MAX_SAFE_INTEGER);
      }
      for (const { need, arc } of network.needArcs) graph.setCapacity(arc, priorityRank(need.priority) <= maxRank ? need.quantityUnits : 0);
      graph.reset();
      graph.solve(network.source, network.sink);
      for (const a of network.options) {
        flows.fromLotsUnits[a.option.index] = a.lotArc < 0 ? 0 : graph.flow(a.lotArc);
        flows.fromPledgesUnits[a.option.index] = a.pledgeArc < 0 ? 0 : graph.flow(a.pledgeArc);
        flows.kitsAssembledUnits[a.option.index] = a.kitArc < 0 ? 0 : graph.flow(a.kitArc);
      }
      for (const { need, arc } of network.needArcs) flows.servedUnits.set(need.id, graph.flow(arc));
      return { provenStages: 4, bound: undefined };
    },
  };
}

function kitBlock(instance: Instance, highs: Highs, about: About): Block {
  const inBlock = new Set(about.itemIds);
  const options = instance.options.filter((o) => inBlock.has(o.itemId));
  const needIds = about.needs.map((n) => n.id);
  return {
    ...about,
    options,
    solve(flows, room, maxRank, deadline_ms, prove = true) {
      const compact = buildCompactModel(instance, { itemIds: inBlock, capacity: room, maxPriorityRank: maxRank });
      // Start from the block's current flows: they still fit, since the room includes their load.
      const solution = solveStaged(compact.model, highs, {
        deadline_ms,
        start: startFrom(compact, options, flows),
        roundDown: roundingColumns(compact),
        branchAndBound: prove,
      });
      if (!solution) return { provenStages: 0, bound: undefined };
      readFlows(compact, solution.values, options, needIds, flows);
      return { provenStages: solution.provenStages >= compact.model.objectives.length ? 4 : solution.provenStages, bound: solution.bound };
    },
  };
}

function fixedAssemblyBlocks(
  instance: Instance,
  supply: Map<string, ItemSupply>,
  itemIds: string[],
  flows: ShipmentFlows,
  described: (ids: string[]) => About,
): Block[] {
  const draws = new Map<string, { warehouseId: string; minExpiryDay: number; units: number }[]>();
  const reserveAt = new Map<string, Map<string, number[]>>();
  for (const itemId of itemIds) {
    const recipe = instance.recipes.get(itemId);
    if (!recipe) continue;
    for (const o of supply.get(itemId)?.options ?? []) {
      for (const c of recipe) {
        const at = reserveAt.get(c.itemId) ?? new Map<string, number[]>();
        at.set(o.route.warehouseId, [...(at.get(o.route.warehouseId) ?? []), o.minExpiryDay]);
        reserveAt.set(c.itemId, at);
        const kits = flows.kitsAssembledUnits[o.index]!;
        if (kits > 0) draws.set(c.itemId, [...(draws.get(c.itemId) ?? []), { warehouseId: o.route.warehouseId, minExpiryDay: o.minExpiryDay, units: kits * c.quantityUnits }]);
      }
    }
  }
  const blocks: Block[] = [];
  for (const itemId of itemIds) {
    const s = supply.get(itemId);
    if (!s || !instance.items.has(itemId)) continue;
    const network = buildItemNetwork(instance, itemId, s, reserveAt.get(itemId), instance.recipes.has(itemId));
    reserveStock(network, draws.get(itemId) ?? []);
    for (const a of network.options) if (a.kitArc >= 0) network.graph.setCapacity(a.kitArc, flows.kitsAssembledUnits[a.option.index]!);
    if (s.needs.length > 0 || network.options.some((a) => a.kitArc >= 0)) blocks.push(networkBlock(instance, network, described([itemId])));
  }
  return blocks;
}
