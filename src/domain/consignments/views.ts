import { z } from 'zod';
import { consignmentEventKinds, consignmentStatuses } from './states.js';
import { handlingUnitKinds } from './packing.js';
import { inspectionOutcomes, transportModes } from './inputs.js';
import { damagedReasons, shortReasons } from './receipt.js';

/** What the consignment routes return; see src/domain/views.ts for why views are schemas. */
const Timestamp = z.iso.datetime({ offset: true });
const Day = z.iso.date();

const OrganisationRef = z.object({ id: z.uuid(), name: z.string() });
const PlaceRef = z.object({ id: z.uuid(), name: z.string(), siteKind: z.string().nullable() });

export const ConsignmentLineView = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    itemId: z.uuid(),
    itemCode: z.string(),
    itemName: z.string(),
    lotId: z.uuid(),
    lotCode: z.string(),
    expiryDate: Day.nullable(),
    needLineId: z.uuid().nullable(),
    parentLineId: z.uuid().nullable().describe('loose components of kits opened at an inspection: the kit line'),
    fragile: z.boolean(),
    coldChain: z.boolean(),
    quantityUnits: z.number().int().describe('planned at the draft'),
    ledger: z
      .object({
        dispatchedUnits: z.number().int(),
        inTransitUnits: z.number().int().describe("what the consignment's transit account holds of this line now"),
        rejectedUnits: z.number().int().describe('rejected at inspection and written off'),
        returnedUnits: z.number().int().describe('rejected at inspection and taken to a holding location'),
        openedUnits: z.number().int().describe('kits opened at an inspection to take a component out'),
        receivedUnits: z.number().int().describe('received by the partner in good condition'),
        damagedUnits: z.number().int(),
        shortUnits: z.number().int(),
      })
      .describe('read from the ledger transfers of this consignment, lot and need line'),
  })
  .meta({ id: 'ConsignmentLine' });
export type ConsignmentLineView = z.infer<typeof ConsignmentLineView>;

export const HandlingUnitView = z
  .object({
    id: z.uuid(),
    code: z.string().describe('encoded in the QR code on the label'),
    number: z.number().int(),
    total: z.number().int(),
    kind: z.enum(handlingUnitKinds),
    coldChain: z.boolean(),
    fragile: z.boolean(),
    weightKg: z.number(),
    volumeM3: z.number(),
    contents: z.array(z.object({ lineId: z.uuid(), quantityUnits: z.number().int() })),
    lastScan: z
      .object({ scannedAt: Timestamp, latitude: z.number().nullable(), longitude: z.number().nullable(), locationId: z.uuid().nullable() })
      .nullable(),
  })
  .meta({ id: 'HandlingUnit' });
export type HandlingUnitView = z.infer<typeof HandlingUnitView>;

export const ConsignmentEventView = z
  .object({
    id: z.uuid(),
    sequence: z.number().int(),
    kind: z.enum(consignmentEventKinds),
    fromStatus: z.enum(consignmentStatuses),
    toStatus: z.enum(consignmentStatuses),
    locationId: z.uuid().nullable(),
    occurredAt: Timestamp,
    recordedAt: Timestamp,
    userId: z.uuid(),
    userDisplayName: z.string().describe('who recorded it'),
    organisationId: z.uuid().nullable(),
    locationName: z.string().nullable().describe('where, by name'),
    operationId: z.uuid(),
    underReviewSince: Day.nullable(),
    note: z.string().nullable(),
    inspection: z
      .array(
        z.object({
          lineId: z.uuid(),
          outcome: z.enum(inspectionOutcomes),
          componentItemId: z.uuid().nullable(),
          rejectedUnits: z.number().int(),
          kitsOpened: z.number().int(),
          reason: z.string().nullable(),
          toLocationId: z.uuid().nullable(),
          toLocationName: z.string().nullable(),
        }),
      )
      .optional(),
    receipt: z
      .array(
        z.object({
          lineId: z.uuid(),
          goodUnits: z.number().int(),
          damagedUnits: z.number().int(),
          damagedReason: z.enum(damagedReasons).nullable().describe('null only on receipts recorded before per-line reasons'),
          damagedNote: z.string().nullable(),
          shortUnits: z.number().int(),
          shortReason: z.enum(shortReasons).nullable(),
          shortNote: z.string().nullable(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'ConsignmentEvent' });
export type ConsignmentEventView = z.infer<typeof ConsignmentEventView>;

export const ConsignmentSummaryView = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    status: z.enum(consignmentStatuses),
    sender: OrganisationRef,
    consignee: OrganisationRef,
    carrier: OrganisationRef.nullable(),
    origin: PlaceRef,
    destination: PlaceRef,
    expectedArrivalOn: Day.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'ConsignmentSummary' });
export type ConsignmentSummaryView = z.infer<typeof ConsignmentSummaryView>;

export const ConsignmentView = ConsignmentSummaryView.extend({
  note: z.string().nullable(),
  route: z.array(z.object({ position: z.number().int(), from: PlaceRef, to: PlaceRef, mode: z.enum(transportModes) })),
  travelled: z
    .array(PlaceRef)
    .describe('the route travelled so far, from the origin: a route changed on the way begins with these places (only the origin before dispatch)'),
  lines: z.array(ConsignmentLineView),
  handlingUnits: z.array(HandlingUnitView),
  events: z.array(ConsignmentEventView),
  dwell: z
    .array(
      z.object({
        locationId: z.uuid(),
        locationName: z.string(),
        arrivedAt: Timestamp,
        leftAt: Timestamp.nullable(),
        dwellHours: z.number().describe('from arrival to departure, or to now while it is still there'),
        underReviewSince: Day.nullable(),
      }),
    )
    .describe('how long it waited at each checkpoint'),
  inTransitUnits: z.number().int().describe("the consignment's transit account, all lines: 0 before dispatch and when it may close"),
  allowedEvents: z.array(z.enum(consignmentEventKinds)).describe('what may happen next'),
  totals: z.object({ weightKg: z.number(), volumeM3: z.number(), handlingUnits: z.number().int() }),
}).meta({ id: 'Consignment' });
export type ConsignmentView = z.infer<typeof ConsignmentView>;

export const ScanView = z
  .object({
    id: z.uuid(),
    handlingUnitId: z.uuid(),
    code: z.string(),
    consignmentId: z.uuid(),
    scannedAt: Timestamp,
    recordedAt: Timestamp,
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    locationId: z.uuid().nullable(),
    note: z.string().nullable(),
    userId: z.uuid(),
    userDisplayName: z.string().describe('who scanned it'),
    organisationId: z.uuid(),
  })
  .meta({ id: 'HandlingUnitScan' });
export type ScanView = z.infer<typeof ScanView>;

export const HandlingUnitDetailView = HandlingUnitView.extend({
  consignment: ConsignmentSummaryView,
  scans: z.array(ScanView),
}).meta({ id: 'HandlingUnitDetail' });
export type HandlingUnitDetailView = z.infer<typeof HandlingUnitDetailView>;
