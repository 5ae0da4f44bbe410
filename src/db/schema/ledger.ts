import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { accountKinds, lotStatuses, transferKinds, triageClasses } from '../../domain/ledger/vocabulary.js';
import { users } from './auth.js';
import { items } from './catalogue.js';
import { locations } from './locations.js';
import { organisations } from './organisations.js';
import { pledgeLines } from './pledges.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const units = (name: string) => bigint(name, { mode: 'number' });

export const accountKind = pgEnum('account_kind', accountKinds);
export const transferKind = pgEnum('transfer_kind', transferKinds);
export const lotStatus = pgEnum('lot_status', lotStatuses);
export const triageClass = pgEnum('triage_class', triageClasses);

/** Who answers for a quantity of goods: see src/domain/ledger/accounts.ts for the codes. */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    /** Derived from the code (stableId), so every process agrees on it without a lookup. */
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    kind: accountKind('kind').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    locationId: uuid('location_id').references(() => locations.id),
    /** The consignment of a transit account (no foreign key: accounts are created by ledger_post from their code). */
    consignmentId: uuid('consignment_id'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('ledger_accounts_org_idx').on(t.organisationId), index('ledger_accounts_location_idx').on(t.locationId)],
);

/** A batch of one item sharing a lot code and an expiry date. */
export const lots = pgTable(
  'lots',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    lotCode: text('lot_code').notNull(),
    expiryDate: date('expiry_date', { mode: 'string' }),
    status: lotStatus('status').notNull().default('available'),
    /** The SUMA class given when the lot first arrived (each intake line keeps its own in the ledger); null for kits made here. */
    triageClass: triageClass('triage_class'),
    donorOrganisationId: uuid('donor_organisation_id').references(() => organisations.id),
    /** The goods line of a pledge the lot's first intake honoured. */
    pledgeLineId: uuid('pledge_line_id').references(() => pledgeLines.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('lots_item_code_unique').on(t.itemId, t.lotCode),
    index('lots_expiry_idx').on(t.expiryDate),
  ],
);

/** Every change of a lot's status, by whom and why; append-only like the ledger. */
export const lotStatusChanges = pgTable(
  'lot_status_changes',
  {
    id: uuid('id').primaryKey(),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => lots.id),
    fromStatus: lotStatus('from_status').notNull(),
    toStatus: lotStatus('to_status').notNull(),
    reason: text('reason').notNull(),
    /** Null when the daily expiry sweep made the change. */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    changedAt: at('changed_at').notNull().defaultNow(),
  },
  (t) => [index('lot_status_changes_lot_idx').on(t.lotId, t.changedAt)],
);

/**
 * The ledger: each row moves a whole number of units of one lot from one account to another.
 * Rows are only ever added (a trigger refuses UPDATE, DELETE and TRUNCATE), by the
 * `ledger_post` routine, which also updates the balances and the chain in the same transaction.
 *
 * The references to accounts, lots, items, users and organisations are checked by `ledger_post`
 * once per posting, set-wise, instead of by foreign keys: a foreign key runs one query and takes
 * one row lock per referenced row for every transfer inserted, which cost a third of the posting
 * time. Accounts and lots are protected from deletion by triggers (routines/10-ledger.sql);
 * users and organisations are disabled, never deleted.
 */
export const transfers = pgTable(
  'transfers',
  {
    /** Chosen by the client, so that sending the same transfer twice records it once. */
    id: uuid('id').primaryKey(),
    /** Order of recording across all chains (may have gaps: a rolled-back insert uses a number). */
    seq: units('seq').generatedAlwaysAsIdentity().notNull(),
    /** The chain: the organisation that recorded the transfer, and its place in that chain. */
    organisationId: uuid('organisation_id').notNull(),
    chainSeq: units('chain_seq').notNull(),
    /** The use case that posted it; all lines of one operation share it. */
    operationId: uuid('operation_id').notNull(),
    kind: transferKind('kind').notNull(),
    fromAccountId: uuid('from_account_id').notNull(),
    toAccountId: uuid('to_account_id').notNull(),
    itemId: uuid('item_id').notNull(),
    lotId: uuid('lot_id').notNull(),
    quantityUnits: units('quantity_units').notNull(),
    reason: text('reason'),
    userId: uuid('user_id').notNull(),
    occurredAt: at('occurred_at').notNull(),
    recordedAt: at('recorded_at').notNull(),
    // Links to the pipeline's records, checked by the use cases that post them (see above for
    // why not foreign keys). Consignments and distributions arrive with the pipeline's part B.
    pledgeLineId: uuid('pledge_line_id'),
    needLineId: uuid('need_line_id'),
    consignmentId: uuid('consignment_id'),
    distributionId: uuid('distribution_id'),
    /** A correction: this transfer undoes that one (at most once). */
    reversesTransferId: uuid('reverses_transfer_id').references((): AnyPgColumn => transfers.id),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [
    unique('transfers_chain_unique').on(t.organisationId, t.chainSeq),
    unique('transfers_reverses_unique').on(t.reversesTransferId),
    check('transfers_quantity_positive', sql`${t.quantityUnits} > 0`),
    check('transfers_accounts_differ', sql`${t.fromAccountId} <> ${t.toAccountId}`),
    index('transfers_from_idx').on(t.fromAccountId, t.seq),
    index('transfers_to_idx').on(t.toAccountId, t.seq),
    index('transfers_item_time_idx').on(t.itemId, t.occurredAt),
    index('transfers_operation_idx').on(t.operationId),
    // What a pledge line or a need line received, without scanning the ledger (most rows have neither).
    index('transfers_pledge_line_idx').on(t.pledgeLineId).where(sql`${t.pledgeLineId} is not null`),
    index('transfers_need_line_idx').on(t.needLineId).where(sql`${t.needLineId} is not null`),
    // A consignment's view reads what happened to each of its lines from its transfers.
    index('transfers_consignment_idx').on(t.consignmentId).where(sql`${t.consignmentId} is not null`),
  ],
);

/**
 * What each account holds of each lot, kept by `ledger_post` in the transaction that records
 * the transfer, so reading stock never scans the ledger. The CHECK is the last line of defence
 * for "no holding or transit account below zero", even if a routine had a bug.
 */
export const accountBalances = pgTable(
  'account_balances',
  {
    accountId: uuid('account_id').notNull(),
    itemId: uuid('item_id').notNull(),
    lotId: uuid('lot_id').notNull(),
    balanceUnits: units('balance_units').notNull(),
    /** Copied from the account's kind (holding, transit), so the CHECK can see it. */
    nonNegative: boolean('non_negative').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.itemId, t.lotId] }),
    index('account_balances_lot_idx').on(t.lotId),
    check('account_balances_non_negative', sql`not ${t.nonNegative} or ${t.balanceUnits} >= 0`),
  ],
);

/**
 * The last link of each organisation's chain. One chain per organisation: writers of one
 * organisation queue on its row, writers of different organisations do not wait for each other.
 */
export const ledgerChainHeads = pgTable('ledger_chain_heads', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  seq: units('seq').notNull(),
  hash: bytea('hash').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * One row per use case run, keyed by the id the client chose: a retry with the same id and the
 * same request gets the answer rebuilt from what the first run recorded (its transfers carry
 * the operation id); the same id with another request is refused.
 */
export const stockOperations = pgTable(
  'stock_operations',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** sha-256 of the canonical JSON of the request. */
    requestHash: text('request_hash').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('stock_operations_org_idx').on(t.organisationId, t.recordedAt)],
);
