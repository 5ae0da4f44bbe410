import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { proofKinds } from '../../domain/distributions/record.js';
import { users } from './auth.js';
import { items } from './catalogue.js';
import { entitlementBasis } from './entitlements.js';
import { households } from './households.js';
import { stockOperations } from './ledger.js';
import { locations } from './locations.js';
import { needLines } from './needs.js';
import { organisations } from './organisations.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const distributionProofKind = pgEnum('distribution_proof_kind', proofKinds);
export const planOperationKind = pgEnum('distribution_plan_operation_kind', ['issue', 'return']);

/** A partner's plan to hand aid out at one of its sites: where, when, and each household's share. */
export const distributionPlans = pgTable(
  'distribution_plans',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => locations.id),
    plannedOn: date('planned_on', { mode: 'string' }).notNull(),
    householdsExpected: integer('households_expected').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    /** Set when a coordinator closed the plan: no more stock is issued to it, and only hand-overs made before this are recorded. */
    closedAt: at('closed_at'),
    closedBy: uuid('closed_by').references(() => users.id),
    closingNote: text('closing_note'),
  },
  (t) => [
    index('distribution_plans_org_idx').on(t.organisationId, t.plannedOn),
    check('distribution_plans_households_positive', sql`${t.householdsExpected} > 0`),
    check('distribution_plans_closed', sql`(${t.closedAt} is null) = (${t.closedBy} is null) and (${t.closingNote} is null or ${t.closedAt} is not null)`),
  ],
);

/** Each household's share: so many units of an item per household, member or child. */
export const distributionPlanLines = pgTable(
  'distribution_plan_lines',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => distributionPlans.id),
    position: integer('position').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantityUnits: integer('quantity_units').notNull(),
    per: entitlementBasis('per').notNull(),
    /** The need line this line serves: its distributions' transfers carry it, for the need's fulfilment. */
    needLineId: uuid('need_line_id').references(() => needLines.id),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.position] }),
    unique('distribution_plan_lines_item_once').on(t.planId, t.itemId),
    check('distribution_plan_lines_quantity_positive', sql`${t.quantityUnits} > 0`),
  ],
);

/** The stock operations that issued goods to a plan's site, or returned what was left. */
export const distributionPlanOperations = pgTable(
  'distribution_plan_operations',
  {
    operationId: uuid('operation_id')
      .primaryKey()
      .references(() => stockOperations.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => distributionPlans.id),
    kind: planOperationKind('kind').notNull(),
    /** The warehouse the goods came from, or went back to. */
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => locations.id),
  },
  (t) => [index('distribution_plan_operations_plan_idx').on(t.planId)],
);

/**
 * What one household received at one distribution, and nothing else about its people: the
 * household (a pseudonymous id), the goods, when (the device's clock and the day at the site),
 * where, who recorded it, and the proof of delivery. Append-only: a mistake is undone by a
 * reversal (distribution_reversals), never by an edit.
 */
export const distributions = pgTable(
  'distributions',
  {
    /** Chosen by the field device, so a record synced twice is kept once. */
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => distributionPlans.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => locations.id),
    distributedAt: at('distributed_at').notNull(),
    /** The day at the site, as the device wrote it: entitlement windows count these days. */
    distributedOn: date('distributed_on', { mode: 'string' }).notNull(),
    proofKind: distributionProofKind('proof_kind').notNull(),
    voucherCode: text('voucher_code'),
    proofSha256: text('proof_sha256'),
    proofRef: text('proof_ref'),
    /** Set when a coordinator allowed the distribution although it broke these rules. */
    exceptionReason: text('exception_reason'),
    exceptionAllowedBy: uuid('exception_allowed_by').references(() => users.id),
    exceptionRuleIds: uuid('exception_rule_ids').array(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('distributions_household_idx').on(t.householdId, t.distributedOn),
    index('distributions_plan_idx').on(t.planId),
    index('distributions_day_idx').on(t.distributedOn, t.siteId),
    // A voucher is handed over once: a second household showing the same code is refused.
    uniqueIndex('distributions_voucher_once').on(t.planId, t.voucherCode).where(sql`${t.voucherCode} is not null`),
    check(
      'distributions_proof',
      sql`case ${t.proofKind}
        when 'voucher' then ${t.voucherCode} is not null and ${t.proofSha256} is null and ${t.proofRef} is null
        else ${t.voucherCode} is null and ${t.proofSha256} is not null and ${t.proofRef} is not null end`,
    ),
    check(
      'distributions_exception',
      sql`(${t.exceptionReason} is null) = (${t.exceptionAllowedBy} is null) and (${t.exceptionReason} is null) = (${t.exceptionRuleIds} is null)`,
    ),
  ],
);

export const distributionLines = pgTable(
  'distribution_lines',
  {
    distributionId: uuid('distribution_id')
      .notNull()
      .references(() => distributions.id),
    position: integer('position').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantityUnits: integer('quantity_units').notNull(),
    needLineId: uuid('need_line_id').references(() => needLines.id),
  },
  (t) => [
    primaryKey({ columns: [t.distributionId, t.position] }),
    unique('distribution_lines_item_once').on(t.distributionId, t.itemId),
    check('distribution_lines_quantity_positive', sql`${t.quantityUnits} > 0`),
  ],
);

/** A distribution undone (recorded for the wrong household, or twice); its stock went back to the site. */
export const distributionReversals = pgTable('distribution_reversals', {
  distributionId: uuid('distribution_id')
    .primaryKey()
    .references(() => distributions.id),
  operationId: uuid('operation_id')
    .notNull()
    .references(() => stockOperations.id),
  reason: text('reason').notNull(),
  reversedBy: uuid('reversed_by')
    .notNull()
    .references(() => users.id),
  reversedAt: at('reversed_at').notNull().defaultNow(),
});
