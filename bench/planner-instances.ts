import { isoDate, dayNumber } from '../src/domain/planner/calendar.js';
import { PlanInput, priorities, type Priority } from '../src/domain/planner/types.js';

/**
 * Generated planning instances for the benchmark: 200 items (10 of them kits of three
 * components), 3 warehouses, 5 destinations. `tight` instances have short-dated stock and
 * route capacity of about a third of what the needs would fill, so expiry and capacity bind.
 */
export interface InstanceShape {
  needs: number;
  lots: number;
  tight: boolean;
  seed: number;
}

/** mulberry32: a small seeded generator, so every run benchmarks the same instances. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateInstance(shape: InstanceShape): PlanInput {
  const rnd = random(shape.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const planDate = '2025-03-01';
  const planDay = dayNumber(planDate);
  const categories = ['health', 'food_security', 'wash', 'education'];
  const items = Array.from({ length: 200 }, (_, i) => ({
    id: `item-${i}`,
    weightKgPerUnit: Math.round((0.2 + rnd() * 24.8) * 100) / 100,
    volumeM3PerUnit: Math.round((0.001 + rnd() * 0.099) * 1000) / 1000,
    category: categories[i % categories.length]!,
  }));
  const kits = Array.from({ length: 10 }, (_, k) => ({
    kitItemId: `item-${190 + k}`,
    components: [0, 1, 2].map((c) => ({ itemId: `item-${(k * 17 + c * 7) % 190}`, quantityUnits: int(1, 4) })),
  }));
  // Popularity makes some items scarce and others plentiful, as in real appeals.
  const popularity = items.map(() => 0.2 + rnd() * 1.8);
  const weighted = items.flatMap((it, i) => Array.from({ length: Math.round(popularity[i]! * 5) }, () => it.id));
  const warehouses = ['wh-isfahan', 'wh-tehran', 'wh-arish'];
  const destinations = ['gaza-north', 'gaza-city', 'deir-al-balah', 'khan-yunis', 'rafah'];
  const needs = Array.from({ length: shape.needs }, (_, i) => ({
    id: `need-${i}`,
    itemId: pick(weighted),
    quantityUnits: int(20, 200),
    priority: pick<Priority>([...priorities, 'high', 'medium', 'medium', 'low']),
    neededBy: isoDate(planDay + int(5, 56)),
    destinationId: pick(destinations),
  }));
  const lots = Array.from({ length: shape.lots }, (_, i) => ({
    id: `lot-${i}`,
    itemId: items[int(0, 189)]!.id,
    warehouseId: pick(warehouses),
    quantityUnits: int(2, shape.tight ? 20 : 40),
    expiresOn: rnd() < 0.15 ? null : isoDate(planDay + (shape.tight ? int(20, 260) : int(120, 900))),
  }));
  const pledges = Array.from({ length: Math.round(shape.lots / 20) }, (_, i) => ({
    id: `pledge-${i}`,
    itemId: pick(weighted),
    warehouseId: pick(warehouses),
    quantityUnits: int(10, 100),
    expectedOn: isoDate(planDay + int(0, 40)),
  }));
  const demandKg = needs.reduce((s, n) => s + n.quantityUnits * items[Number(n.itemId.slice(5))]!.weightKgPerUnit, 0);
  const demandM3 = needs.reduce((s, n) => s + n.quantityUnits * items[Number(n.itemId.slice(5))]!.volumeM3PerUnit, 0);
  // About 6 weekly departures per route before the last needed-by date, 15 routes.
  const share = shape.tight ? 0.35 : 10;
  const routes = warehouses.flatMap((w, wi) =>
    destinations.map((d, di) => ({
      id: `route-${wi}-${di}`,
      warehouseId: w,
      destinationId: d,
      leadTimeDays: 2 + ((wi * 5 + di * 3) % 11),
      periodDays: 7,
      capacityKgPerPeriod: Math.round(((demandKg / 15 / 6) * share * (0.6 + rnd() * 0.8))),
      capacityM3PerPeriod: Math.round(((demandM3 / 15 / 6) * share * (0.6 + rnd() * 0.8)) * 1000) / 1000,
    })),
  );
  return PlanInput.parse({
    planDate,
    needs,
    lots,
    pledges,
    kits,
    items,
    routes,
    minShelfLifeDaysByCategory: { health: 180, food_security: 90, wash: 60, education: 0 },
  });
}
