import { compositeKey, type Instance, type ShipmentOption } from './instance.js';
import type { ShipmentFlows } from './flows.js';
import { lowerBound } from './sorted.js';
import { append } from './group.js';
import type { AllocationLine, AllocationSource, PlanLot, PlanPledge } from './types.js';

/**
 * Turns an optimal set of flows into allocation lines. The flows say how many units leave on
 * each departure and how many each need line receives; this picks the lots. Departures are
 * served most demanding first (latest minimum expiry), each from the earliest-expiring lot that
 * still qualifies: the sets of qualifying lots are nested, so this never fails where the flows
 * are feasible, and it sends short-dated stock first.
 */
interface Piece {
  source: AllocationSource;
  units: number;
}

interface Draw {
  option: ShipmentOption;
  units: number;
  /** Receives the lots as they are picked. */
  take: (lot: PlanLot, units: number) => void;
}

const byKey = <T>(xs: readonly T[], keyOf: (x: T) => string) => {
  const m = new Map<string, T[]>();
  for (const x of xs) append(m, keyOf(x), x);
  return m;
};

/** `lots` are indices into `input.lots`. */
function pickLots(instance: Instance, lots: number[], draws: Draw[]): void {
  const all = instance.input.lots;
  const days = instance.lotExpiryDays;
  const sortedIndex = [...lots].sort((a, b) => days[a]! - days[b]! || (all[a]!.id < all[b]!.id ? -1 : 1));
  const sorted = sortedIndex.map((i) => all[i]!);
  const expiry = sortedIndex.map((i) => days[i]!);
  const left = sorted.map((l) => l.quantityUnits);
  for (const draw of [...draws].sort((a, b) => b.option.minExpiryDay - a.option.minExpiryDay)) {
    let need = draw.units;
    let i = lowerBound(expiry, draw.option.minExpiryDay);
    while (need > 0) {
      if (i >= sorted.length) throw new Error('invariant violated: flows draw more stock than qualifies');
      const units = Math.min(need, left[i]!);
      if (units > 0) {
        draw.take(sorted[i]!, units);
        left[i]! -= units;
        need -= units;
      }
      i++;
    }
  }
}

function pickPledges(instance: Instance, pledges: PlanPledge[], draws: { option: ShipmentOption; units: number }[], out: Piece[][]): void {
  const sorted = [...pledges].sort((a, b) => instance.expectedDay(a) - instance.expectedDay(b) || (a.id < b.id ? -1 : 1));
  const left = sorted.map((p) => p.quantityUnits);
  for (const draw of [...draws].sort((a, b) => a.option.dispatchDay - b.option.dispatchDay)) {
    let need = draw.units;
    for (let i = 0; need > 0; i++) {
      const pledge = sorted[i];
      if (!pledge || instance.expectedDay(pledge) > draw.option.dispatchDay) throw new Error('invariant violated: flows draw more pledged goods than arrive in time');
      const units = Math.min(need, left[i]!);
      if (units > 0) {
        out[draw.option.index]!.push({ source: { kind: 'pledge', pledgeId: pledge.id }, units });
        left[i]! -= units;
        need -= units;
      }
    }
  }
}

/** Splits assembled kits into runs that use the same component lots. */
function kitPieces(kits: number, recipe: { quantityUnits: number }[], picked: { lot: PlanLot; units: number }[][]): Piece[] {
  const pieces: Piece[] = [];
  const cursor = picked.map(() => ({ at: 0, used: 0 }));
  const takeUnits = (c: number, units: number) => {
    const out: { lotId: string; quantityUnits: number }[] = [];
    const cur = cursor[c]!;
    while (units > 0) {
      const lot = picked[c]![cur.at]!;
      const n = Math.min(units, lot.units - cur.used);
      out.push({ lotId: lot.lot.id, quantityUnits: n });
      units -= n;
      cur.used += n;
      if (cur.used === lot.units) {
        cur.at++;
        cur.used = 0;
      }
    }
    return out;
  };
  let remaining = kits;
  while (remaining > 0) {
    const run = Math.max(1, Math.min(remaining, ...recipe.map((r, c) => Math.floor((picked[c]![cursor[c]!.at]!.units - cursor[c]!.used) / r.quantityUnits))));
    pieces.push({ source: { kind: 'kit_assembly', components: recipe.flatMap((r, c) => takeUnits(c, r.quantityUnits * run)) }, units: run });
    remaining -= run;
  }
  return pieces;
}

export function recoverAllocations(instance: Instance, flows: ShipmentFlows): AllocationLine[] {
  const { servedUnits } = flows;
  const { input, options } = instance;
  const pieces: Piece[][] = options.map(() => []);
  // Lot draws by item, then warehouse.
  const lotDraws = new Map<string, Map<string, Draw[]>>();
  const addDraw = (itemId: string, warehouseId: string, d: Draw) => {
    let byWarehouse = lotDraws.get(itemId);
    if (!byWarehouse) lotDraws.set(itemId, (byWarehouse = new Map()));
    append(byWarehouse, warehouseId, d);
  };
  const kitPicks = new Map<number, { lot: PlanLot; units: number }[][]>();
  const pledgeDraws = new Map<string, { option: ShipmentOption; units: number }[]>();
  for (const o of options) {
    const f = { fromLotsUnits: flows.fromLotsUnits[o.index]!, fromPledgesUnits: flows.fromPledgesUnits[o.index]!, kitsAssembledUnits: flows.kitsAssembledUnits[o.index]! };
    if (f.fromLotsUnits > 0) {
      addDraw(o.itemId, o.route.warehouseId, {
        option: o,
        units: f.fromLotsUnits,
        take: (lot, units) => pieces[o.index]!.push({ source: { kind: 'lot', lotId: lot.id }, units }),
      });
    }
    if (f.fromPledgesUnits > 0) {
      append(pledgeDraws, compositeKey(o.itemId, o.route.warehouseId), { option: o, units: f.fromPledgesUnits });
    }
    if (f.kitsAssembledUnits > 0) {
      const recipe = instance.recipes.get(o.itemId)!;
      const picks = recipe.map(() => [] as { lot: PlanLot; units: number }[]);
      kitPicks.set(o.index, picks);
      recipe.forEach((c, i) =>
        addDraw(c.itemId, o.route.warehouseId, { option: o, units: c.quantityUnits * f.kitsAssembledUnits, take: (lot, units) => picks[i]!.push({ lot, units }) }),
      );
    }
  }
  const drawnLots = new Map<string, Map<string, number[]>>();
  input.lots.forEach((l, i) => {
    if (!lotDraws.has(l.itemId)) return;
    let byWarehouse = drawnLots.get(l.itemId);
    if (!byWarehouse) drawnLots.set(l.itemId, (byWarehouse = new Map()));
    append(byWarehouse, l.warehouseId, i);
  });
  for (const [itemId, byWarehouse] of lotDraws) {
    for (const [warehouseId, draws] of byWarehouse) pickLots(instance, drawnLots.get(itemId)?.get(warehouseId) ?? [], draws);
  }
  const pledgesByKey = byKey(input.pledges, (p) => compositeKey(p.itemId, p.warehouseId));
  for (const [k, draws] of pledgeDraws) pickPledges(instance, pledgesByKey.get(k) ?? [], draws, pieces);
  for (const [index, picks] of kitPicks) {
    const o = options[index]!;
    pieces[index]!.push(...kitPieces(flows.kitsAssembledUnits[index]!, instance.recipes.get(o.itemId)!, picks));
  }

  // Needs of an item at a destination take what arrived by their needed-by date, earliest first.
  const lines: AllocationLine[] = [];
  for (const needs of byKey(input.needs, (n) => compositeKey(n.itemId, n.destinationId)).values()) {
    const first = needs[0]!;
    const arriving = [...(instance.optionsByItemAndDestination.get(first.itemId)?.get(first.destinationId) ?? [])].sort(
      (a, b) => a.arrivalDay - b.arrivalDay || a.index - b.index,
    );
    const sortedNeeds = [...needs].sort((a, b) => instance.neededByDay.get(a.id)! - instance.neededByDay.get(b.id)! || (a.id < b.id ? -1 : 1));
    const pool: { option: ShipmentOption; piece: Piece }[] = [];
    // Pieces are taken in the order they arrive: those before `head` are used up.
    let head = 0;
    let next = 0;
    for (const need of sortedNeeds) {
      const deadline = instance.neededByDay.get(need.id)!;
      while (next < arriving.length && arriving[next]!.arrivalDay <= deadline) {
        const o = arriving[next++]!;
        for (const piece of pieces[o.index]!) pool.push({ option: o, piece: { ...piece } });
      }
      let want = servedUnits.get(need.id) ?? 0;
      while (want > 0) {
        while (head < pool.length && pool[head]!.piece.units === 0) head++;
        const first = pool[head];
        if (!first) throw new Error('invariant violated: a need receives more than arrives in time');
        const units = Math.min(want, first.piece.units);
        const { source, units: had } = first.piece;
        first.piece = { source: scale(source, had - units, had), units: had - units };
        want -= units;
        lines.push(allocationLine(need.id, need.itemId, first.option, scale(source, units, had), units, need.priority));
      }
    }
  }
  return lines;
}

/** The components of `units` kits out of a run of `ofUnits` (runs hold each lot in whole multiples). */
function scale(source: AllocationSource, units: number, ofUnits: number): AllocationSource {
  if (source.kind !== 'kit_assembly' || units === ofUnits) return source;
  return { kind: 'kit_assembly', components: source.components.map((c) => ({ lotId: c.lotId, quantityUnits: (c.quantityUnits / ofUnits) * units })) };
}

export function allocationLine(needLineId: string, itemId: string, o: ShipmentOption, source: AllocationSource, units: number, priority: string): AllocationLine {
  const what = source.kind === 'lot' ? `lot ${source.lotId}` : source.kind === 'pledge' ? `pledge ${source.pledgeId}` : 'kits assembled from stock';
  return {
    needLineId,
    itemId,
    source,
    quantityUnits: units,
    routeId: o.route.id,
    dispatchOn: o.isoDispatch,
    arrivesOn: o.isoArrival,
    reason: `${priority} need; ${what} leaves ${o.isoDispatch} on route ${o.route.id} (${o.route.leadTimeDays} days) and arrives in time with enough shelf life`,
  };
}
