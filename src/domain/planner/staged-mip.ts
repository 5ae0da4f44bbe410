import type { Highs } from 'highs';
import type { LinearModel } from './linear-model.js';

/**
 * Lexicographic optimisation with HiGHS, one stage at a time, so that the caller learns which
 * stages are proven and, for the first one that is not, an upper bound. Each stage maximises one
 * objective; its optimum is then kept as a row (objective ≥ optimum) for the next. Objectives
 * are integer-valued (whole units served), so ⌊LP optimum⌋ bounds a stage, and a whole-unit
 * solution that reaches it is proven. A stage tries, in order:
 *
 * 1. the LP relaxation: when its solution is whole, done;
 * 2. a dive: the most fractional `roundDown` column (kits assembled) is fixed to its value rounded
 *    down (up if down is infeasible), again and again; once they are whole, what is left is a
 *    network (every column has one +1 and one −1 after flipping the arrival rows), whose basic
 *    solutions are whole; done if it reaches ⌊LP optimum⌋;
 * 3. HiGHS's branch and bound, started from the best solution so far.
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
  /** Integer columns whose LP values are rounded and fixed one by one in step 2. */
  roundDown?: readonly number[];
  /** False: settle for the dive's whole solution where it falls short of the bound (no step 3). */
  branchAndBound?: boolean;
}

/** Integer objectives: a bound less than one unit above the incumbent proves it. */
const PROOF_GAP = 0.99;
const WHOLE = 1e-6;
/** A dive fixes at most this many columns (each costs an LP) before leaving it to branch and bound. */
const MAX_DIVE_STEPS = 40;
/** A stage's optimum is kept as objective ≥ optimum − this: whole units, LP rows must not lose any. */
const KEEP_SLACK = 1e-7;

/** Adds the row objective ≥ `value` (less a hair: whole units, but HiGHS rounds), for later stages. */
function keepStage(model: ReturnType<LinearModel['toHighs']>, highs: Highs, coefficients: Float64Array, value: number): void {
  const indices: number[] = [];
  const values: number[] = [];
  coefficients.forEach((c, j) => {
    if (c !== 0) {
      indices.push(j);
      values.push(c);
    }
  });
  if (indices.length > 0) model.addRow(value - KEEP_SLACK, highs.infinity, { indices: Int32Array.from(indices), values: Float64Array.from(values) });
}

export function solveStaged(linear: LinearModel, highs: Highs, options: StagedOptions): StagedSolution | undefined {
  const model = linear.toHighs(highs);
  const numCols = linear.columnCount;
  const status = highs.constants.modelStatus;
  const integers = linear.integerColumns();
  const isWhole = (x: ArrayLike<number>) => integers.every((j) => Math.abs(x[j]! - Math.round(x[j]!)) <= WHOLE);
  const remaining_s = () => (options.deadline_ms - performance.now()) / 1000;
  const run = (relaxation: boolean) => {
    const limit = remaining_s();
    model.options.set({ solve_relaxation: relaxation, ...(Number.isFinite(limit) ? { time_limit: Math.max(limit, 0.001) } : {}) });
    // HiGHS holds `time_limit` against the time of all runs of a model so far, not of this one:
    // without this, a stage after a long one stopped at once (100 × 1,000 tight, cold: the
    // medium stage's LP with 0.37 s left), and the plan kept the last stage's incumbent.
    model.zeroAllClocks();
    model.run();
    return model.getModelStatus();
  };
  /** A whole solution found by fixing the `roundDown` columns, with its value; bounds are restored. */
  const dive = (start: ArrayLike<number>): { x: Float64Array; value: number } | undefined => {
    const cols = Int32Array.from(options.roundDown!);
    const saved = model.getCols({ kind: 'set', indices: cols });
    const fixed = new Uint8Array(cols.length);
    let x = start;
    try {
      for (let step = 0; step <= Math.min(cols.length, MAX_DIVE_STEPS); step++) {
        // Each step is an LP: out of time, the dive is given up (the stage is then not proven).
        if (remaining_s() <= 0) return undefined;
        let pick = -1;
        let fraction = 0;
        cols.forEach((j, i) => {
          const f = x[j]! - Math.floor(x[j]! + WHOLE);
          if (f > WHOLE && f > fraction && !fixed[i]) {
            pick = i;
            fraction = f;
          }
        });
        if (pick < 0) return isWhole(x) ? { x: Float64Array.from(x), value: Math.round(model.getObjectiveValue()) } : undefined;
        const j = cols[pick]!;
        // Down first (never needs more stock or room), up if down leaves no feasible LP.
        let moved = false;
        for (const v of [Math.floor(x[j]!), Math.ceil(x[j]!)]) {
          model.changeColBounds(j, v, v);
          if (run(true) === status.optimal) {
            moved = true;
            break;
          }
        }
        if (!moved) return undefined;
        fixed[pick] = 1;
        x = model.getSolution().colValue;
      }
      return undefined;
    } finally {
      model.changeColsBounds({ kind: 'set', indices: cols }, Float64Array.from(saved.lower), Float64Array.from(saved.upper));
    }
  };
  try {
    // HiGHS's own tolerances: tightening them to 1e-9 made it call a feasible stage infeasible
    // (bench, 100 × 1,000 tight). Callers check that the rounded plan fits before using it.
    model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: PROOF_GAP });
    model.changeObjectiveSense(highs.constants.objectiveSense.maximize);
    let best: Float64Array | undefined;
    // The first stage settled without proof (branchAndBound off), and the bound there.
    let firstUnproven = linear.objectives.length;
    let unprovenBound: number | undefined;
    const stop = (provenStages: number, bound: number | undefined) =>
      best && (provenStages < firstUnproven ? { values: best, objectiveValues: linear.evaluate(best), provenStages, bound } : done());
    const done = () => ({ values: best!, objectiveValues: linear.evaluate(best!), provenStages: firstUnproven, bound: unprovenBound });
    for (let k = 0; k < linear.objectives.length; k++) {
      if (remaining_s() <= 0) return stop(k, undefined);
      const coefficients = linear.objectiveCoefficients(k);
      if (numCols === 0) {
        best = new Float64Array(0);
        continue;
      }
      model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, coefficients);
      let value: number | undefined;
      // 1. The LP relaxation: a bound, and maybe already whole.
      if (run(true) !== status.optimal) return stop(k, undefined);
      const bound = Math.floor(model.getObjectiveValue() + WHOLE);
      let x: ArrayLike<number> = model.getSolution().colValue;
      if (isWhole(x)) value = bound;
      // 2. The dive.
      let candidate: { x: Float64Array; value: number } | undefined;
      if (value === undefined && options.roundDown && options.roundDown.length > 0) {
        candidate = dive(x);
        if (candidate && candidate.value >= bound) {
          x = candidate.x;
          value = bound;
        }
      }
      if (value === undefined && options.branchAndBound === false) {
        if (!candidate) return stop(k, bound);
        x = candidate.x;
        value = candidate.value;
        if (k < firstUnproven) {
          firstUnproven = k;
          unprovenBound = bound;
        }
      }
      // 3. Branch and bound.
      if (value === undefined) {
        const start = candidate?.x ?? best;
        if (start) model.setSolution({ colValue: start });
        else if (options.start) model.setSolution({ indices: Int32Array.from(options.start.indices), values: Float64Array.from(options.start.values) });
        const code = run(false);
        if (model.info.get('primal_solution_status') !== 2) return stop(k, bound);
        x = model.getSolution().colValue;
        const found = Math.round(linear.evaluate(x)[k]!);
        const mipBound = code === status.optimal ? found : Math.min(bound, Math.floor(Number(model.info.get('mip_dual_bound')) + WHOLE));
        best = Float64Array.from(x);
        if (mipBound > found) return stop(k, mipBound);
        value = found;
      }
      best = Float64Array.from(x);
      if (k + 1 < linear.objectives.length) keepStage(model, highs, coefficients, value);
    }
    return done();
  } finally {
    model.dispose();
  }
}

/**
 * How far given stage values are proven by LP bounds alone: stage by stage, ⌊LP optimum⌋ with the
 * earlier stages held at their values; a stage whose value reaches it is proven. Cheap (a few
 * warm-started LPs), and enough whenever the LP has no integrality gap at that stage.
 */
export function proveByLp(linear: LinearModel, highs: Highs, stageValues: readonly number[], deadline_ms: number): { provenStages: number; bound: number | undefined } {
  const model = linear.toHighs(highs);
  const numCols = linear.columnCount;
  try {
    model.options.set({ output_flag: false, solve_relaxation: true });
    model.changeObjectiveSense(highs.constants.objectiveSense.maximize);
    for (let k = 0; k < linear.objectives.length; k++) {
      const remaining_s = (deadline_ms - performance.now()) / 1000;
      if (remaining_s <= 0 || numCols === 0) return { provenStages: numCols === 0 ? linear.objectives.length : k, bound: undefined };
      if (Number.isFinite(remaining_s)) model.options.set({ time_limit: remaining_s });
      // The time limit counts all runs of the model so far (see `solveStaged`).
      model.zeroAllClocks();
      const coefficients = linear.objectiveCoefficients(k);
      model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, coefficients);
      model.run();
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return { provenStages: k, bound: undefined };
      const bound = Math.floor(model.getObjectiveValue() + WHOLE);
      if (bound > stageValues[k]!) return { provenStages: k, bound };
      keepStage(model, highs, coefficients, stageValues[k]!);
    }
    return { provenStages: linear.objectives.length, bound: undefined };
  } finally {
    model.dispose();
  }
}
