import { z } from 'zod';
import { sectors } from '../catalogue.js';
import { LocalDate } from '../dates.js';
import { priorities } from '../needs/need.js';
import { DEFAULT_MIN_SHELF_LIFE_DAYS, unmetConstraints } from '../planner/types.js';
import { ItemRef, LocationRef, OrganisationRef } from '../refs.js';

const Timestamp = z.iso.datetime({ offset: true });

/** A plan is proposed when the planner runs, and accepted once: it then became draft consignments. */
export const planStatuses = ['proposed', 'accepted'] as const;
export type PlanStatus = (typeof planStatuses)[number];

const ShelfLifeDays = z.number().int().nonnegative().max(3650);

/** What a coordinator may set when running the planner; everything else is read from the records. */
export const PlanRequest = z.strictObject({
  planDate: LocalDate.optional().describe('the day of the first departures (default today, UTC); not in the past'),
  timeLimitSeconds: z.number().positive().max(60).default(2).describe("the planner's time budget; the plan says how far it is proven"),
  minShelfLifeDays: ShelfLifeDays.default(DEFAULT_MIN_SHELF_LIFE_DAYS).describe('days of shelf life a lot must keep on arrival'),
  minShelfLifeDaysBySector: z
    .partialRecord(z.enum(sectors), ShelfLifeDays)
    .default({})
    .describe('the same, per sector of the item (e.g. health: 180); other sectors use minShelfLifeDays'),
});
export type PlanRequest = z.infer<typeof PlanRequest>;

const PriorityUnits = z.object(Object.fromEntries(priorities.map((p) => [p, z.number().int()])) as Record<(typeof priorities)[number], z.ZodNumber>);

export const AllocationSourceView = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('lot'), lotId: z.uuid(), lotCode: z.string(), expiryDate: LocalDate.nullable() }),
    z.object({ kind: z.literal('pledge'), pledgeId: z.uuid(), pledgeLineId: z.uuid(), expectedOn: LocalDate }),
    z.object({
      kind: z.literal('kit_assembly'),
      components: z.array(z.object({ item: ItemRef, lotId: z.uuid(), lotCode: z.string(), expiryDate: LocalDate.nullable(), quantityUnits: z.number().int() })),
    }),
  ])
  .meta({ id: 'AllocationSource' });
export type AllocationSourceView = z.infer<typeof AllocationSourceView>;

/** The need line a plan line serves or leaves short, as a coordinator recognises it. */
const NeedLineFacts = {
  needId: z.uuid(),
  needTitle: z.string(),
  needLineId: z.uuid(),
  partner: OrganisationRef,
  priority: z.enum(priorities),
  neededBy: LocalDate,
  item: ItemRef,
  needLocation: LocationRef,
};

export const AllocationLineView = z
  .object({
    ...NeedLineFacts,
    quantityUnits: z.number().int(),
    weightKg: z.number(),
    volumeM3: z.number(),
    source: AllocationSourceView,
    laneId: z.uuid(),
    from: LocationRef.describe('the warehouse it leaves'),
    to: LocationRef.describe("the lane's destination"),
    dispatchOn: LocalDate,
    arrivesOn: LocalDate,
    reason: z.string().describe('why this stock goes this way, in words'),
    consignmentId: z
      .uuid()
      .nullable()
      .describe('the draft consignment that carries it, once the plan is accepted; null before, and for pledged goods and kits still to assemble'),
  })
  .meta({ id: 'AllocationLine' });
export type AllocationLineView = z.infer<typeof AllocationLineView>;

export const UnmetNeedView = z
  .object({
    ...NeedLineFacts,
    outstandingUnits: z.number().int(),
    allocatedUnits: z.number().int(),
    shortUnits: z.number().int(),
    constraint: z.enum(unmetConstraints).describe('the first constraint that stopped it'),
    detail: z.string(),
  })
  .meta({ id: 'UnmetNeed' });
export type UnmetNeedView = z.infer<typeof UnmetNeedView>;

export const PlanOptimalityView = z
  .object({
    proven: z.boolean().describe('true: no plan serves more units, priority by priority'),
    provenPriorities: z.array(z.enum(priorities)),
    gap: z.object({ priority: z.enum(priorities), plannedUnits: z.number().int(), boundUnits: z.number().int(), units: z.number().int() }).nullable(),
    method: z.enum(['relaxation', 'highs', 'staged_fill', 'greedy']),
  })
  .meta({ id: 'PlanOptimality' });

export const PlanView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    status: z.enum(planStatuses),
    planDate: LocalDate,
    createdAt: Timestamp,
    createdBy: z.uuid(),
    acceptedAt: Timestamp.nullable(),
    acceptedBy: z.uuid().nullable(),
    consignmentIds: z.array(z.uuid()).describe('the draft consignments made when the plan was accepted'),
    options: z.object({
      timeLimitSeconds: z.number(),
      minShelfLifeDays: z.number().int(),
      minShelfLifeDaysBySector: z.partialRecord(z.enum(sectors), z.number().int()),
    }),
    elapsedMs: z.number().int().describe("the planner's own time"),
    /** What the planner was given, counted. */
    input: z.object({
      needLines: z.number().int(),
      lots: z.number().int(),
      pledges: z.number().int(),
      kits: z.number().int(),
      lanes: z.number().int(),
    }),
    summary: z.object({
      servedUnits: PriorityUnits.describe('units arriving in time, per priority'),
      outstandingUnits: PriorityUnits.describe('units still to send, per priority, when the plan was made'),
      coverage: z.number().describe('Σ weight × served ÷ Σ weight × outstanding, weights 1000/100/10/1 for critical/high/medium/low'),
      routeDays: z.number().describe('unit-days on the road'),
    }),
    optimality: PlanOptimalityView,
    allocations: z.array(AllocationLineView),
    unmet: z.array(UnmetNeedView),
  })
  .meta({ id: 'AllocationPlan' });
export type PlanView = z.infer<typeof PlanView>;

export const PlanSummaryView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    status: z.enum(planStatuses),
    planDate: LocalDate,
    createdAt: Timestamp,
    coverage: z.number(),
    allocationLines: z.number().int(),
    unmetLines: z.number().int(),
  })
  .meta({ id: 'AllocationPlanSummary' });
export type PlanSummaryView = z.infer<typeof PlanSummaryView>;
