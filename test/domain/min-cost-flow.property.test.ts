import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearModel } from '../../src/domain/planner/linear-model.js';
import { CostPacking, FlowGraph } from '../../src/domain/planner/min-cost-flow.js';
import { solveStaged } from '../../src/domain/planner/staged-mip.js';
import { loadHighs } from '../../src/services/highs.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

const WIDTH = 3;

/** Random networks whose arcs go upwards, as the planner builds them: node 0 is the source, the last the sink. */
const network = fc.integer({ min: 3, max: 8 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    arcs: fc.array(
      fc
        .record({
          from: fc.integer({ min: 0, max: nodes - 2 }),
          span: fc.integer({ min: 1, max: nodes - 1 }),
          capacity: fc.integer({ min: 0, max: 9 }),
          cost: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: WIDTH, maxLength: WIDTH }),
        })
        .map((a) => ({ ...a, to: Math.min(nodes - 1, a.from + a.span) })),
      { minLength: 1, maxLength: 16 },
    ),
  }),
);

type Network = { nodes: number; arcs: { from: number; to: number; capacity: number; cost: number[] }[] };

function solveWith(packing: CostPacking, g: Network) {
  const graph = new FlowGraph(packing);
  for (let v = 0; v < g.nodes; v++) graph.addNode();
  const ids = g.arcs.map((a) => graph.addArc(a.from, a.to, a.capacity, a.cost));
  graph.solve(0, g.nodes - 1);
  return ids.map((id) => graph.flow(id));
}

const totalCost = (g: Network, flow: number[]) => Array.from({ length: WIDTH }, (_, k) => g.arcs.reduce((s, a, i) => s + a.cost[k]! * flow[i]!, 0));
/** −0 and 0 are the same cost. */
const signed = (x: number) => (x === 0 ? 0 : x);

describe('min-cost flow with lexicographic costs', () => {
  it('matches HiGHS’s lexicographic LP optimum, packed into one double or not', () => {
    fc.assert(
      fc.property(network, (g) => {
        // Bounds on |component| of a simple path: arcs × largest cost.
        const bound = g.arcs.length * 3;
        const packed = solveWith(new CostPacking(Array(WIDTH).fill(bound)), g);
        const separate = solveWith(new CostPacking(Array(WIDTH).fill(2 ** 40)), g);
        for (const flow of [packed, separate]) {
          g.arcs.forEach((a, i) => expect(flow[i]).toBeGreaterThanOrEqual(0));
          g.arcs.forEach((a, i) => expect(flow[i]).toBeLessThanOrEqual(a.capacity));
          for (let v = 1; v < g.nodes - 1; v++) {
            const net = g.arcs.reduce((s, a, i) => s + (a.to === v ? flow[i]! : 0) - (a.from === v ? flow[i]! : 0), 0);
            expect(net).toBe(0);
          }
        }
        expect(totalCost(g, packed)).toEqual(totalCost(g, separate));
        // The same problem for HiGHS: maximise −cost, component by component.
        const model = new LinearModel(Array.from({ length: WIDTH }, (_, k) => ({ name: `c${k}`, sense: 'max' as const })));
        const rows = Array.from({ length: g.nodes }, (_, v) => (v === 0 || v === g.nodes - 1 ? -1 : model.addRow(0, 0)));
        g.arcs.forEach((a) => {
          const c = model.addColumn(0, a.capacity, false);
          if (rows[a.from]! >= 0) model.addEntry(c, rows[a.from]!, -1);
          if (rows[a.to]! >= 0) model.addEntry(c, rows[a.to]!, 1);
          a.cost.forEach((v, k) => v !== 0 && model.addCost(c, k, -v));
        });
        const best = solveStaged(model, highs, { deadline_ms: Infinity })!;
        expect(totalCost(g, packed).map((c) => signed(-c))).toEqual(best.objectiveValues.map((v) => signed(Math.round(v))));
      }),
      { numRuns: 150 },
    );
  });
});
