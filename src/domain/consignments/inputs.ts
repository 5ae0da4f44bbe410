import { z } from 'zod';
import { LocalDate } from '../dates.js';
import { distinctBy } from '../distributions/distinct.js';
import { OperationId, Quantity } from '../ledger/inputs.js';
import { handlingUnitKinds } from './packing.js';
import { damagedReasons, shortReasons } from './receipt.js';

/**
 * What the consignment use cases accept. Every change carries an `id` the client makes up: the
 * same request sent again with it is answered as the first time and records nothing new (a
 * checkpoint with a bad connection simply retries); the ledger transfers it posts carry it too.
 */

export const transportModes = ['road', 'air', 'sea', 'rail', 'on_foot'] as const;
export type TransportMode = (typeof transportModes)[number];

/** An inspection's decision for a line: cleared, held (still under review), or units rejected. */
export const inspectionOutcomes = ['cleared', 'held', 'rejected'] as const;
export type InspectionOutcome = (typeof inspectionOutcomes)[number];

const OccurredAt = z.iso
  .datetime({ offset: true, message: 'must be a date and time such as 2025-03-01T09:30:00Z' })
  .refine((t) => t >= '2000-01-01', 'must be after 2000-01-01')
  .optional()
  .describe('when it happened, if not now (e.g. written down at the crossing and entered later); not in the future');

const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const ConsignmentLineInput = z.strictObject({
  itemId: z.uuid(),
  quantityUnits: Quantity,
  lotId: z.uuid().optional().describe('take this lot; omitted, the lots are picked first-expiry-first-out (one line per lot)'),
  needLineId: z
    .uuid()
    .optional()
    .describe("the line of an approved need of the consignee, addressed to the sender, that this line serves (same item); its transfers carry it"),
  fragile: z.boolean().default(false).describe('handle with care: the handling units holding it are marked fragile'),
});
export type ConsignmentLineInput = z.infer<typeof ConsignmentLineInput>;

export const LegInput = z.strictObject({
  fromLocationId: z.uuid(),
  toLocationId: z.uuid(),
  mode: z.enum(transportModes).default('road'),
});
export type LegInput = z.infer<typeof LegInput>;

/** Legs must join up: each starts where the one before ended. */
function refineRoute(legs: readonly LegInput[] | undefined, path: string, ctx: z.RefinementCtx, ends?: { from: string; to: string }) {
  if (!legs || legs.length === 0) return;
  legs.forEach((leg, i) => {
    if (leg.fromLocationId === leg.toLocationId) ctx.addIssue({ code: 'custom', path: [path, i, 'toLocationId'], message: 'a leg goes somewhere else' });
    if (i > 0 && leg.fromLocationId !== legs[i - 1]!.toLocationId) {
      ctx.addIssue({ code: 'custom', path: [path, i, 'fromLocationId'], message: 'a leg starts where the one before it ended' });
    }
  });
  if (ends && legs[0]!.fromLocationId !== ends.from) ctx.addIssue({ code: 'custom', path: [path, 0, 'fromLocationId'], message: 'the route starts at the origin warehouse' });
  if (ends && legs.at(-1)!.toLocationId !== ends.to) {
    ctx.addIssue({ code: 'custom', path: [path, legs.length - 1, 'toLocationId'], message: 'the route ends at the destination' });
  }
}

const Route = z.array(LegInput).max(20);

export const ConsignmentInput = z
  .strictObject({
    id: OperationId.describe('a UUID chosen by the client: the consignment id, and the id of the operation that creates it'),
    consigneeOrganisationId: z.uuid().describe('the partner that receives the goods'),
    originLocationId: z.uuid().describe("the sender's warehouse the goods leave from"),
    destinationLocationId: z.uuid().describe("the partner's site the goods go to"),
    carrierOrganisationId: z.uuid().optional().describe('a logistics organisation that carries the goods and records their checkpoints'),
    expectedArrivalOn: LocalDate.optional().describe('lots that expire before this day are not picked'),
    note: Text(1000).optional(),
    route: Route.optional().describe('ordered legs from the origin to the destination (airport, transit hub, crossing on the way)'),
    lines: z.array(ConsignmentLineInput).min(1, 'a consignment carries at least one line').max(200),
  })
  .superRefine((c, ctx) => {
    if (c.originLocationId === c.destinationLocationId) ctx.addIssue({ code: 'custom', path: ['destinationLocationId'], message: 'the destination is not the origin' });
    refineRoute(c.route, 'route', ctx, { from: c.originLocationId, to: c.destinationLocationId });
  });
export type ConsignmentInput = z.infer<typeof ConsignmentInput>;

export const AddLinesInput = z.strictObject({ id: OperationId, lines: z.array(ConsignmentLineInput).min(1).max(200) });
export type AddLinesInput = z.infer<typeof AddLinesInput>;

export const RemoveLineInput = z.strictObject({ id: OperationId });
export type RemoveLineInput = z.infer<typeof RemoveLineInput>;

export const RouteInput = z
  .strictObject({
    id: OperationId,
    legs: Route.min(1, 'a route has at least one leg'),
    reason: Text(1000).optional().describe('why the route changes; required once the consignment has left (e.g. a crossing closed), and shown in its timeline'),
  })
  .superRefine((r, ctx) => refineRoute(r.legs, 'legs', ctx));
export type RouteInput = z.infer<typeof RouteInput>;

export const PackInput = z.strictObject({
  id: OperationId,
  kind: z.enum(handlingUnitKinds).describe('parcel (≤25 kg), box (≤50 kg) or pallet (≤1000 kg)'),
  occurredAt: OccurredAt,
});
export type PackInput = z.infer<typeof PackInput>;

export const DispatchInput = z.strictObject({ id: OperationId, occurredAt: OccurredAt, note: Text(1000).optional() });
export type DispatchInput = z.infer<typeof DispatchInput>;

/** The checkpoint events that move no stock. */
export const movementEventKinds = ['arrived', 'under_review', 'departed', 'offloaded', 'collected'] as const;

export const EventInput = z
  .strictObject({
    id: OperationId,
    kind: z.enum(movementEventKinds),
    locationId: z.uuid().optional().describe('where: the checkpoint, crossing or hub; required for arrived and offloaded'),
    occurredAt: OccurredAt,
    underReviewSince: LocalDate.optional().describe('under_review: the day the authority started holding it (default: the day of the event)'),
    note: Text(1000).optional(),
  })
  .superRefine((e, ctx) => {
    if ((e.kind === 'arrived' || e.kind === 'offloaded') && !e.locationId) ctx.addIssue({ code: 'custom', path: ['locationId'], message: `say where it ${e.kind === 'arrived' ? 'arrived' : 'was offloaded'}` });
    if (e.kind !== 'under_review' && e.underReviewSince) ctx.addIssue({ code: 'custom', path: ['underReviewSince'], message: 'only for under_review' });
  });
export type EventInput = z.infer<typeof EventInput>;

export const InspectionLineInput = z
  .strictObject({
    lineId: z.uuid(),
    outcome: z.enum(inspectionOutcomes),
    rejectedUnits: Quantity.optional().describe('rejected: how many units (of the component, when componentItemId is given)'),
    componentItemId: z.uuid().optional().describe('rejected, on a kit line: the item inside the kits that was taken out; the kits holding it are opened'),
    reason: Text(500).optional().describe('rejected: why, in the inspectors’ words'),
    toLocationId: z.uuid().optional().describe('rejected: the holding site the rejected units were taken to; omitted, they are written off to loss:rejected-at-inspection'),
  })
  .superRefine((l, ctx) => {
    if (l.outcome === 'rejected') {
      if (l.rejectedUnits === undefined) ctx.addIssue({ code: 'custom', path: ['rejectedUnits'], message: 'say how many units were rejected' });
      if (!l.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'say why they were rejected' });
    } else {
      for (const f of ['rejectedUnits', 'componentItemId', 'toLocationId'] as const) {
        if (l[f] !== undefined) ctx.addIssue({ code: 'custom', path: [f], message: 'only for a rejected line' });
      }
    }
  });

export const InspectionInput = z
  .strictObject({
    id: OperationId,
    locationId: z.uuid().describe('the checkpoint where the inspection took place (where the consignment arrived)'),
    occurredAt: OccurredAt,
    note: Text(1000).optional(),
    lines: z.array(InspectionLineInput).min(1).max(200).describe('lines not listed are taken as cleared'),
  })
  .superRefine((i, ctx) => distinctBy(i.lines, (l) => l.lineId, 'lines', 'list each line once', ctx));
export type InspectionInput = z.infer<typeof InspectionInput>;

const Count = z.number().int('must be a whole number of units').min(0, 'must not be negative').max(1_000_000_000);

/**
 * One line of a receipt. Damaged and short units each carry their own reason (a code, plus words
 * when the code is `other`), because one note for a whole truck cannot say which line was wet and
 * which was pilfered; the reason travels onto the loss transfer in the ledger.
 */
export const ReceiptLineInput = z
  .strictObject({
    lineId: z.uuid(),
    goodUnits: Count,
    damagedUnits: Count,
    damagedReason: z.enum(damagedReasons).optional().describe('required when damagedUnits > 0'),
    damagedNote: Text(500).optional().describe('what happened to the damaged units, in the receiver’s words; required when damagedReason is other'),
    shortUnits: Count,
    shortReason: z.enum(shortReasons).optional().describe('required when shortUnits > 0'),
    shortNote: Text(500).optional().describe('what is known about the missing units; required when shortReason is other'),
  })
  .superRefine((l, ctx) => {
    for (const kind of ['damaged', 'short'] as const) {
      const units = l[`${kind}Units`];
      const reason = l[`${kind}Reason`];
      const note = l[`${kind}Note`];
      if (units > 0 && !reason) ctx.addIssue({ code: 'custom', path: [`${kind}Reason`], message: `say why ${units} units are ${kind}` });
      if (units === 0 && (reason || note)) ctx.addIssue({ code: 'custom', path: [reason ? `${kind}Reason` : `${kind}Note`], message: `only when ${kind}Units is more than 0` });
      if (reason === 'other' && !note) ctx.addIssue({ code: 'custom', path: [`${kind}Note`], message: `say what happened when the reason is other` });
    }
  });
export type ReceiptLineInput = z.infer<typeof ReceiptLineInput>;

export const ReceiptInput = z
  .strictObject({
    id: OperationId,
    locationId: z.uuid().optional().describe("the partner's site the goods were received into (default: the destination)"),
    occurredAt: OccurredAt,
    note: Text(1000).optional(),
    lines: z
      .array(ReceiptLineInput)
      .min(1)
      .max(400)
      .describe('every line with units in transit, once: good + damaged + short = what is in transit'),
  })
  .superRefine((r, ctx) => distinctBy(r.lines, (l) => l.lineId, 'lines', 'count each line once', ctx));
export type ReceiptInput = z.infer<typeof ReceiptInput>;

export const CloseInput = z.strictObject({ id: OperationId, note: Text(1000).optional() });
export type CloseInput = z.infer<typeof CloseInput>;

export const CancelInput = z.strictObject({ id: OperationId, reason: Text(500) });
export type CancelInput = z.infer<typeof CancelInput>;

export const ScanInput = z
  .strictObject({
    id: z.uuid().describe('chosen by the scanning device: an upload retried with it records the scan once'),
    scannedAt: OccurredAt,
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    locationId: z.uuid().optional().describe('the known place it was scanned at, if any'),
    note: Text(500).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.latitude === undefined) !== (s.longitude === undefined)) ctx.addIssue({ code: 'custom', path: [s.latitude === undefined ? 'latitude' : 'longitude'], message: 'give latitude and longitude together' });
  });
export type ScanInput = z.infer<typeof ScanInput>;

/** A handling unit's code as printed and encoded in its QR code. */
export const HandlingUnitCode = z.string().regex(/^HU-[0-9A-Z]{8}$/, 'must be a handling unit code such as HU-7KX3M9QP');

export const ConsignmentListQuery = z.strictObject({
  role: z.enum(['sender', 'consignee', 'carrier']).optional().describe("only consignments the organisation sends, receives or carries"),
  status: z.enum(['draft', 'packed', 'in_transit', 'at_checkpoint', 'offloaded', 'collected', 'received', 'closed', 'cancelled']).optional(),
});
