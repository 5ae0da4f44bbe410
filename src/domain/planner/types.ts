import { z } from 'zod';

/**
 * The planner's input: a snapshot of open need lines, supply and routes that the service layer
 * reads in one transaction. Everything is plain data so the planner stays a pure function.
 */
export const priorities = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof priorities)[number];

const Id = z.string().min(1).max(100);
const Day = z.iso.date();
const Units = z.number().int().nonnegative().max(1_000_000_000);

export const PlanNeedLine = z.strictObject({
  id: Id,
  itemId: Id,
  /** Still to be sent: requested minus what is already pledged to it, in pipeline or delivered. */
  quantityUnits: Units,
  priority: z.enum(priorities),
  neededBy: Day,
  destinationId: Id,
});
export type PlanNeedLine = z.infer<typeof PlanNeedLine>;

export const PlanLot = z.strictObject({
  id: Id,
  itemId: Id,
  warehouseId: Id,
  /** Available (not reserved, quarantined, expired or recalled) units of the lot. */
  quantityUnits: Units,
  /** `null` for goods that do not expire. */
  expiresOn: Day.nullable(),
});
export type PlanLot = z.infer<typeof PlanLot>;

export const PlanPledge = z.strictObject({
  id: Id,
  itemId: Id,
  warehouseId: Id,
  quantityUnits: Units,
  /** The day the pledged goods are expected at the warehouse. */
  expectedOn: Day,
});
export type PlanPledge = z.infer<typeof PlanPledge>;

export const PlanKitRecipe = z.strictObject({
  kitItemId: Id,
  components: z
    .array(z.strictObject({ itemId: Id, quantityUnits: z.number().int().positive().max(1_000_000) }))
    .min(1)
    .max(200),
});
export type PlanKitRecipe = z.infer<typeof PlanKitRecipe>;

export const PlanItem = z.strictObject({
  id: Id,
  weightKgPerUnit: z.number().positive().max(100_000),
  volumeM3PerUnit: z.number().positive().max(1_000),
  /** The category (sector) whose minimum remaining shelf life on arrival applies. */
  category: z.string().min(1).max(60),
});
export type PlanItem = z.infer<typeof PlanItem>;

export const PlanRoute = z.strictObject({
  id: Id,
  warehouseId: Id,
  destinationId: Id,
  leadTimeDays: z.number().int().nonnegative().max(3_650),
  /** Departures leave on the plan date and then every `periodDays` days. */
  periodDays: z.number().int().positive().max(3_650),
  capacityKgPerPeriod: z.number().nonnegative().max(1e12),
  capacityM3PerPeriod: z.number().nonnegative().max(1e12),
});
export type PlanRoute = z.infer<typeof PlanRoute>;

export const DEFAULT_MIN_SHELF_LIFE_DAYS = 90;

export const PlanInput = z.strictObject({
  planDate: Day,
  needs: z.array(PlanNeedLine),
  lots: z.array(PlanLot),
  pledges: z.array(PlanPledge).default([]),
  kits: z.array(PlanKitRecipe).default([]),
  items: z.array(PlanItem),
  routes: z.array(PlanRoute),
  /** Minimum remaining shelf life on arrival, per category; other categories use the default. */
  minShelfLifeDaysByCategory: z.record(z.string(), z.number().int().nonnegative().max(36_500)).default({}),
  defaultMinShelfLifeDays: z.number().int().nonnegative().max(36_500).default(DEFAULT_MIN_SHELF_LIFE_DAYS),
});
export type PlanInput = z.infer<typeof PlanInput>;

/** Where the units of an allocation line come from. */
export type AllocationSource =
  | { kind: 'lot'; lotId: string }
  | { kind: 'pledge'; pledgeId: string }
  /** Kits assembled at the warehouse before dispatch, from these component lots. */
  | { kind: 'kit_assembly'; components: { lotId: string; quantityUnits: number }[] };

export interface AllocationLine {
  needLineId: string;
  itemId: string;
  source: AllocationSource;
  quantityUnits: number;
  routeId: string;
  dispatchOn: string;
  arrivesOn: string;
  reason: string;
}

/** Why a need line is not (fully) served, from the first constraint that stopped it. */
export const unmetConstraints = [
  'no_stock', // no lot, pledge or assemblable kit of the item anywhere
  'no_route', // stock exists, but no route reaches the destination
  'lead_time', // no source can arrive by the needed-by date
  'shelf_life', // stock could arrive in time, but none with enough shelf life left on arrival
  'outranked', // usable stock went to needs of higher priority (or earlier equal ones)
  'route_capacity', // usable stock is left over, but the routes that could carry it are full
] as const;
export type UnmetConstraint = (typeof unmetConstraints)[number];

export interface UnmetNeed {
  needLineId: string;
  outstandingUnits: number;
  allocatedUnits: number;
  shortUnits: number;
  constraint: UnmetConstraint;
  detail: string;
}

export interface PlanSummary {
  /** Units arriving in time, per priority. */
  servedUnits: Record<Priority, number>;
  outstandingUnits: Record<Priority, number>;
  /** Σ weight(priority) × served units / Σ weight(priority) × outstanding units, in [0, 1]. */
  coverage: number;
  /** Unit-days of shelf life left in the stock sent (smaller = shorter-dated stock went first). */
  expiryScore: number;
  /** Unit-days on the road. */
  routeDays: number;
}

export interface Plan {
  planDate: string;
  allocations: AllocationLine[];
  unmet: UnmetNeed[];
  summary: PlanSummary;
}
