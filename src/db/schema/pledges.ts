import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { donorKinds, pledgeLineKinds } from '../../domain/pledges/pledge.js';
import { users } from './auth.js';
import { items } from './catalogue.js';
import { needLines } from './needs.js';
import { organisations } from './organisations.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const donorKind = pgEnum('donor_kind', donorKinds);
export const pledgeLineKind = pgEnum('pledge_line_kind', pledgeLineKinds);

export const pledges = pgTable(
  'pledges',
  {
    id: uuid('id').primaryKey(),
    /** The sending organisation that took the pledge and will receive what is given. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    donorKind: donorKind('donor_kind').notNull(),
    donorOrganisationId: uuid('donor_organisation_id').references(() => organisations.id),
    /** An individual donor's name as they want it on receipts; nothing else about them is kept. */
    donorDisplayName: text('donor_display_name'),
    expectedOn: date('expected_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    cancelledAt: at('cancelled_at'),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    index('pledges_org_idx').on(t.organisationId),
    index('pledges_donor_org_idx').on(t.donorOrganisationId),
    check('pledges_donor_organisation', sql`(${t.donorKind} = 'organisation') = (${t.donorOrganisationId} is not null)`),
    check('pledges_donor_name', sql`(${t.donorKind} = 'individual') = (${t.donorDisplayName} is not null)`),
  ],
);

/**
 * One promise of a pledge: goods (an item or kit, in units) or cash (minor units of a currency),
 * for a need line or in general. Intakes in the stock ledger name the goods line they bring in.
 */
export const pledgeLines = pgTable(
  'pledge_lines',
  {
    id: uuid('id').primaryKey(),
    pledgeId: uuid('pledge_id')
      .notNull()
      .references(() => pledges.id),
    position: integer('position').notNull(),
    kind: pledgeLineKind('kind').notNull(),
    itemId: uuid('item_id').references(() => items.id),
    quantityUnits: integer('quantity_units'),
    currency: text('currency'),
    amountMinor: bigint('amount_minor', { mode: 'number' }),
    needLineId: uuid('need_line_id').references(() => needLines.id),
  },
  (t) => [
    index('pledge_lines_pledge_idx').on(t.pledgeId),
    index('pledge_lines_need_line_idx').on(t.needLineId),
    check(
      'pledge_lines_goods_or_cash',
      sql`case ${t.kind}
        when 'goods' then ${t.itemId} is not null and ${t.quantityUnits} > 0 and ${t.currency} is null and ${t.amountMinor} is null
        else ${t.itemId} is null and ${t.quantityUnits} is null and ${t.currency} is not null and ${t.amountMinor} > 0 end`,
    ),
  ],
);

/** Cash handed over against a cash line. Goods arrive through the stock ledger's intakes instead. */
export const pledgeCashReceipts = pgTable(
  'pledge_cash_receipts',
  {
    id: uuid('id').primaryKey(),
    pledgeLineId: uuid('pledge_line_id')
      .notNull()
      .references(() => pledgeLines.id),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('pledge_cash_receipts_line_idx').on(t.pledgeLineId), check('pledge_cash_receipts_positive', sql`${t.amountMinor} > 0`)],
);
