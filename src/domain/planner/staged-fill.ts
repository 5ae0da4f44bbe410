import type { Block } from './blocks.js';
import { compareVectors, copyFlows, emptyFlows, servedVector, type ShipmentFlows } from './flows.js';
import type { Instance } from './instance.js';
import { MAX_CONGESTION } from './item-network.js';

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

/**
 * Priority by priority: first every block's optimum up to this priority as if routes had no
 * capacity; if that fits, it is the optimum up to this priority (a relaxation's optimum that is
 * feasible), and it is taken. Otherwise each block re-solves in the room the others leave, light
 * blocks first, preferring (after its own units) the departures the unconstrained optima crowd least.
 */
const MAX_IMPROVEMENT_PASSES = 8;

/**
 * `crowding` is how full each departure would be under the capacity-free optimum (load over
 * capacity), for a fill that must close before measuring its own. `fullPass_ms` is how long one
 * capacity-free solve of every block at every priority takes in this call (measured on the
 * relaxation), by which the fill sizes its closing passes.
 */
export function stagedFill(instance: Instance, blocks: readonly Block[], deadline_ms: number, crowding: readonly number[], fullPass_ms: number): ShipmentFlows {
  let flows = emptyFlows(instance);
  // Once the unconstrained optimum of a priority does not fit, those of lower priorities, which
  // ask for more, are not tried: the last one tried says which departures are crowded.
  let pressure: number[] | undefined;
  const order = [...blocks].sort((a, b) => a.heaviness - b.heaviness);
  // How long re-solving the blocks once took last time. Running out of time at a priority, the
  // fill closes: each priority from there on gets one pass, so it stops early enough for those.
  // A pass up to a lower priority costs more than one measured at a higher one (each priority
  // adds its own shortest-path phases): one up to rank r is taken to cost at least (r + 1) / 4
  // of a capacity-free solve of every priority (at 5,000 × 50,000, closing from critical took
  // 2.5 such solves, from medium 1.4).
  let pass_ms = 0;
  const closing_ms = (from: number) => {
    let total = 0;
    for (let r = from; r < 4; r++) total += Math.max(pass_ms, (fullPass_ms * (r + 1)) / 4);
    return total;
  };
  const outOfTime = (rank: number) => performance.now() + closing_ms(rank) >= deadline_ms;
  // The closing passes: from this priority on, each block with need lines of the priority
  // re-solves once in the room the others leave (keeping what it serves of higher ones), with no
  // trial and no improvement; so the lower priorities are still served, less well, not left out.
  // Before the fill has measured which departures are crowded, the blocks prefer those the
  // capacity-free optimum crowds least, as its first pass would.
  const close = (from: number) => {
    const loads = new DepartureLoads(instance);
    for (const block of blocks) loads.apply(block, flows, 1);
    const crowded = pressure ?? crowding;
    for (let rank = from; rank < 4; rank++) {
      for (const block of order) {
        if (!block.hasPriority[rank]) continue;
        block.setCongestion?.(steerBy(crowded));
        resolveInPlace(block, flows, loads, rank, deadline_ms);
        block.setCongestion?.(() => 0);
      }
    }
    return flows;
  };
  for (let rank = 0; rank < 4; rank++) {
    const active = order.filter((b) => b.hasPriority.slice(0, rank + 1).some(Boolean));
    if (!active.some((b) => b.hasPriority[rank])) continue;
    if (!pressure) {
      const trial = copyFlows(flows);
      const trialStarted_ms = performance.now();
      for (const block of active) {
        if (outOfTime(rank)) return close(rank);
        block.solve(trial, () => undefined, rank, deadline_ms, false);
      }
      // Until a pass is measured, the trial (one solve per block too) says how long one takes.
      pass_ms ||= performance.now() - trialStarted_ms;
      const wanted = new DepartureLoads(instance);
      for (const block of blocks) wanted.apply(block, trial, 1);
      const wantedCrowding = crowdingOf(instance, wanted);
      if (wantedCrowding.every((p) => p <= 1 + 1e-9)) {
        flows = trial;
        continue;
      }
      pressure = wantedCrowding;
    }
    const crowded = pressure;
    const loads = new DepartureLoads(instance);
    for (const block of blocks) loads.apply(block, flows, 1);
    let passStarted_ms = performance.now();
    for (const block of active) {
      if (outOfTime(rank)) return close(rank);
      block.setCongestion?.(steerBy(crowded));
      if (block.hasPriority[rank]) resolveInPlace(block, flows, loads, rank, deadline_ms);
      block.setCongestion?.(() => 0);
    }
    pass_ms = performance.now() - passStarted_ms;
    // Improvement passes, within the budget: each block re-solves again, now preferring the
    // departures that are least full, so blocks served early move off the departures others need.
    // The objective is lexicographic, so this priority may use all the time but what the lower
    // ones need to close; they get what its passes leave when they stop serving more.
    const stageDeadline_ms = deadline_ms - closing_ms(rank + 1);
    let before = servedVector(instance, flows);
    for (let pass = 0; pass < MAX_IMPROVEMENT_PASSES && performance.now() < stageDeadline_ms; pass++) {
      passStarted_ms = performance.now();
      let whole = true;
      for (const block of active) {
        if (performance.now() >= stageDeadline_ms) {
          whole = false;
          break;
        }
        block.setCongestion?.((d) => {
          const { route } = instance.departures[d]!;
          return MAX_CONGESTION * Math.min(1, Math.max(loads.kg[d]! / route.capacityKgPerPeriod, loads.m3[d]! / route.capacityM3PerPeriod) || 0);
        });
        resolveInPlace(block, flows, loads, rank, deadline_ms);
        block.setCongestion?.(() => 0);
      }
      if (whole) pass_ms = performance.now() - passStarted_ms;
      // Passes go on while they serve more (after a first one that only moves blocks around).
      const after = servedVector(instance, flows);
      if (pass > 0 && compareVectors(after, before) <= 0) break;
      before = after;
    }
  }
  return flows;
}

/** Congestion costs that steer a first pass off the departures `crowding` says are fullest. */
const steerBy = (crowding: readonly number[]) => (d: number) => (MAX_CONGESTION * Math.min(crowding[d]!, 2)) / 2;

/** Each departure's load over its capacity, the larger of kg and m³. */
export function crowdingOf(instance: Instance, loads: DepartureLoads): number[] {
  return instance.departures.map((d) => Math.max(loads.kg[d.index]! / d.route.capacityKgPerPeriod, loads.m3[d.index]! / d.route.capacityM3PerPeriod) || 0);
}
