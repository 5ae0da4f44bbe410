import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { VulnerabilityFlag } from '../../domain/households/household.js';
import { users } from './auth.js';
import { locations } from './locations.js';
import { organisations } from './organisations.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Households registered by a partner, private to it. No names and no identity numbers: the
 * document number is kept only as its keyed HMAC (pseudonym_key), which finds the same document
 * registered twice, by this partner (refused) or by another (reported to both).
 */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Hex HMAC-SHA-256 of the folded document number under the deployment's secret. */
    pseudonymKey: text('pseudonym_key').notNull(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    memberCount: integer('member_count').notNull(),
    childrenUnder5Count: integer('children_under5_count').notNull(),
    schoolAgeChildrenCount: integer('school_age_children_count').notNull(),
    vulnerabilities: text('vulnerabilities').array().$type<VulnerabilityFlag[]>().notNull().default(sql`'{}'::text[]`),
    registeredBy: uuid('registered_by')
      .notNull()
      .references(() => users.id),
    registeredAt: at('registered_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('households_document_once_per_org').on(t.organisationId, t.pseudonymKey),
    index('households_pseudonym_idx').on(t.pseudonymKey),
    check(
      'households_composition',
      sql`${t.memberCount} > 0 and ${t.childrenUnder5Count} >= 0 and ${t.schoolAgeChildrenCount} >= 0
        and ${t.childrenUnder5Count} + ${t.schoolAgeChildrenCount} <= ${t.memberCount}`,
    ),
  ],
);
