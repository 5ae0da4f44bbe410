import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { needStatuses, priorities } from '../../domain/needs/need.js';
import { needEventKinds } from '../../domain/needs/workflow.js';
import { users } from './auth.js';
import { items, sector } from './catalogue.js';
import { locations } from './locations.js';
import { organisations } from './organisations.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const needStatus = pgEnum('need_status', needStatuses);
export const needPriority = pgEnum('need_priority', priorities);
export const needEventKind = pgEnum('need_event_kind', needEventKinds);

export const needs = pgTable(
  'needs',
  {
    id: uuid('id').primaryKey(),
    /** The partner that raised the need and owns it. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    priority: needPriority('priority').notNull(),
    neededBy: date('needed_by', { mode: 'string' }).notNull(),
    peopleToReach: integer('people_to_reach').notNull(),
    sector: sector('sector').notNull(),
    justification: text('justification').notNull().default(''),
    /** The latest step of need_events, kept here to filter lists; the events are the record. */
    status: needStatus('status').notNull(),
    /** The first submission: from then on the need is shared, even if cancelled later. */
    submittedAt: at('submitted_at'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('needs_org_idx').on(t.organisationId),
    index('needs_status_idx').on(t.status, t.priority, t.neededBy),
    check('needs_people_positive', sql`${t.peopleToReach} > 0`),
  ],
);

/** The sending organisations a need is submitted to; a coordinator of one of them approves it. */
export const needAddressees = pgTable(
  'need_addressees',
  {
    needId: uuid('need_id')
      .notNull()
      .references(() => needs.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.needId, t.organisationId] }), index('need_addressees_org_idx').on(t.organisationId)],
);

/**
 * What a need asks for, one item or kit per line. Pledge lines and (once the ledger lands)
 * transfers point here by id, and coverage is derived from them.
 */
export const needLines = pgTable(
  'need_lines',
  {
    id: uuid('id').primaryKey(),
    needId: uuid('need_id')
      .notNull()
      .references(() => needs.id),
    position: integer('position').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    quantityUnits: integer('quantity_units').notNull(),
  },
  (t) => [
    unique('need_lines_item_once').on(t.needId, t.itemId),
    index('need_lines_item_idx').on(t.itemId),
    check('need_lines_quantity_positive', sql`${t.quantityUnits} > 0`),
  ],
);

/** Who did what to a need, when, and for which organisation. Append-only. */
export const needEvents = pgTable(
  'need_events',
  {
    id: uuid('id').primaryKey(),
    needId: uuid('need_id')
      .notNull()
      .references(() => needs.id),
    /** 1, 2, 3… per need, taken under the need's row lock: the order of events, even within one millisecond. */
    sequence: integer('sequence').notNull(),
    kind: needEventKind('kind').notNull(),
    fromStatus: needStatus('from_status'),
    toStatus: needStatus('to_status').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Null when an instance administrator acted outside any organisation. */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    at: at('at').notNull(),
    note: text('note'),
  },
  (t) => [unique('need_events_sequence').on(t.needId, t.sequence)],
);
