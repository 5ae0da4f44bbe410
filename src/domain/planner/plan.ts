import type { Highs } from 'highs';
import { buildCompactModel } from './compact-model.js';
import { explainUnmet } from './explain.js';
import { greedyAllocations } from './greedy.js';
import { buildInstance } from './instance.js';
import { recoverAllocations } from './recover.js';
import { summarise } from './summary.js';
import { PlanInput, type AllocationLine, type Plan } from './types.js';

export interface PlanOptions {
  /** Stop HiGHS after this long and return the best plan found, marked `proven: false`. */
  timeLimitSeconds?: number;
}

function assemble(input: PlanInput, lines: AllocationLine[], instance = buildInstance(input)): Plan {
  return { planDate: input.planDate, allocations: lines, unmet: explainUnmet(instance, lines), summary: summarise(instance, lines) };
}

/**
 * The allocation plan that serves the most units in time, lexicographically by priority
 * (docs/planner.md). `highs` is a loaded HiGHS runtime (`await loadHighs()` from the `highs`
 * package), passed in so this stays a pure function of its arguments.
 */
export function planAllocations(rawInput: PlanInput, highs: Highs, options: PlanOptions = {}): Plan & { proven: boolean } {
  const input = PlanInput.parse(rawInput);
  const instance = buildInstance(input);
  const compact = buildCompactModel(instance);
  const solution = compact.model.solve(highs, options);
  const units = (column: number) => (column < 0 ? 0 : Math.round(solution.values[column]!));
  const flows = instance.options.map((o) => ({
    fromLotsUnits: units(compact.fromLots[o.index]!),
    fromPledgesUnits: units(compact.fromPledges[o.index]!),
    kitsAssembledUnits: units(compact.kitsAssembled[o.index]!),
  }));
  const served = new Map([...compact.served].map(([needId, column]) => [needId, units(column)]));
  return { ...assemble(input, recoverAllocations(instance, flows, served), instance), proven: solution.proven };
}

/** The greedy baseline as a plan, for comparison. */
export function greedyPlan(rawInput: PlanInput): Plan {
  const input = PlanInput.parse(rawInput);
  const instance = buildInstance(input);
  return assemble(input, greedyAllocations(instance), instance);
}
