/**
 * A small min-cost flow solver whose costs are vectors compared lexicographically: one
 * component per objective of the planner (units per priority, then congestion, then route days),
 * so no weights have to be guessed. Each item's network has a few hundred nodes, so successive
 * shortest paths (Dijkstra with potentials, then the augmenting paths of zero reduced cost,
 * found by depth-first searches) is fast enough, and exact: every component is an integer far inside the
 * range where doubles add exactly (see `CostPacking` for how components share one double).
 * A phase holds only a few such paths (about four on the benchmark's instances), so plain
 * searches cost less than a blocking flow over level graphs, which took three breadth-first
 * passes per phase there and made the solver half again as slow.
 *
 * Nodes must be numbered so that every arc of the initial graph goes from a lower to a higher
 * node (the networks are built that way), so the first potentials come from one pass in order.
 * The flow minimises cost over all flow values: it stops when no path from the source to the
 * sink has negative cost.
 */
export const UNBOUNDED = 1e15;

/**
 * Packs a cost vector into fewer components without changing the lexicographic order of any
 * sum the solver forms. `bounds[k]` bounds |component k| of any simple path's cost; potentials
 * and reduced costs stay within a small multiple of that (successive shortest paths keep
 * potentials within the range of path costs), so component k gets a base of 16·bounds[k] + 16,
 * and neighbouring components share one double while the product of their bases stays below 2^52.
 */
export class CostPacking {
  readonly width: number;
  private readonly slot: number[] = [];
  private readonly scale: number[] = [];

  constructor(bounds: readonly number[]) {
    let width = 0;
    let product = Infinity;
    for (let k = bounds.length - 1; k >= 0; k--) {
      const base = 16 * Math.ceil(bounds[k]!) + 16;
      if (product * base >= 2 ** 52) {
        width++;
        product = 1;
      }
      this.slot[k] = width - 1;
      this.scale[k] = product;
      product *= base;
    }
    this.width = width;
    // Slots were numbered from the least significant end; the solver compares from slot 0.
    for (let k = 0; k < bounds.length; k++) this.slot[k] = width - 1 - this.slot[k]!;
  }

  /** Packs `cost` into `out` (a new array by default; solvers reuse one, costs change often). */
  pack(cost: readonly number[], out = new Array<number>(this.width)): number[] {
    out.fill(0);
    for (let k = 0; k < cost.length; k++) out[this.slot[k]!]! += cost[k]! * this.scale[k]!;
    return out;
  }
}

export class FlowGraph {
  private nodeCount = 0;
  private arcCount = 0;
  private to = new Int32Array(64);
  private residual = new Float64Array(64);
  private capacity = new Float64Array(64);
  private costs: Float64Array;
  private firstOut = new Int32Array(64).fill(-1);
  private nextOut = new Int32Array(64);
  private readonly packed: number[];

  constructor(
    private readonly packing: CostPacking,
  ) {
    this.costs = new Float64Array(64 * packing.width);
    this.packed = new Array<number>(packing.width);
  }

  get width(): number {
    return this.packing.width;
  }

  addNode(): number {
    if (this.nodeCount === this.firstOut.length) this.firstOut = grow(this.firstOut, -1);
    return this.nodeCount++;
  }

  get nodes(): number {
    return this.nodeCount;
  }

  /** An arc `from → to` (from < to) whose cost is the unpacked vector `cost`; returns its id. */
  addArc(from: number, to: number, capacity: number, cost: readonly number[]): number {
    const e = this.arcCount;
    if (e + 2 > this.to.length) {
      this.to = grow(this.to, 0);
      this.residual = grow(this.residual, 0);
      this.capacity = grow(this.capacity, 0);
      this.nextOut = grow(this.nextOut, 0);
      this.costs = grow(this.costs, 0);
    }
    const packed = this.packing.pack(cost, this.packed);
    this.half(e, from, to, capacity, packed, 1);
    this.half(e + 1, to, from, 0, packed, -1);
    this.arcCount += 2;
    return e;
  }

  private half(e: number, from: number, to: number, capacity: number, cost: number[], sign: number): void {
    this.to[e] = to;
    this.residual[e] = capacity;
    this.capacity[e] = capacity;
    for (let k = 0; k < this.width; k++) this.costs[e * this.width + k] = sign * cost[k]!;
    this.nextOut[e] = this.firstOut[from]!;
    this.firstOut[from] = e;
  }

  /** Units on an arc. */
  flow(arc: number): number {
    return this.residual[arc ^ 1]!;
  }

  /** Changes an arc's (unpacked) cost; call `reset` before solving again. */
  setCost(arc: number, cost: readonly number[]): void {
    const packed = this.packing.pack(cost, this.packed);
    for (let k = 0; k < this.width; k++) {
      this.costs[arc * this.width + k] = packed[k]!;
      this.costs[(arc ^ 1) * this.width + k] = -packed[k]!;
    }
  }

  /** Changes an arc's capacity; call `reset` before solving again. */
  setCapacity(arc: number, capacity: number): void {
    this.capacity[arc] = capacity;
  }

  /** Forgets the flow, keeping arcs and capacities. */
  reset(): void {
    this.residual.set(this.capacity.subarray(0, this.arcCount));
  }

  /** Sends a min-cost flow from `source` to `sink`, starting from the current flow (zero after `reset`). */
  solve(source: number, sink: number): void {
    new Solver(this.nodeCount, this.width, { to: this.to, residual: this.residual, costs: this.costs, firstOut: this.firstOut, nextOut: this.nextOut }, source, sink).run();
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, fill: number): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  b.fill(fill, a.length);
  return b;
}

let buffers = { nodes: 0, width: 0, ...allocate(0, 0) };

function allocate(nodes: number, width: number) {
  return {
    potential: new Float64Array(nodes * width),
    dist: new Float64Array(nodes * width),
    reached: new Uint8Array(nodes),
    done: new Uint8Array(nodes),
    seen: new Int32Array(nodes),
    alive: new Int32Array(nodes),
    queue: new Int32Array(nodes),
    current: new Int32Array(nodes),
    heapItems: new Int32Array(nodes),
    heapPosition: new Int32Array(nodes).fill(-1),
  };
}

function scratch(nodes: number, width: number) {
  if (nodes > buffers.nodes || width > buffers.width) {
    const n = Math.max(nodes, buffers.nodes * 2);
    const w = Math.max(width, buffers.width);
    buffers = { nodes: n, width: w, ...allocate(n, w) };
  }
  buffers.potential.fill(0, 0, nodes * width);
  return buffers;
}

interface Arrays {
  to: Int32Array;
  residual: Float64Array;
  costs: Float64Array;
  firstOut: Int32Array;
  nextOut: Int32Array;
}

class Solver {
  private readonly potential: Float64Array;
  private readonly dist: Float64Array;
  private readonly reached: Uint8Array;
  private readonly done: Uint8Array;
  /** The search (`stamp`) a node is being searched in, or has nothing more to give in. */
  private readonly seen: Int32Array;
  private stamp = 0;
  /** Nodes that reach the sink over arcs of zero reduced cost in phase `phase`. */
  private readonly alive: Int32Array;
  private phase = 0;
  private readonly queue: Int32Array;
  /** The next arc each node tries in the current search (−1: nothing more to find there). */
  private readonly current: Int32Array;
  private readonly heap: Heap;

  constructor(
    private readonly n: number,
    private readonly w: number,
    private readonly a: Arrays,
    private readonly source: number,
    private readonly sink: number,
  ) {
    // Networks are solved thousands of times per plan: reuse the work arrays.
    const s = scratch(n, w);
    this.potential = s.potential;
    this.dist = s.dist;
    this.reached = s.reached;
    this.done = s.done;
    this.seen = s.seen;
    this.seen.fill(0, 0, n);
    this.alive = s.alive;
    this.alive.fill(0, 0, n);
    this.queue = s.queue;
    this.current = s.current;
    this.heap = new Heap(s.heapItems, s.heapPosition, (x, y) => this.compare(this.dist, x * w, this.dist, y * w) < 0);
  }

  run(): void {
    if (!this.initialPotentials()) return;
    const { w, n, dist, potential, sink, source } = this;
    for (;;) {
      this.dijkstra();
      if (!this.reached[sink]) return;
      // The path's true cost is dist(sink) + potential(sink) − potential(source).
      let sign = 0;
      for (let k = 0; k < w && sign === 0; k++) {
        const c = dist[sink * w + k]! + potential[sink * w + k]! - potential[source * w + k]!;
        sign = c < 0 ? -1 : c > 0 ? 1 : 0;
      }
      if (sign >= 0) return;
      // p(v) += min(dist(v), dist(sink)) keeps every reduced cost non-negative; Dijkstra stopped at
      // the sink, so the nodes it settled are exactly those no farther than the sink.
      for (let v = 0; v < n; v++) {
        const from = this.done[v] ? v : sink;
        for (let k = 0; k < w; k++) potential[v * w + k]! += dist[from * w + k]!;
      }
      this.markAlive();
      do this.current.set(this.a.firstOut.subarray(0, n));
      while (this.augment(source, UNBOUNDED, ++this.stamp) > 0);
    }
  }

  /**
   * Marks the nodes that reach the sink over residual arcs of zero reduced cost, searching
   * backwards from it (an arc into v is the partner of one of v's own), so that the searches for
   * augmenting paths skip the large zero-cost parts of the network that lead nowhere.
   */
  private markAlive(): void {
    const { to, residual, costs, firstOut, nextOut } = this.a;
    const { w, potential, alive, queue } = this;
    const phase = ++this.phase;
    alive[this.sink] = phase;
    queue[0] = this.sink;
    for (let head = 0, tail = 1; head < tail; head++) {
      const v = queue[head]!;
      for (let f = firstOut[v]!; f >= 0; f = nextOut[f]!) {
        const e = f ^ 1;
        const u = to[f]!;
        if (alive[u] === phase || residual[e]! <= 0) continue;
        let zero = true;
        for (let k = 0; k < w && zero; k++) zero = costs[e * w + k]! + potential[u * w + k]! - potential[v * w + k]! === 0;
        if (!zero) continue;
        alive[u] = phase;
        queue[tail++] = u;
      }
    }
  }

  private compare(x: Float64Array, i: number, y: Float64Array, j: number): number {
    for (let k = 0; k < this.w; k++) {
      const d = x[i + k]! - y[j + k]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** Shortest distances from the source in the initial graph, whose arcs all go upwards. */
  private initialPotentials(): boolean {
    const { to, residual, costs, firstOut, nextOut } = this.a;
    const { w, n, potential, reached } = this;
    reached.fill(0, 0, n);
    reached[this.source] = 1;
    for (let u = this.source; u < n; u++) {
      if (!reached[u]) continue;
      for (let e = firstOut[u]!; e >= 0; e = nextOut[e]!) {
        if (residual[e]! <= 0) continue;
        const v = to[e]!;
        if (v < u) throw new Error('invariant violated: a network arc goes downwards');
        let better = !reached[v];
        for (let k = 0; k < w && !better; k++) {
          const d = potential[u * w + k]! + costs[e * w + k]! - potential[v * w + k]!;
          if (d !== 0) {
            better = d < 0;
            break;
          }
        }
        if (better) {
          reached[v] = 1;
          for (let k = 0; k < w; k++) potential[v * w + k] = potential[u * w + k]! + costs[e * w + k]!;
        }
      }
    }
    if (!reached[this.sink]) return false;
    // Nodes the source cannot reach never carry flow; they move with the sink's potential.
    for (let v = 0; v < n; v++) if (!reached[v]) for (let k = 0; k < w; k++) potential[v * w + k] = potential[this.sink * w + k]!;
    return true;
  }

  private dijkstra(): void {
    const { to, residual, costs, firstOut, nextOut } = this.a;
    const { w, dist, potential, reached, done, heap } = this;
    reached.fill(0, 0, this.n);
    done.fill(0, 0, this.n);
    for (let k = 0; k < w; k++) dist[this.source * w + k] = 0;
    reached[this.source] = 1;
    heap.push(this.source);
    while (heap.size > 0) {
      const u = heap.pop();
      done[u] = 1;
      if (u === this.sink) {
        heap.clear();
        break;
      }
      for (let e = firstOut[u]!; e >= 0; e = nextOut[e]!) {
        if (residual[e]! <= 0) continue;
        const v = to[e]!;
        if (done[v]) continue;
        // Compare dist(u) + reduced cost with dist(v), component by component.
        let better = !reached[v];
        for (let k = 0; k < w && !better; k++) {
          const d = dist[u * w + k]! + costs[e * w + k]! + potential[u * w + k]! - potential[v * w + k]! - dist[v * w + k]!;
          if (d !== 0) {
            if (d > 0) break;
            better = true;
          }
        }
        if (better) {
          reached[v] = 1;
          for (let k = 0; k < w; k++) dist[v * w + k] = dist[u * w + k]! + costs[e * w + k]! + potential[u * w + k]! - potential[v * w + k]!;
          heap.push(v);
        }
      }
    }
  }

  /**
   * Units pushed from `u` to the sink along residual arcs of zero reduced cost, depth first. A
   * node is not entered again while it is being searched, nor once it has nothing more to give
   * in this search; one that gave all it was asked may be entered again, from the arc it stopped
   * at. So one search fills many paths; `run` searches again until one finds nothing, and that
   * one is a plain depth-first search (nothing moved), so no such path is left.
   */
  private augment(u: number, limit: number, stamp: number): number {
    if (u === this.sink) return limit;
    const { to, residual, costs, nextOut } = this.a;
    const { w, potential, seen, alive, phase, current } = this;
    seen[u] = stamp;
    let pushed = 0;
    for (let e = current[u]!; e >= 0; e = nextOut[e]!) {
      const v = to[e]!;
      if (residual[e]! <= 0 || seen[v] === stamp || alive[v] !== phase) continue;
      let zero = true;
      for (let k = 0; k < w && zero; k++) zero = costs[e * w + k]! + potential[u * w + k]! - potential[v * w + k]! === 0;
      if (!zero) continue;
      const units = this.augment(v, Math.min(limit - pushed, residual[e]!), stamp);
      residual[e]! -= units;
      residual[e ^ 1]! += units;
      pushed += units;
      if (pushed === limit) {
        current[u] = e;
        seen[u] = 0;
        return pushed;
      }
    }
    current[u] = -1;
    return pushed;
  }
}

/** A binary heap of node numbers with decrease-key: a node's key may only drop while it is queued. */
class Heap {
  private count = 0;

  /** `position` must hold −1 for every node, and is left that way once the heap is empty. */
  constructor(
    private readonly items: Int32Array,
    private readonly position: Int32Array,
    private readonly less: (a: number, b: number) => boolean,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Empties the heap, leaving `position` all −1 for the next user. */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.position[this.items[i]!] = -1;
    this.count = 0;
  }

  /** Queues `x`, or moves it up after its key dropped. */
  push(x: number): void {
    let i = this.position[x]!;
    if (i < 0) i = this.count++;
    this.siftUp(x, i);
  }

  pop(): number {
    const top = this.items[0]!;
    this.position[top] = -1;
    const last = this.items[--this.count]!;
    if (this.count > 0) this.siftDown(last, 0);
    return top;
  }

  private place(x: number, i: number): void {
    this.items[i] = x;
    this.position[x] = i;
  }

  private siftUp(x: number, i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(x, this.items[parent]!)) break;
      this.place(this.items[parent]!, i);
      i = parent;
    }
    this.place(x, i);
  }

  private siftDown(x: number, i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.count) break;
      const r = l + 1;
      const m = r < this.count && this.less(this.items[r]!, this.items[l]!) ? r : l;
      if (!this.less(this.items[m]!, x)) break;
      this.place(this.items[m]!, i);
      i = m;
    }
    this.place(x, i);
  }
}
