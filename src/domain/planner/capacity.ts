import { compositeKey } from './instance.js';
import type { PlanItem, PlanRoute } from './types.js';

/** Kg and m³ left on each departure (route × period) as units are loaded. */
export class CapacityLedger {
  private readonly usedKg = new Map<string, number>();
  private readonly usedM3 = new Map<string, number>();

  /** Whole units of `item` that still fit on the departure. */
  unitsThatFit(route: PlanRoute, period: number, item: PlanItem): number {
    const k = compositeKey(route.id, String(period));
    const room = { kg: route.capacityKgPerPeriod - (this.usedKg.get(k) ?? 0), m3: route.capacityM3PerPeriod - (this.usedM3.get(k) ?? 0) };
    return unitsThatFit(room, item.weightKgPerUnit, item.volumeM3PerUnit);
  }

  load(route: PlanRoute, period: number, item: PlanItem, units: number): void {
    const k = compositeKey(route.id, String(period));
    this.usedKg.set(k, (this.usedKg.get(k) ?? 0) + units * item.weightKgPerUnit);
    this.usedM3.set(k, (this.usedM3.get(k) ?? 0) + units * item.volumeM3PerUnit);
  }
}

/** Whole units of an item that fit in the kg and m³ left on a departure. */
export function unitsThatFit(room: { kg: number; m3: number }, weightKgPerUnit: number, volumeM3PerUnit: number): number {
  // A tiny allowance so that loads summed in floating point are not refused a unit they fit.
  return Math.max(0, Math.floor(Math.min((room.kg + 1e-9) / weightKgPerUnit, (room.m3 + 1e-9) / volumeM3PerUnit)));
}
