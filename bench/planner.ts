import { loadHighs } from '../src/services/highs.js';
import { greedyPlan, planAllocations, solveReference } from '../src/domain/planner/index.js';
import { generateInstance, type InstanceShape } from './planner-instances.js';

/**
 * `npm run bench -- planner`: the planner against the greedy baseline on generated instances,
 * with HiGHS on the reference model where that is small enough to finish. The last line is one
 * JSON object. PLANNER_BENCH_SIZES=100x1000,1000x10000 limits the sizes; PLANNER_TIME_LIMIT_S
 * caps each exact solve (a capped plan is reported with "proven": false).
 */
const sizes = (process.env.PLANNER_BENCH_SIZES ?? '100x1000,1000x10000,5000x50000').split(',').map((s) => s.split('x').map(Number) as [number, number]);
const timeLimitSeconds = Number(process.env.PLANNER_TIME_LIMIT_S ?? 300);
const highs = await loadHighs();
const instances = [];
for (const [needs, lots] of sizes) {
  for (const tight of [false, true]) {
    const shape: InstanceShape = { needs, lots, tight, seed: needs + lots };
    const input = generateInstance(shape);
    const label = `${needs} needs × ${lots} lots, ${tight ? 'capacity and expiry bind' : 'loose'}`;
    console.log(`planner bench: ${label}: planning…`);
    let t = performance.now();
    const plan = planAllocations(input, highs, { timeLimitSeconds });
    const planner_ms = Math.round(performance.now() - t);
    t = performance.now();
    const greedy = greedyPlan(input);
    const greedy_ms = Math.round(performance.now() - t);
    const row: Record<string, unknown> = {
      needs,
      lots,
      binding: tight ? 'capacity+expiry' : 'none',
      planner_ms,
      proven: plan.proven,
      coverage: Number(plan.summary.coverage.toFixed(6)),
      greedy_coverage: Number(greedy.summary.coverage.toFixed(6)),
      greedy_ms,
      served_units: plan.summary.servedUnits,
      greedy_served_units: greedy.summary.servedUnits,
      unmet_lines: plan.unmet.length,
    };
    if (needs <= 100) {
      console.log(`planner bench: ${label}: HiGHS on the reference model…`);
      t = performance.now();
      const reference = solveReference(input, highs, { timeLimitSeconds });
      row.highs_ms = Math.round(performance.now() - t);
      row.highs_served_units = reference.servedUnits.map((u) => Math.round(u));
      row.highs_proven = reference.proven;
    }
    console.log(`planner bench: ${label}: ${JSON.stringify(row)}`);
    instances.push(row);
  }
}
console.log(JSON.stringify({ instances }));
