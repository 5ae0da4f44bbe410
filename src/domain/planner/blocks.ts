import type { Highs } from 'highs';
import { buildCompactModel, readFlows, startFrom } from './compact-model.js';
import type { ShipmentFlows } from './flows.js';
import { priorityRank, type Instance, type ShipmentOption } from './instance.js';
import { buildItemNetwork, supplyByItem, type ItemNetwork } from './item-network.js';
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

export interface Block {
  itemIds: string[];
  /** The shipment options of its items: what it loads on departures. */
  options: ShipmentOption[];
  /** Highest priority rank among its need lines' (0 = critical), and whether it has any of each. */
  hasPriority: boolean[];
  /** Units per kg of its lightest item, for ordering: light blocks fit more units. */
  heaviness: number;
  /**
   * Replaces the block's flows in `flows` by its lexicographic optimum serving need lines of rank
   * ≤ `maxRank`, with `room(departure)` left on each departure (undefined: no limit). Returns
   * whether the result is proven optimal for that sub-problem.
   */
  solve(flows: ShipmentFlows, room: (departure: number) => Room | undefined, maxRank: number, deadline_ms: number): boolean;
}

export function buildBlocks(instance: Instance, highs: Highs): Block[] {
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
    if (!supply.has(kit)) continue;
    parent.set(find(kit), find(kit));
    for (const c of components) parent.set(find(c.itemId), find(kit));
  }
  const groups = new Map<string, string[]>();
  for (const itemId of parent.keys()) {
    const r = find(itemId);
    groups.set(r, [...(groups.get(r) ?? []), itemId]);
  }
  const blocks: Block[] = [];
  const hasPriority = (itemIds: string[]) => {
    const has = [false, false, false, false];
    for (const id of itemIds) for (const n of supply.get(id)?.needs ?? []) has[priorityRank(n.priority)] = true;
    return has;
  };
  const heaviness = (itemIds: string[]) =>
    Math.min(...itemIds.map((id) => instance.items.get(id)?.weightKgPerUnit ?? Infinity));
  for (const [itemId, s] of supply) {
    if (parent.has(itemId) || s.needs.length === 0 || !instance.items.has(itemId)) continue;
    blocks.push(networkBlock(instance, buildItemNetwork(instance, itemId, s), hasPriority([itemId]), heaviness([itemId])));
  }
  for (const itemIds of groups.values()) {
    if (itemIds.every((id) => (supply.get(id)?.needs.length ?? 0) === 0)) continue;
    blocks.push(kitBlock(instance, highs, itemIds.sort(), hasPriority(itemIds), heaviness(itemIds)));
  }
  return blocks;
}

/** Whole units of an item that fit in the room left on a departure. */
export function unitsThatFit(room: Room, weightKgPerUnit: number, volumeM3PerUnit: number): number {
  // A tiny allowance so that loads summed in floating point are not refused a unit they fit.
  return Math.max(0, Math.floor(Math.min((room.kg + 1e-9) / weightKgPerUnit, (room.m3 + 1e-9) / volumeM3PerUnit) + 1e-9));
}

function networkBlock(instance: Instance, network: ItemNetwork, hasPriority: boolean[], heaviness: number): Block {
  const item = instance.items.get(network.itemId)!;
  return {
    itemIds: [network.itemId],
    options: network.options.map((a) => a.option),
    hasPriority,
    heaviness,
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
      }
      for (const { need, arc } of network.needArcs) flows.servedUnits.set(need.id, graph.flow(arc));
      return true;
    },
  };
}

function kitBlock(instance: Instance, highs: Highs, itemIds: string[], hasPriority: boolean[], heaviness: number): Block {
  const inBlock = new Set(itemIds);
  const options = instance.options.filter((o) => inBlock.has(o.itemId));
  const needIds = instance.input.needs.filter((n) => inBlock.has(n.itemId)).map((n) => n.id);
  return {
    itemIds,
    options,
    hasPriority,
    heaviness,
    solve(flows, room, maxRank, deadline_ms) {
      const compact = buildCompactModel(instance, { itemIds: inBlock, capacity: room, maxPriorityRank: maxRank });
      // Start from the block's current flows: they still fit, since the room includes their load.
      const solution = solveStaged(compact.model, highs, { deadline_ms, start: startFrom(compact, options, flows) });
      if (!solution) return false;
      readFlows(compact, solution.values, options, needIds, flows);
      return solution.provenStages === compact.model.objectives.length;
    },
  };
}
