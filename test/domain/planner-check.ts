import { expect } from 'vitest';
import { dayNumber, isoDate } from '../../src/domain/planner/calendar.js';
import { priorities, type Plan, type PlanInput, type Priority } from '../../src/domain/planner/types.js';

/**
 * Checks every hard constraint of a plan against its input, written independently of the
 * planner's own code (apart from date arithmetic), so a planner bug cannot hide behind it.
 */
export function expectFeasible(input: PlanInput, plan: Plan): void {
  const need = new Map(input.needs.map((n) => [n.id, n]));
  const lot = new Map(input.lots.map((l) => [l.id, l]));
  const pledge = new Map(input.pledges.map((p) => [p.id, p]));
  const route = new Map(input.routes.map((r) => [r.id, r]));
  const item = new Map(input.items.map((i) => [i.id, i]));
  const recipe = new Map(input.kits.map((k) => [k.kitItemId, k.components]));
  const minShelf = (itemId: string) => input.minShelfLifeDaysByCategory[item.get(itemId)!.category] ?? input.defaultMinShelfLifeDays;
  const used = new Map<string, number>();
  const use = (k: string, n: number) => used.set(k, (used.get(k) ?? 0) + n);
  const load = new Map<string, { kg: number; m3: number }>();
  const planDay = dayNumber(input.planDate);
  for (const a of plan.allocations) {
    const n = need.get(a.needLineId)!;
    const r = route.get(a.routeId)!;
    expect(Number.isInteger(a.quantityUnits) && a.quantityUnits > 0).toBe(true);
    expect(a.itemId).toBe(n.itemId);
    expect(r.destinationId).toBe(n.destinationId);
    const dispatch = dayNumber(a.dispatchOn);
    expect((dispatch - planDay) % r.periodDays === 0 && dispatch >= planDay).toBe(true);
    expect(a.arrivesOn).toBe(isoDate(dispatch + r.leadTimeDays));
    expect(dayNumber(a.arrivesOn) <= dayNumber(n.neededBy)).toBe(true);
    const fresh = (lotId: string, itemId: string) => {
      const l = lot.get(lotId)!;
      expect(l.itemId).toBe(itemId);
      expect(l.warehouseId).toBe(r.warehouseId);
      if (l.expiresOn !== null) expect(dayNumber(l.expiresOn) - dayNumber(a.arrivesOn)).toBeGreaterThanOrEqual(minShelf(n.itemId));
    };
    if (a.source.kind === 'lot') {
      fresh(a.source.lotId, n.itemId);
      use(a.source.lotId, a.quantityUnits);
    } else if (a.source.kind === 'pledge') {
      const p = pledge.get(a.source.pledgeId)!;
      expect(p.itemId).toBe(n.itemId);
      expect(p.warehouseId).toBe(r.warehouseId);
      expect(dayNumber(p.expectedOn) <= dispatch).toBe(true);
      use(p.id, a.quantityUnits);
    } else {
      for (const c of recipe.get(n.itemId)!) {
        const parts = a.source.components.filter((x) => lot.get(x.lotId)!.itemId === c.itemId);
        expect(parts.reduce((s, x) => s + x.quantityUnits, 0)).toBe(c.quantityUnits * a.quantityUnits);
        for (const x of parts) {
          fresh(x.lotId, c.itemId);
          use(x.lotId, x.quantityUnits);
        }
      }
    }
    use(n.id, a.quantityUnits);
    const k = `${r.id}@${a.dispatchOn}`;
    const l = load.get(k) ?? { kg: 0, m3: 0 };
    l.kg += a.quantityUnits * item.get(n.itemId)!.weightKgPerUnit;
    l.m3 += a.quantityUnits * item.get(n.itemId)!.volumeM3PerUnit;
    load.set(k, l);
  }
  for (const [id, units] of used) {
    const limit = lot.get(id)?.quantityUnits ?? pledge.get(id)?.quantityUnits ?? need.get(id)!.quantityUnits;
    expect(units).toBeLessThanOrEqual(limit);
  }
  for (const [k, l] of load) {
    const r = route.get(k.split('@')[0]!)!;
    expect(l.kg).toBeLessThanOrEqual(r.capacityKgPerPeriod * (1 + 1e-9) + 1e-9);
    expect(l.m3).toBeLessThanOrEqual(r.capacityM3PerPeriod * (1 + 1e-9) + 1e-9);
  }
  // The priority rule: no unit of a lot serving a lower-priority need could move to a short
  // need of higher priority without breaking shelf life, lead time or route capacity.
  const served = new Map<string, number>();
  for (const a of plan.allocations) served.set(a.needLineId, (served.get(a.needLineId) ?? 0) + a.quantityUnits);
  const rank = (p: Priority) => priorities.indexOf(p);
  for (const short of input.needs.filter((n) => (served.get(n.id) ?? 0) < n.quantityUnits && item.has(n.itemId))) {
    for (const a of plan.allocations) {
      const other = need.get(a.needLineId)!;
      if (a.source.kind !== 'lot' || other.itemId !== short.itemId || rank(other.priority) <= rank(short.priority)) continue;
      const l = lot.get(a.source.lotId)!;
      for (const r of input.routes.filter((x) => x.warehouseId === l.warehouseId && x.destinationId === short.destinationId)) {
        for (let d = planDay; d + r.leadTimeDays <= dayNumber(short.neededBy); d += r.periodDays) {
          const arrival = d + r.leadTimeDays;
          if (l.expiresOn !== null && dayNumber(l.expiresOn) - arrival < minShelf(short.itemId)) continue;
          const k = `${r.id}@${isoDate(d)}`;
          const freed = a.routeId === r.id && a.dispatchOn === isoDate(d) ? 1 : 0;
          const it = item.get(short.itemId)!;
          const cur = load.get(k) ?? { kg: 0, m3: 0 };
          const fits =
            cur.kg + (1 - freed) * it.weightKgPerUnit <= r.capacityKgPerPeriod + 1e-9 &&
            cur.m3 + (1 - freed) * it.volumeM3PerUnit <= r.capacityM3PerPeriod + 1e-9;
          expect(fits, `lot ${l.id} serves ${other.priority} need ${other.id} but could serve ${short.priority} need ${short.id}`).toBe(false);
        }
      }
    }
  }
}

/** Units served per priority, highest first, as a vector to compare lexicographically. */
export const servedVector = (plan: Plan): number[] => priorities.map((p) => plan.summary.servedUnits[p]);

export function compareLexicographic(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
