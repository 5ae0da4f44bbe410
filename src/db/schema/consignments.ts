import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { consignmentEventKinds, consignmentStatuses } from '../../domain/consignments/states.js';
import { handlingUnitKinds } from '../../domain/consignments/packing.js';
import { inspectionOutcomes, transportModes } from '../../domain/consignments/inputs.js';
import { damagedReasons, shortReasons } from '../../domain/consignments/receipt.js';
import { users } from './auth.js';
import { items } from './catalogue.js';
import { lots } from './ledger.js';
import { locations } from './locations.js';
import { needLines } from './needs.js';
import { organisations } from './organisations.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const consignmentStatus = pgEnum('consignment_status', consignmentStatuses);
export const consignmentEventKind = pgEnum('consignment_event_kind', consignmentEventKinds);
export const handlingUnitKind = pgEnum('handling_unit_kind', handlingUnitKinds);
export const inspectionOutcome = pgEnum('inspection_outcome', inspectionOutcomes);
export const transportMode = pgEnum('transport_mode', transportModes);
export const receiptDamagedReason = pgEnum('receipt_damaged_reason', damagedReasons);
export const receiptShortReason = pgEnum('receipt_short_reason', shortReasons);

/**
 * Goods sent by a sending organisation from one of its warehouses to a partner. The quantities
 * live in the ledger (the consignment's transit account `transit:<id>`); this row says who, from
 * where, to where, and the status its events lead to.
 */
export const consignments = pgTable(
  'consignments',
  {
    id: uuid('id').primaryKey(),
    /** Printed on papers and labels: KV-<year>-<6 characters>, unique. */
    reference: text('reference').notNull().unique(),
    senderOrganisationId: uuid('sender_organisation_id')
      .notNull()
      .references(() => organisations.id),
    consigneeOrganisationId: uuid('consignee_organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** A logistics organisation that carries it and may record its checkpoints; null when the sender does. */
    carrierOrganisationId: uuid('carrier_organisation_id').references(() => organisations.id),
    originLocationId: uuid('origin_location_id')
      .notNull()
      .references(() => locations.id),
    destinationLocationId: uuid('destination_location_id')
      .notNull()
      .references(() => locations.id),
    expectedArrivalOn: date('expected_arrival_on', { mode: 'string' }),
    note: text('note'),
    status: consignmentStatus('status').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('consignments_sender_idx').on(t.senderOrganisationId, t.createdAt),
    index('consignments_consignee_idx').on(t.consigneeOrganisationId, t.createdAt),
    index('consignments_carrier_idx').on(t.carrierOrganisationId).where(sql`${t.carrierOrganisationId} is not null`),
  ],
);

/**
 * One lot of one item, optionally serving a need line. Lot and need line together name a line
 * (at most one line per pair), so the ledger's transfers — which carry consignment, lot and need
 * line — say exactly what happened to each line without a column of their own.
 */
export const consignmentLines = pgTable(
  'consignment_lines',
  {
    id: uuid('id').primaryKey(),
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id),
    position: integer('position').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => lots.id),
    /** Planned at the draft; what the ledger moved is read from the transfers. */
    quantityUnits: integer('quantity_units').notNull(),
    needLineId: uuid('need_line_id').references(() => needLines.id),
    /** Loose components of kits opened at an inspection: the kit line they came out of. */
    parentLineId: uuid('parent_line_id').references((): AnyPgColumn => consignmentLines.id),
    fragile: boolean('fragile').notNull().default(false),
  },
  (t) => [
    unique('consignment_lines_position').on(t.consignmentId, t.position),
    unique('consignment_lines_lot_need').on(t.consignmentId, t.lotId, t.needLineId).nullsNotDistinct(),
    index('consignment_lines_need_line_idx').on(t.needLineId).where(sql`${t.needLineId} is not null`),
    check('consignment_lines_quantity_nonnegative', sql`${t.quantityUnits} >= 0`),
  ],
);

/** The route: ordered legs from location to location (warehouse → airport → hub → crossing → partner). */
export const consignmentLegs = pgTable(
  'consignment_legs',
  {
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id),
    position: integer('position').notNull(),
    fromLocationId: uuid('from_location_id')
      .notNull()
      .references(() => locations.id),
    toLocationId: uuid('to_location_id')
      .notNull()
      .references(() => locations.id),
    mode: transportMode('mode').notNull(),
  },
  (t) => [primaryKey({ columns: [t.consignmentId, t.position] })],
);

/** A box, pallet or parcel, numbered n/N, labelled with a QR code carrying `code`. */
export const handlingUnits = pgTable(
  'handling_units',
  {
    id: uuid('id').primaryKey(),
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id),
    /** Short, unique, printed under the QR code and encoded in it (HU-XXXXXXXX). */
    code: text('code').notNull().unique(),
    number: integer('number').notNull(),
    total: integer('total').notNull(),
    kind: handlingUnitKind('kind').notNull(),
    coldChain: boolean('cold_chain').notNull(),
    fragile: boolean('fragile').notNull(),
    weightKg: doublePrecision('weight_kg').notNull(),
    volumeM3: doublePrecision('volume_m3').notNull(),
  },
  (t) => [unique('handling_units_number').on(t.consignmentId, t.number)],
);

export const handlingUnitContents = pgTable(
  'handling_unit_contents',
  {
    handlingUnitId: uuid('handling_unit_id')
      .notNull()
      .references(() => handlingUnits.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => consignmentLines.id),
    quantityUnits: integer('quantity_units').notNull(),
  },
  (t) => [primaryKey({ columns: [t.handlingUnitId, t.lineId] }), check('handling_unit_contents_positive', sql`${t.quantityUnits} > 0`)],
);

/** Every step of the journey: who, when, where; the status it led to. Append-only. */
export const consignmentEvents = pgTable(
  'consignment_events',
  {
    id: uuid('id').primaryKey(),
    consignmentId: uuid('consignment_id')
      .notNull()
      .references(() => consignments.id),
    /** 1, 2, 3… per consignment, taken under the consignment's row lock. */
    sequence: integer('sequence').notNull(),
    kind: consignmentEventKind('kind').notNull(),
    fromStatus: consignmentStatus('from_status').notNull(),
    toStatus: consignmentStatus('to_status').notNull(),
    locationId: uuid('location_id').references(() => locations.id),
    occurredAt: at('occurred_at').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The organisation the person acted for (sender, carrier or consignee). */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    /** The stock operation (client id) that recorded it; its transfers carry the same id. */
    operationId: uuid('operation_id').notNull(),
    /** For `under_review`: the day the inspection authority started holding it. */
    underReviewSince: date('under_review_since', { mode: 'string' }),
    note: text('note'),
  },
  (t) => [unique('consignment_events_sequence').on(t.consignmentId, t.sequence), index('consignment_events_operation_idx').on(t.operationId)],
);

/** What an inspection decided for a line: cleared, held, or some units rejected (with why, and where they went). */
export const consignmentInspectionLines = pgTable(
  'consignment_inspection_lines',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => consignmentEvents.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => consignmentLines.id),
    outcome: inspectionOutcome('outcome').notNull(),
    /** For a kit line: the component the inspectors took out (the kits holding it were opened). */
    componentItemId: uuid('component_item_id').references(() => items.id),
    rejectedUnits: integer('rejected_units').notNull().default(0),
    /** Kits opened to take the rejected components out. */
    kitsOpened: integer('kits_opened').notNull().default(0),
    reason: text('reason'),
    /** Where rejected units went; null: written off to loss:rejected-at-inspection. */
    toLocationId: uuid('to_location_id').references(() => locations.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.lineId] }), check('consignment_inspection_rejected_nonnegative', sql`${t.rejectedUnits} >= 0`)],
);

/**
 * The partner's count on arrival, per line, with why units were damaged or short. Receipts
 * recorded before per-line reasons existed have none (their receipt note may say).
 */
export const consignmentReceiptLines = pgTable(
  'consignment_receipt_lines',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => consignmentEvents.id),
    lineId: uuid('line_id')
      .notNull()
      .references(() => consignmentLines.id),
    goodUnits: integer('good_units').notNull(),
    damagedUnits: integer('damaged_units').notNull(),
    damagedReason: receiptDamagedReason('damaged_reason'),
    damagedNote: text('damaged_note'),
    shortUnits: integer('short_units').notNull(),
    shortReason: receiptShortReason('short_reason'),
    shortNote: text('short_note'),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.lineId] }),
    // No reason without units; units without a reason only in receipts older than the reasons.
    check('consignment_receipt_damaged_reason', sql`${t.damagedReason} is null or ${t.damagedUnits} > 0`),
    check('consignment_receipt_short_reason', sql`${t.shortReason} is null or ${t.shortUnits} > 0`),
  ],
);

/** Each time someone scanned a handling unit's QR code: when, and where if the device knew. */
export const handlingUnitScans = pgTable(
  'handling_unit_scans',
  {
    /** Chosen by the scanning device, so a retried upload records the scan once. */
    id: uuid('id').primaryKey(),
    handlingUnitId: uuid('handling_unit_id')
      .notNull()
      .references(() => handlingUnits.id),
    scannedAt: at('scanned_at').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    locationId: uuid('location_id').references(() => locations.id),
    note: text('note'),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [index('handling_unit_scans_unit_idx').on(t.handlingUnitId, t.scannedAt)],
);
