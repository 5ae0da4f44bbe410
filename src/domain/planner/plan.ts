import type { Highs } from 'highs';
import { buildBlocks, type Block, type BlockResult } from './blocks.js';
import { buildCompactModel, readFlows, roundingColumns, startFrom } from './compact-model.js';
import { explainUnmet } from './explain.js';
import { compareVectors, copyFlows, emptyFlows, overloaded, servedVector, type ShipmentFlows } from './flows.js';
import { greedyAllocations, greedyFlows } from './greedy.js';
import { buildInstance, priorityRank, type Instance } from './instance.js';
import { recoverAllocations } from './recover.js';
import { solveStaged } from './staged-mip.js';
import { crowdingOf, DepartureLoads, resolveInPlace, stagedFill } from './staged-fill.js';
import { summarise } from './summary.js';
import { PlanInput, priorities, type AllocationLine, type Plan, type Priority } from './types.js';

export interface PlanOptions {
  /**
   * Time budget for the whole call, from validating the input to the explained plan. Reading the
   * input, the fast exact path and the greedy baseline always run, and so does writing the plan
   * out; the staged fill, HiGHS's proofs and the polish stop early enough to leave time for that
   * (docs/planner.md, "Time"). Without it the planner runs until the plan is proven.
   */
  timeLimitSeconds?: number;
}

/** How far the plan is proven optimal (docs/planner.md, "What is proven"). */
export interface PlanOptimality {
  proven: boolean;
  /** The leading priorities whose served units are proven lexicographically optimal. */
  provenPriorities: Priority[];
  /** The first priority not proven: the units planned, an upper bound, and the difference. */
  gap: { priority: Priority; plannedUnits: number; boundUnits: number; units: number } | null;
  /** Which step produced the plan. */
  method: 'relaxation' | 'highs' | 'staged_fill' | 'greedy';
}

export type ExactPlan = Plan & { proven: boolean; optimality: PlanOptimality };

function assemble(input: PlanInput, lines: AllocationLine[], instance = buildInstance(input)): Plan {
  return { planDate: input.planDate, allocations: lines, unmet: explainUnmet(instance, lines), summary: summarise(instance, lines) };
}

const leadingEqual = (a: readonly number[], b: readonly number[]) => {
  let k = 0;
  while (k < a.length && a[k] === b[k]) k++;
  return k;
};

/**
 * The allocation plan that serves the most units in time, lexicographically by priority
 * (docs/planner.md). `highs` is a loaded HiGHS runtime (`await loadHighs()` from the `highs`
 * package), passed in so this stays a pure function of its arguments.
 */
export function planAllocations(rawInput: PlanInput, highs: Highs, options: PlanOptions = {}): ExactPlan {
  const started_ms = performance.now();
  const input = PlanInput.parse(rawInput);
  const instance = buildInstance(input);
  // The budget covers the whole call: the steps that can stop early (the fill's passes, proofs,
  // HiGHS, polish) stop early enough to leave time for writing the plan out — picking lots,
  // explaining short lines, totals — which grows with the records as reading them in did, and on
  // this machine at its current speed takes a measured multiple of that time.
  const finishing_ms = FINISHING_PER_SETUP * (performance.now() - started_ms);
  const deadline_ms = options.timeLimitSeconds === undefined ? Infinity : started_ms + options.timeLimitSeconds * 1000 - finishing_ms;
  const blocks = buildBlocks(instance, highs);
  const fitsAll = (flows: ShipmentFlows, of: readonly Block[]) => {
    const loads = new DepartureLoads(instance);
    for (const block of of) loads.apply(block, flows, 1);
    return instance.departures.every((d) => !overloadedAt(instance, loads, d.index));
  };

  // 1. Without route capacity the blocks are independent, and their optima together are the
  //    relaxation's optimum: an upper bound, and the optimum itself if it fits on the departures.
  //    Kit groups are first solved by networks, and proven by HiGHS only if the rest fits.
  const relaxed = emptyFlows(instance);
  const relaxStarted_ms = performance.now();
  for (const block of blocks.plain) block.solve(relaxed, () => undefined, 3, Infinity);
  const plainPass_ms = performance.now() - relaxStarted_ms;
  const kitResults = blocks.kitGroups.map((block) => block.solve(relaxed, () => undefined, 3, deadline_ms, false));
  const exactBlocks = [...blocks.plain, ...blocks.kitGroups];
  let fits = fitsAll(relaxed, exactBlocks);
  if (fits) {
    proveKitGroups(blocks.kitGroups, relaxed, kitResults, deadline_ms);
    fits = fitsAll(relaxed, exactBlocks);
  }
  const relaxation = relaxationBound(instance, relaxed, blocks.kitGroups, kitResults);
  if (fits && relaxation.provenStages === 4) {
    return finish(instance, relaxed, { proven: true, provenPriorities: [...priorities], gap: null, method: 'relaxation' });
  }

  // 2. Capacity binds (or a kit group is unproven): the staged fill and the greedy baseline, ...
  // When the relaxation fits it is never below greedy: every block's part is at least greedy's
  // part of that block (greedy is a feasible plan of each block), and lexicographic order adds up.
  const greedy = fits ? undefined : greedyFlows(instance);
  let best = relaxed;
  if (greedy) {
    const wanted = new DepartureLoads(instance);
    for (const block of exactBlocks) wanted.apply(block, relaxed, 1);
    const fillBlocks = [...blocks.plain, ...blocks.withAssemblyFixed(relaxed)];
    // The relaxation timed the plain items, on this machine at its current load; the kit groups'
    // blocks in the fill are networks of the same kind.
    const fullPass_ms = (plainPass_ms * fillBlocks.length) / Math.max(1, blocks.plain.length);
    best = stagedFill(instance, fillBlocks, deadline_ms, crowdingOf(instance, wanted), fullPass_ms);
  }
  let method: PlanOptimality['method'] = greedy ? 'staged_fill' : 'relaxation';
  if (greedy && compareVectors(servedVector(instance, greedy), servedVector(instance, best)) > 0) {
    best = greedy;
    method = 'greedy';
  }
  // 3. ... then HiGHS on the whole compact model, started from the best of them, within the budget.
  let highsProof: { vector: number[]; provenStages: number; bound: number | undefined } | undefined;
  // HiGHS needs about 0.1 ms per column (some four per shipment option) for its first LP alone
  // here; with less budget left it cannot help, so it is not started.
  if (!fits && instance.options.length * 4 * HIGHS_MS_PER_COLUMN < deadline_ms - performance.now()) {
    const compact = buildCompactModel(instance);
    const start = startFrom(compact, instance.options, best);
    const solution = solveStaged(compact.model, highs, { deadline_ms, start, roundDown: roundingColumns(compact, true) });
    if (solution) {
      const flows = emptyFlows(instance);
      readFlows(compact, solution.values, instance.options, input.needs.map((n) => n.id), flows);
      const vector = servedVector(instance, flows);
      highsProof = { vector, provenStages: solution.provenStages, bound: solution.bound };
      // Whole units read from HiGHS's tolerances must still fit; if not, its plan is not used.
      if (fitsAll(flows, exactBlocks) && compareVectors(vector, servedVector(instance, best)) >= 0) {
        best = flows;
        method = 'highs';
      }
    }
  }
  // 4. Polish: each plain item re-solves in the room the others leave (never worse; shortest routes).
  best = copyFlows(best);
  const loads = new DepartureLoads(instance);
  for (const block of exactBlocks) loads.apply(block, best, 1);
  // The relaxation's own plan needs none: its plain items are already optimal, ties included.
  // A plan from HiGHS stopped by the budget is always polished: that is what makes the priority
  // rule hold for its plain items (see docs/planner.md); the fill and greedy already keep it.
  for (const block of method === 'relaxation' ? [] : blocks.plain) {
    if (performance.now() >= deadline_ms && method !== 'highs') break;
    resolveInPlace(block, best, loads, 3, deadline_ms);
  }

  return finish(instance, best, optimalityOf(servedVector(instance, best), relaxation, highsProof, method));
}

/**
 * What is proven about a plan whose served vector is `vector`: the leading priorities where it
 * equals the relaxation's proven optimum, or those HiGHS proved (if the plan agrees with HiGHS
 * there); then, for the first priority not proven, the best valid bound — one that reaches the
 * planned units proves that priority too, but says nothing of the next.
 */
function optimalityOf(
  vector: number[],
  relaxation: ReturnType<typeof relaxationBound>,
  highsProof: { vector: number[]; provenStages: number; bound: number | undefined } | undefined,
  method: PlanOptimality['method'],
): PlanOptimality {
  let provenStages = Math.min(leadingEqual(vector, relaxation.vector), relaxation.provenStages);
  let bound = provenStages < 4 ? (provenStages < relaxation.provenStages ? relaxation.vector[provenStages] : relaxation.bound) : undefined;
  if (highsProof && leadingEqual(vector, highsProof.vector) >= highsProof.provenStages && highsProof.provenStages >= provenStages) {
    if (highsProof.provenStages > provenStages) bound = undefined;
    provenStages = highsProof.provenStages;
    if (highsProof.bound !== undefined) bound = Math.min(bound ?? Infinity, highsProof.bound);
  }
  if (provenStages < 4 && bound !== undefined && bound <= vector[provenStages]!) {
    provenStages++;
    bound = undefined;
  }
  const proven = provenStages === 4;
  return {
    proven,
    provenPriorities: priorities.slice(0, provenStages),
    gap: proven || bound === undefined ? null : { priority: priorities[provenStages]!, plannedUnits: vector[provenStages]!, boundUnits: bound, units: bound - vector[provenStages]! },
    method,
  };
}

/**
 * Proves kit groups that their networks did not, while the budget allows: LP bounds first (a
 * few LPs, a proof wherever the LP has no integrality gap), then branch and bound, whose result
 * replaces the group's flows in `relaxed` only when it proves the group.
 */
function proveKitGroups(kitGroups: readonly Block[], relaxed: ShipmentFlows, kitResults: BlockResult[], deadline_ms: number): void {
  kitGroups.forEach((block, i) => {
    const columns = block.options.length * 4;
    const left_ms = () => deadline_ms - performance.now();
    // LP bounds first: a few LPs, and a proof wherever the LP has no integrality gap.
    if (kitResults[i]!.provenStages < 4 && columns * HIGHS_MS_PER_COLUMN < left_ms()) {
      const byLp = block.proveByLp!(relaxed, deadline_ms);
      const old = kitResults[i]!;
      if (byLp.provenStages > old.provenStages || (byLp.provenStages === old.provenStages && (byLp.bound ?? Infinity) < (old.bound ?? Infinity))) kitResults[i] = byLp;
    }
    // Branch and bound costs HiGHS a few hundred ms even on a small kit group, but it is tried
    // whenever its first LP fits in the time left: the proofs only run when the relaxation fits,
    // and then nothing but writing the plan out follows, so that time would go unused.
    if (kitResults[i]!.provenStages === 4 || columns * HIGHS_MS_PER_COLUMN >= left_ms()) return;
    // Adopted only when it proves the group: a proof stopped by the budget may be worse.
    const attempt = copyFlows(relaxed);
    const result = block.solve(attempt, () => undefined, 3, deadline_ms, true);
    if (result.provenStages === 4) {
      kitResults[i] = result;
      for (const o of block.options) {
        relaxed.fromLotsUnits[o.index] = attempt.fromLotsUnits[o.index]!;
        relaxed.fromPledgesUnits[o.index] = attempt.fromPledgesUnits[o.index]!;
        relaxed.kitsAssembledUnits[o.index] = attempt.kitsAssembledUnits[o.index]!;
      }
      for (const n of block.needs) relaxed.servedUnits.set(n.id, attempt.servedUnits.get(n.id) ?? 0);
    }
  });
}

/**
 * What the relaxation proves: its served vector is exact for the stages every kit group proved,
 * and at the first stage one did not, the sum of each block's units or bound is an upper bound.
 */
function relaxationBound(instance: Instance, relaxed: ShipmentFlows, kitGroups: readonly Block[], results: readonly BlockResult[]) {
  const vector = servedVector(instance, relaxed);
  const provenStages = Math.min(4, ...results.map((r) => r.provenStages));
  if (provenStages === 4) return { vector, provenStages, bound: undefined };
  let bound = vector[provenStages]!;
  kitGroups.forEach((block, i) => {
    const r = results[i]!;
    if (r.provenStages > provenStages) return;
    const units = block.needs.filter((n) => priorityRank(n.priority) === provenStages).reduce((s, n) => s + (relaxed.servedUnits.get(n.id) ?? 0), 0);
    bound += (r.bound ?? Infinity) - units;
  });
  return { vector, provenStages, bound: Number.isFinite(bound) ? bound : undefined };
}

const HIGHS_MS_PER_COLUMN = 0.1;
/**
 * Turning flows into lines, explanations and totals takes up to about this many times as long as
 * validating the input and building the instance (1.0–2.0 on the benchmark's instances, once 2.7;
 * the slowest parts of the fill and the polish may also pass the deadline by a few milliseconds).
 */
const FINISHING_PER_SETUP = 2.5;

function overloadedAt(instance: Instance, loads: DepartureLoads, departure: number): boolean {
  const { route } = instance.departures[departure]!;
  return overloaded(loads.kg[departure]!, route.capacityKgPerPeriod) || overloaded(loads.m3[departure]!, route.capacityM3PerPeriod);
}

function finish(instance: Instance, flows: ShipmentFlows, optimality: PlanOptimality): ExactPlan {
  return { ...assemble(instance.input, recoverAllocations(instance, flows), instance), proven: optimality.proven, optimality };
}

/** The greedy baseline as a plan, for comparison. */
export function greedyPlan(rawInput: PlanInput): Plan {
  const input = PlanInput.parse(rawInput);
  const instance = buildInstance(input);
  return assemble(input, greedyAllocations(instance), instance);
}
