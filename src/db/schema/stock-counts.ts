import { bigint, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { countReasons } from '../../domain/ledger/vocabulary.js';
import { users } from './auth.js';
import { locations } from './locations.js';
import { lots } from './ledger.js';
import { organisations } from './organisations.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const stockCountStatus = pgEnum('stock_count_status', ['open', 'closed']);
export const countReason = pgEnum('count_reason', countReasons);

/** A stock count at one site: opened, counted (in as many sittings as it takes), closed. */
export const stockCounts = pgTable(
  'stock_counts',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
    status: stockCountStatus('status').notNull().default('open'),
    note: text('note'),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => users.id),
    openedAt: at('opened_at').notNull().defaultNow(),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: at('closed_at'),
    /** The operation that posted the adjustments when the count closed. */
    closingOperationId: uuid('closing_operation_id'),
  },
  (t) => [index('stock_counts_org_idx').on(t.organisationId, t.openedAt)],
);

export const stockCountLines = pgTable(
  'stock_count_lines',
  {
    countId: uuid('count_id')
      .notNull()
      .references(() => stockCounts.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').notNull(),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => lots.id),
    countedUnits: bigint('counted_units', { mode: 'number' }).notNull(),
    countedBy: uuid('counted_by')
      .notNull()
      .references(() => users.id),
    countedAt: at('counted_at').notNull(),
    // Filled when the count closes: what the books said then, and the adjustment made.
    expectedUnits: bigint('expected_units', { mode: 'number' }),
    reason: countReason('reason'),
    adjustmentTransferId: uuid('adjustment_transfer_id'),
  },
  (t) => [primaryKey({ columns: [t.countId, t.lotId] })],
);
