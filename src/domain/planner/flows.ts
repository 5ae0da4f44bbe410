import { priorityRank, type Instance } from './instance.js';

/**
 * What a solve decides, before it is turned into allocation lines: how many units each shipment
 * option carries from lots, from pledges and as freshly assembled kits, and how many units each
 * need line receives. Indexed by `ShipmentOption.index` and by need line id.
 */
export interface ShipmentFlows {
  fromLotsUnits: Float64Array;
  fromPledgesUnits: Float64Array;
  kitsAssembledUnits: Float64Array;
  servedUnits: Map<string, number>;
}

export function emptyFlows(instance: Instance): ShipmentFlows {
  const n = instance.options.length;
  return { fromLotsUnits: new Float64Array(n), fromPledgesUnits: new Float64Array(n), kitsAssembledUnits: new Float64Array(n), servedUnits: new Map() };
}

export function copyFlows(f: ShipmentFlows): ShipmentFlows {
  return {
    fromLotsUnits: f.fromLotsUnits.slice(),
    fromPledgesUnits: f.fromPledgesUnits.slice(),
    kitsAssembledUnits: f.kitsAssembledUnits.slice(),
    servedUnits: new Map(f.servedUnits),
  };
}

/** Units served per priority, critical first: the vector the planner maximises lexicographically. */
export function servedVector(instance: Instance, flows: ShipmentFlows): number[] {
  const v = [0, 0, 0, 0];
  for (const n of instance.input.needs) v[priorityRank(n.priority)]! += flows.servedUnits.get(n.id) ?? 0;
  return v;
}

export function compareVectors(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Loads above a departure's capacity, with room for floating-point sums of exact loads. */
export const overloaded = (load: number, capacity: number): boolean => load > capacity * (1 + 1e-9) + 1e-9;
