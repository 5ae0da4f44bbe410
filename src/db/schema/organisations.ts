import { jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';
import { organisationKinds, type Contact } from '../../domain/organisations.js';
import { roles } from '../../domain/access.js';
import { users } from './auth.js';

export const organisationKind = pgEnum('organisation_kind', organisationKinds);
export const role = pgEnum('role', roles);

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey(),
  kind: organisationKind('kind').notNull(),
  nameEn: text('name_en'),
  nameFa: text('name_fa'),
  nameAr: text('name_ar'),
  country: text('country').notNull(),
  contacts: jsonb('contacts').$type<Contact[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: role('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] }), index('memberships_org_idx').on(t.organisationId)],
);
