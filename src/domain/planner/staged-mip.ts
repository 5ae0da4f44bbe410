import type { Highs } from 'highs';
import type { LinearModel } from './linear-model.js';

/**
 * Lexicographic optimisation with HiGHS, one stage at a time, so that the caller learns which
 * stages are proven and, for the first one that is not, HiGHS's upper bound. Each stage is a MIP
 * maximising one objective; its optimum is then kept as a row (objective ≥ optimum) for the next.
 * Objectives are integer-valued (whole units served), so a stage is proven as soon as HiGHS's
 * bound is below the incumbent plus one.
 */
export interface StagedSolution {
  values: Float64Array;
  objectiveValues: number[];
  /** Objectives 0 … provenStages−1 are proven optimal, lexicographically. */
  provenStages: number;
  /** When a stage is not proven: an upper bound on its objective, given the proven stages. */
  bound: number | undefined;
}

export interface StagedOptions {
  /** `performance.now()` after which no stage starts and the running one is stopped. */
  deadline_ms: number;
  /** A feasible solution (integer columns only; HiGHS completes the rest) to start from. */
  start?: { indices: number[]; values: number[] };
}

/** Integer objectives: a bound less than one unit above the incumbent proves it. */
const PROOF_GAP = 0.99;

export function solveStaged(linear: LinearModel, highs: Highs, options: StagedOptions): StagedSolution | undefined {
  const model = linear.toHighs(highs);
  const numCols = linear.columnCount;
  const status = highs.constants.modelStatus;
  try {
    // Tight tolerances: whole units are rounded afterwards and must still fit on the departures.
    model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: PROOF_GAP, mip_feasibility_tolerance: 1e-9, primal_feasibility_tolerance: 1e-9 });
    model.changeObjectiveSense(highs.constants.objectiveSense.maximize);
    let best: Float64Array | undefined;
    const objectiveValues: number[] = [];
    for (let k = 0; k < linear.objectives.length; k++) {
      const remaining_ms = options.deadline_ms - performance.now();
      if (remaining_ms <= 0) return best && { values: best, objectiveValues: linear.evaluate(best), provenStages: k, bound: undefined };
      const coefficients = linear.objectiveCoefficients(k);
      if (numCols > 0) model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, coefficients);
      if (Number.isFinite(remaining_ms)) model.options.set({ time_limit: remaining_ms / 1000 });
      if (best) model.setSolution({ colValue: best });
      else if (options.start && numCols > 0) model.setSolution({ indices: Int32Array.from(options.start.indices), values: Float64Array.from(options.start.values) });
      model.run();
      const code = model.getModelStatus();
      const hasSolution = numCols === 0 || model.info.get('primal_solution_status') === 2;
      if (!hasSolution) return best && { values: best, objectiveValues: linear.evaluate(best), provenStages: k, bound: undefined };
      best = numCols === 0 ? new Float64Array(0) : Float64Array.from(model.getSolution().colValue);
      const value = Math.round(linear.evaluate(best)[k]!);
      objectiveValues.push(value);
      const optimal = code === status.optimal || code === status.empty;
      const bound = optimal ? value : Math.floor(Number(model.info.get('mip_dual_bound')) + 1e-6);
      if (!optimal && bound > value) return { values: best, objectiveValues: linear.evaluate(best), provenStages: k, bound };
      if (k + 1 < linear.objectives.length && numCols > 0) {
        const indices: number[] = [];
        const values: number[] = [];
        coefficients.forEach((c, j) => {
          if (c !== 0) {
            indices.push(j);
            values.push(c);
          }
        });
        if (indices.length > 0) model.addRow(value - 0.5, highs.infinity, { indices: Int32Array.from(indices), values: Float64Array.from(values) });
      }
    }
    return { values: best!, objectiveValues: linear.evaluate(best!), provenStages: linear.objectives.length, bound: undefined };
  } finally {
    model.dispose();
  }
}
