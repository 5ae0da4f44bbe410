import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { entitlementBases, windowKinds } from '../../domain/entitlements/rules.js';
import { users } from './auth.js';
import { items } from './catalogue.js';
import { organisations } from './organisations.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const entitlementBasis = pgEnum('entitlement_basis', entitlementBases);
export const entitlementWindowKind = pgEnum('entitlement_window_kind', windowKinds);

/**
 * A partner's entitlement rules (see src/domain/entitlements/rules.ts). A rule is never edited:
 * it is retired and a new one made, so a past check can always be explained by the rules of its day.
 */
export const entitlementRules = pgTable(
  'entitlement_rules',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantityUnits: integer('quantity_units').notNull(),
    per: entitlementBasis('per').notNull(),
    windowKind: entitlementWindowKind('window_kind').notNull(),
    windowDays: integer('window_days'),
    /** MM-DD */
    schoolYearStartsOn: text('school_year_starts_on'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    retiredAt: at('retired_at'),
    retiredBy: uuid('retired_by').references(() => users.id),
  },
  (t) => [
    index('entitlement_rules_org_item_idx').on(t.organisationId, t.itemId),
    check('entitlement_rules_quantity_positive', sql`${t.quantityUnits} > 0`),
    check(
      'entitlement_rules_window',
      sql`case ${t.windowKind}
        when 'rolling_days' then ${t.windowDays} > 0 and ${t.schoolYearStartsOn} is null
        else ${t.windowDays} is null and ${t.schoolYearStartsOn} is not null end`,
    ),
  ],
);
