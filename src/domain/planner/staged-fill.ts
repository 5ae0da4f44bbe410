import type { Block } from './blocks.js';
import { emptyFlows, type ShipmentFlows } from './flows.js';
import type { Instance } from './instance.js';

/**
 * A feasible plan when route capacity binds (docs/planner.md, "When capacity binds"): priority by
 * priority, each block (item or kit group) re-solves its own lexicographic optimum in the room
 * the other blocks leave on each departure, keeping what it already serves of higher priorities
 * (its previous flows still fit, so its optimum is never worse). Light blocks go first, since a
 * kilogram carries more of their units. Not proven optimal: blocks that go first may take room
 * that a later block needed more.
 */
export class DepartureLoads {
  readonly kg: Float64Array;
  readonly m3: Float64Array;

  constructor(private readonly instance: Instance) {
    this.kg = new Float64Array(instance.departures.length);
    this.m3 = new Float64Array(instance.departures.length);
  }

  /** Adds (sign 1) or removes (sign −1) what `block` carries in `flows`. */
  apply(block: Block, flows: ShipmentFlows, sign: number): void {
    for (const o of block.options) {
      const units = flows.fromLotsUnits[o.index]! + flows.fromPledgesUnits[o.index]! + flows.kitsAssembledUnits[o.index]!;
      if (units === 0) continue;
      const item = this.instance.items.get(o.itemId)!;
      this.kg[o.departure]! += sign * units * item.weightKgPerUnit;
      this.m3[o.departure]! += sign * units * item.volumeM3PerUnit;
    }
  }

  /** Room left on a departure, never negative. */
  room(departure: number) {
    const { route } = this.instance.departures[departure]!;
    return { kg: Math.max(0, route.capacityKgPerPeriod - this.kg[departure]!), m3: Math.max(0, route.capacityM3PerPeriod - this.m3[departure]!) };
  }
}

/** Re-solves `block` in the room the others leave, serving priorities up to `maxRank`. */
export function resolveInPlace(block: Block, flows: ShipmentFlows, loads: DepartureLoads, maxRank: number, deadline_ms: number): void {
  loads.apply(block, flows, -1);
  block.solve(flows, (d) => loads.room(d), maxRank, deadline_ms, false);
  loads.apply(block, flows, 1);
}

export function stagedFill(instance: Instance, blocks: readonly Block[], deadline_ms: number): ShipmentFlows {
  const flows = emptyFlows(instance);
  const loads = new DepartureLoads(instance);
  const order = [...blocks].sort((a, b) => a.heaviness - b.heaviness);
  for (let rank = 0; rank < 4; rank++) {
    for (const block of order) if (block.hasPriority[rank]) resolveInPlace(block, flows, loads, rank, deadline_ms);
  }
  return flows;
}

