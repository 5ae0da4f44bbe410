import type { Highs } from 'highs';
import { unitsThatFit } from './capacity.js';
import { buildCompactModel, readFlows, roundingColumns, startFrom } from './compact-model.js';
import { compareVectors, emptyFlows, type ShipmentFlows } from './flows.js';
import { priorityRank, type Instance, type ShipmentOption } from './instance.js';
import type { PlanNeedLine } from './types.js';
import { lowerBound } from './sorted.js';
import { buildItemNetwork, lotDraws, reserveStock, setCongestion, supplyByItem, takeStock, type Draw, type ItemNetwork, type ItemSupply } from './item-network.js';
import { append } from './group.js';
import { proveByLp, solveStaged } from './staged-mip.js';

/**
 * The planner splits the items into blocks that share nothing but route capacity: a single
 * item (solved as a flow network), or a kit with its components, which share stock through kit
 * assembly (solved by networks with a bound, or proven by HiGHS on the compact model restricted
 * to those items). A block is solved for the kg and m³ each departure leaves it, serving need
 * lines up to a priority.
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
  /** Network blocks: the congestion cost per unit of each departure, a tie-break after priorities. */
  setCongestion?(congestion: (departure: number) => number): void;
  /** Kit groups without capacity: how far LP bounds prove the units that `flows` serve. */
  proveByLp?(flows: ShipmentFlows, deadline_ms: number): BlockResult;
}

type About = Pick<Block, 'itemIds' | 'needs' | 'hasPriority' | 'heaviness'>;

export interface Blocks {
  /** Items outside any kit group, one network each. */
  plain: Block[];
  /** Each kit with its components: by networks (`prove` false, no capacity) or by HiGHS. */
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
    append(groups, r, itemId);
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
    kitGroups: kitItemGroups.map((ids) => kitBlock(instance, highs, supply, described(ids))),
    withAssemblyFixed: (flows) => kitItemGroups.flatMap((ids) => fixedAssemblyBlocks(instance, supply, ids, flows, described)),
  };
}

function networkBlock(instance: Instance, network: ItemNetwork, about: About): Block {
  const item = instance.items.get(network.itemId)!;
  return {
    ...about,
    options: network.options.map((a) => a.option),
    setCongestion: (congestion) => setCongestion(network, congestion),
    solve(flows, room, maxRank) {
      const { graph } = network;
      for (const a of network.options) {
        const r = room(a.option.departure);
        graph.setCapacity(a.shipArc, r ? unitsThatFit(r, item.weightKgPerUnit, item.volumeM3PerUnit) : Number.MAX_SAFE_INTEGER);
      }
      for (const { need, arc } of network.needArcs) graph.setCapacity(arc, priorityRank(need.priority) <= maxRank ? need.quantityUnits : 0);
      solveNetwork(network, flows);
      return { provenStages: 4, bound: undefined };
    },
  };
}

/** Solves a network from zero flow and writes its units into `flows`. */
function solveNetwork(network: ItemNetwork, flows: ShipmentFlows): void {
  const { graph } = network;
  graph.reset();
  graph.solve(network.source, network.sink);
  for (const a of network.options) {
    flows.fromLotsUnits[a.option.index] = a.lotArc < 0 ? 0 : graph.flow(a.lotArc);
    flows.fromPledgesUnits[a.option.index] = a.pledgeArc < 0 ? 0 : graph.flow(a.pledgeArc);
    flows.kitsAssembledUnits[a.option.index] = a.kitArc < 0 ? 0 : graph.flow(a.kitArc);
  }
  for (const { need, arc } of network.needArcs) flows.servedUnits.set(need.id, graph.flow(arc));
}

function kitBlock(instance: Instance, highs: Highs, supply: Map<string, ItemSupply>, about: About): Block {
  const inBlock = new Set(about.itemIds);
  const options = instance.options.filter((o) => inBlock.has(o.itemId));
  const needIds = about.needs.map((n) => n.id);
  return {
    ...about,
    options,
    proveByLp(flows, deadline_ms) {
      const compact = buildCompactModel(instance, { itemIds: inBlock, capacity: () => undefined });
      const values = [0, 0, 0, 0];
      for (const n of about.needs) values[priorityRank(n.priority)]! += flows.servedUnits.get(n.id) ?? 0;
      return proveByLp(compact.model, highs, values, deadline_ms);
    },
    solve(flows, room, maxRank, deadline_ms, prove = true) {
      if (!prove) {
        if (maxRank !== 3 || room(0) !== undefined) throw new Error('invariant violated: the fast kit solve is for the relaxation only');
        return solveKitGroupByNetworks(instance, supply, about, flows);
      }
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
        append(at, o.route.warehouseId, o.minExpiryDay);
        reserveAt.set(c.itemId, at);
        const kits = flows.kitsAssembledUnits[o.index]!;
        if (kits > 0) append(draws, c.itemId, { warehouseId: o.route.warehouseId, minExpiryDay: o.minExpiryDay, units: kits * c.quantityUnits });
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

/**
 * A kit group without route capacity, by networks only (docs/planner.md, "Kits"): either the
 * components serve their own need lines first and kits are assembled from what is left, or kits
 * take what they can first and the components serve their needs from the rest; the better of
 * the two. Bound: the same group with its component stock counted twice (once for the kits, once
 * for the components' own needs), whose optimum is the sum of the two networks' optima.
 */
function solveKitGroupByNetworks(instance: Instance, supply: Map<string, ItemSupply>, about: About, flows: ShipmentFlows): BlockResult {
  const kits = about.itemIds.filter((id) => instance.recipes.has(id) && supply.has(id) && instance.items.has(id));
  const components = about.itemIds.filter((id) => !instance.recipes.has(id) && supply.has(id) && instance.items.has(id));
  // A kit made of kits: the stock counted for the bound would miss the inner kits' own lots.
  const nested = kits.some((kit) => instance.recipes.get(kit)!.some((c) => instance.recipes.has(c.itemId)));
  const reserveAt = new Map<string, Map<string, number[]>>();
  for (const kit of kits) {
    for (const o of supply.get(kit)!.options) {
      for (const c of instance.recipes.get(kit)!) {
        const at = reserveAt.get(c.itemId) ?? new Map<string, number[]>();
        append(at, o.route.warehouseId, o.minExpiryDay);
        reserveAt.set(c.itemId, at);
      }
    }
  }
  const build = () => ({
    kits: kits.map((id) => buildItemNetwork(instance, id, supply.get(id)!, undefined, true)),
    components: new Map(components.map((id) => [id, buildItemNetwork(instance, id, supply.get(id)!, reserveAt.get(id))])),
  });
  const stockOf = (networks: Map<string, ItemNetwork>) =>
    new Map([...networks].map(([id, n]) => [id, new Map([...n.stock].map(([w, s]) => [w, { ...s, units: [...s.units] }]))]));
  // Caps each kit's assembly chain by the components left in `left`; after solving, takes its
  // draws. Its flows are read at once for the kit's own options and need lines, so one set of
  // flows serves every call (flows over all options are large, and this runs per kit group).
  const trial = emptyFlows(instance);
  const assembleFrom = (kit: ItemNetwork, left: ReturnType<typeof stockOf>) => {
    const recipe = instance.recipes.get(kit.itemId)!;
    for (const [warehouseId, chain] of kit.assembly) {
      chain.thresholds.forEach((t, j) => {
        const kitsThatFit = Math.min(
          ...recipe.map((c) => {
            const s = left.get(c.itemId)?.get(warehouseId);
            if (!s) return 0;
            let units = 0;
            for (let b = lowerBound(s.thresholds, t); b < s.units.length; b++) units += s.units[b]!;
            return Math.floor(units / c.quantityUnits);
          }),
        );
        kit.graph.setCapacity(chain.arcs[j]!, kitsThatFit);
      });
    }
    solveNetwork(kit, trial);
    for (const c of recipe) {
      const draws = kit.options
        .filter((a) => a.kitArc >= 0 && kit.graph.flow(a.kitArc) > 0)
        .map((a) => ({ warehouseId: a.option.route.warehouseId, minExpiryDay: a.option.minExpiryDay, units: kit.graph.flow(a.kitArc) * c.quantityUnits }));
      const s = left.get(c.itemId);
      if (s) takeStock(s, draws);
    }
    return trial;
  };
  const vectorOf = (f: ShipmentFlows, needs: readonly PlanNeedLine[] = about.needs) => {
    const v = [0, 0, 0, 0];
    for (const n of needs) v[priorityRank(n.priority)]! += f.servedUnits.get(n.id) ?? 0;
    return v;
  };
  const merge = (into: ShipmentFlows, from: ShipmentFlows, networks: ItemNetwork[]) => {
    for (const n of networks) {
      for (const a of n.options) {
        const i = a.option.index;
        into.fromLotsUnits[i] = from.fromLotsUnits[i]!;
        into.fromPledgesUnits[i] = from.fromPledgesUnits[i]!;
        into.kitsAssembledUnits[i] = from.kitsAssembledUnits[i]!;
      }
      for (const { need } of n.needArcs) into.servedUnits.set(need.id, from.servedUnits.get(need.id) ?? 0);
    }
  };

  // Components first.
  const a = build();
  const planA = emptyFlows(instance);
  for (const n of a.components.values()) solveNetwork(n, planA);
  const bound = vectorOf(planA);
  const leftA = stockOf(a.components);
  for (const [id, n] of a.components) takeStock(leftA.get(id)!, lotDraws(n));
  for (const kit of a.kits) merge(planA, assembleFrom(kit, leftA), [kit]);
  // Kits first; each kit alone on the full stock also gives the bound's kit part.
  const b = build();
  const planB = emptyFlows(instance);
  const leftB = stockOf(b.components);
  for (const kit of b.kits) {
    const alone = assembleFrom(buildItemNetwork(instance, kit.itemId, supply.get(kit.itemId)!, undefined, true), stockOf(b.components));
    vectorOf(alone, supply.get(kit.itemId)!.needs).forEach((u, k) => (bound[k]! += u));
    merge(planB, assembleFrom(kit, leftB), [kit]);
  }
  for (const [id, n] of b.components) {
    const full = n.stock;
    const left = leftB.get(id)!;
    const reserved: Draw[] = [];
    for (const [w, s] of full) s.units.forEach((u, j) => u > left.get(w)!.units[j]! && reserved.push({ warehouseId: w, minExpiryDay: s.thresholds[j]!, units: u - left.get(w)!.units[j]! }));
    reserveStock(n, reserved);
    solveNetwork(n, planB);
  }
  const [vA, vB] = [vectorOf(planA), vectorOf(planB)];
  const useA = compareVectors(vA, vB) >= 0;
  merge(flows, useA ? planA : planB, [...(useA ? a : b).kits, ...(useA ? a : b).components.values()]);
  const chosen = useA ? vA : vB;
  if (nested) return { provenStages: 0, bound: undefined };
  let provenStages = 0;
  while (provenStages < 4 && chosen[provenStages] === bound[provenStages]) provenStages++;
  return { provenStages, bound: provenStages < 4 ? bound[provenStages] : undefined };
}
