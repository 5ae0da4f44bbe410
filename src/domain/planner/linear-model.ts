import type { Highs } from 'highs';
import { assert } from '../errors.js';

/**
 * A sparse linear model assembled column by column, solved by HiGHS with lexicographic
 * objectives: each objective is optimised in turn, and the next may not make an earlier one
 * worse. Every objective is integer-valued on integer solutions, so a degradation tolerance of
 * 0.5 forbids losing even one unit while leaving room for floating-point noise.
 */
export interface Objective {
  name: string;
  sense: 'max' | 'min';
}

interface Column {
  lower: number;
  upper: number;
  integer: boolean;
  rows: number[];
  values: number[];
  /** Coefficient in each objective, sparse by objective index. */
  costs: Map<number, number>;
}

export interface LexSolution {
  values: Float64Array;
  objectiveValues: number[];
  /** False when a time limit stopped HiGHS before it proved the plan optimal. */
  proven: boolean;
}

export class LinearModel {
  private readonly columns: Column[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];

  constructor(readonly objectives: readonly Objective[]) {}

  get columnCount(): number {
    return this.columns.length;
  }

  get rowCount(): number {
    return this.rowLower.length;
  }

  addRow(lower: number, upper: number): number {
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowLower.length - 1;
  }

  addColumn(lower: number, upper: number, integer: boolean): number {
    this.columns.push({ lower, upper, integer, rows: [], values: [], costs: new Map() });
    return this.columns.length - 1;
  }

  /** Adds `value` to the coefficient of `column` in `row` (a column may meet a row twice). */
  addEntry(column: number, row: number, value: number): void {
    const c = this.columns[column]!;
    const at = c.rows.lastIndexOf(row);
    if (at >= 0) c.values[at]! += value;
    else {
      c.rows.push(row);
      c.values.push(value);
    }
  }

  addCost(column: number, objective: number, value: number): void {
    const costs = this.columns[column]!.costs;
    costs.set(objective, (costs.get(objective) ?? 0) + value);
  }

  /** Value of each objective for given column values. */
  evaluate(values: ArrayLike<number>): number[] {
    const totals = this.objectives.map(() => 0);
    this.columns.forEach((c, j) => c.costs.forEach((v, k) => (totals[k]! += v * values[j]!)));
    return totals;
  }

  /** The model in HiGHS, with no objective yet; the caller disposes it. */
  toHighs(highs: Highs) {
    const numCols = this.columns.length;
    const numRows = this.rowLower.length;
    const starts = new Int32Array(numCols + 1);
    let nnz = 0;
    this.columns.forEach((c, j) => {
      starts[j] = nnz;
      nnz += c.rows.length;
    });
    starts[numCols] = nnz;
    const indices = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    this.columns.forEach((c, j) => {
      indices.set(c.rows, starts[j]);
      values.set(c.values, starts[j]);
    });
    const inf = highs.infinity;
    const bound = (x: number) => (x === Infinity ? inf : x === -Infinity ? -inf : x);
    return highs.createModel({
      numCols,
      numRows,
      sense: highs.constants.objectiveSense.minimize,
      colCost: new Float64Array(numCols),
      colLower: this.columns.map((c) => bound(c.lower)),
      colUpper: this.columns.map((c) => bound(c.upper)),
      rowLower: this.rowLower.map(bound),
      rowUpper: this.rowUpper.map(bound),
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
      integrality: Int32Array.from(this.columns, (c) => (c.integer ? 1 : 0)),
    });
  }

  /** Columns that must take whole values. */
  integerColumns(): number[] {
    const out: number[] = [];
    this.columns.forEach((c, j) => c.integer && out.push(j));
    return out;
  }

  /** Coefficients of objective `k`, dense. */
  objectiveCoefficients(k: number): Float64Array {
    const coefficients = new Float64Array(this.columns.length);
    this.columns.forEach((c, j) => (coefficients[j] = c.costs.get(k) ?? 0));
    return coefficients;
  }

  /** HiGHS's own lexicographic multi-objective solve (used for the reference model). */
  solve(highs: Highs, options: { timeLimitSeconds?: number } = {}): LexSolution {
    const numCols = this.columns.length;
    const model = this.toHighs(highs);
    try {
      model.options.set({
        output_flag: false,
        mip_rel_gap: 0,
        mip_abs_gap: 1e-9,
        blend_multi_objectives: false,
        ...(options.timeLimitSeconds ? { time_limit: options.timeLimitSeconds } : {}),
      });
      model.passLinearObjectives(
        this.objectives.map((o, k) => {
          return {
            weight: o.sense === 'max' ? -1 : 1,
            offset: 0,
            coefficients: this.objectiveCoefficients(k),
            absoluteTolerance: 0.5,
            relativeTolerance: 0,
            priority: this.objectives.length - k,
          };
        }),
      );
      model.run();
      const status = model.getModelStatus();
      // An empty model (nothing can move) is trivially optimal.
      const proven = status === highs.constants.modelStatus.optimal || status === highs.constants.modelStatus.empty;
      const stopped = status === highs.constants.modelStatus.timeLimit && model.info.get('primal_solution_status') === 2;
      assert(proven || stopped, `HiGHS found no plan (status ${status})`);
      const solution = numCols === 0 ? new Float64Array(0) : model.getSolution().colValue;
      return { values: solution, objectiveValues: this.evaluate(solution), proven };
    } finally {
      model.dispose();
    }
  }
}
