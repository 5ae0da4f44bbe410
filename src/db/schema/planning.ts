import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { planStatuses } from '../../domain/planning/plans.js';
import { users } from './auth.js';
import { locations } from './locations.js';
import { organisations } from './organisations.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * How goods of a sending organisation travel from one of its warehouses to a destination (a
 * governorate or a site): a departure on the day a plan is made and then every `period_days`
 * days, taking `lead_time_days` to arrive, carrying at most so many kg and m³ per departure.
 * The allocation planner reads these as its routes.
 */
export const transportLanes = pgTable(
  'transport_lanes',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    fromLocationId: uuid('from_location_id')
      .notNull()
      .references(() => locations.id),
    toLocationId: uuid('to_location_id')
      .notNull()
      .references(() => locations.id),
    leadTimeDays: integer('lead_time_days').notNull(),
    capacityKgPerPeriod: doublePrecision('capacity_kg_per_period').notNull(),
    capacityM3PerPeriod: doublePrecision('capacity_m3_per_period').notNull(),
    periodDays: integer('period_days').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One lane per pair: two lanes between the same places would be one lane with both capacities.
    unique('transport_lanes_pair').on(t.organisationId, t.fromLocationId, t.toLocationId),
    check('transport_lanes_lead_time', sql`${t.leadTimeDays} >= 0`),
    check('transport_lanes_period', sql`${t.periodDays} > 0`),
    check('transport_lanes_capacity', sql`${t.capacityKgPerPeriod} >= 0 and ${t.capacityM3PerPeriod} >= 0`),
    check('transport_lanes_places_differ', sql`${t.fromLocationId} <> ${t.toLocationId}`),
  ],
);

export const planStatus = pgEnum('allocation_plan_status', planStatuses);

/**
 * A run of the allocation planner, kept as it was proposed: the plan's view (lines with their
 * reasons, unmet lines with their constraint, coverage) is stored whole, because it is a
 * snapshot of the stock, needs and lanes of its moment and must read the same later, when a
 * coordinator accepts it or asks why a line was not served.
 */
export const allocationPlans = pgTable(
  'allocation_plans',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    status: planStatus('status').notNull(),
    planDate: date('plan_date', { mode: 'string' }).notNull(),
    /** The PlanView as proposed (src/domain/planning/plans.ts), without status and acceptance. */
    body: jsonb('body').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    acceptedAt: at('accepted_at'),
    /** The draft consignments made when the plan was accepted. */
    consignmentIds: jsonb('consignment_ids').$type<string[]>(),
  },
  (t) => [
    index('allocation_plans_org_idx').on(t.organisationId, t.createdAt),
    check('allocation_plans_accepted', sql`(${t.status} = 'accepted') = (${t.acceptedAt} is not null)`),
  ],
);
