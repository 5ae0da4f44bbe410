import { z } from 'zod';
import { countReasons, settableLotStatuses, triageClasses } from './vocabulary.js';

/**
 * What the stock use cases accept. Every operation carries an `id` the client makes up (a UUID):
 * sending the same request again with the same id returns the first result and records nothing
 * new, so a warehouse tablet on a bad connection can simply retry.
 */
export const OperationId = z
  .uuid()
  .describe('a UUID chosen by the client; repeating the request with it returns the first result, another request with it is a 409');

export const Quantity = z.number().int('must be a whole number of units').positive('must be at least 1').max(1_000_000_000);

export const IsoDate = z.iso.date('must be a date written YYYY-MM-DD');

const OccurredAt = z.iso
  .datetime({ offset: true, message: 'must be a date and time such as 2025-03-01T09:30:00Z' })
  .refine((t) => t >= '2000-01-01', 'must be after 2000-01-01')
  .optional()
  .describe('when it happened, if not now (e.g. recorded later from paper); not in the future');

const Reason = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters')
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const LotCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'must be 1-64 letters, digits, . _ / or -, as printed on the box');

const Donor = z
  .strictObject({
    organisationId: z.uuid().optional().describe('a donor organisation registered in Karvan'),
    individualRef: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, . _ or -; use a receipt number, never a name')
      .optional()
      .describe('an individual donor, by a reference such as a receipt-book number'),
    anonymous: z.literal(true).optional(),
  })
  .refine((d) => [d.organisationId, d.individualRef, d.anonymous].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of organisationId, individualRef, anonymous',
  });

const IntakeLine = z.strictObject({
  itemId: z.uuid(),
  lotCode: LotCode.optional().describe('as printed on the goods; omitted, Karvan makes one up from the intake id'),
  expiryDate: IsoDate.nullable().default(null),
  triage: z.enum(triageClasses).describe('SUMA class at arrival; unusable goes straight to loss:unusable-donation'),
  quantityUnits: Quantity,
  pledgeLineId: z.uuid().optional().describe("the goods line of a pledge this line honours (the pledge's donor must be the donor)"),
});

export const IntakeInput = z
  .strictObject({
    id: OperationId,
    locationId: z.uuid().describe('the warehouse that receives the goods'),
    source: z.enum(['donation', 'purchase']),
    donor: Donor.optional().describe('who gave; required for a donation'),
    occurredAt: OccurredAt,
    lines: z.array(IntakeLine).min(1).max(500),
  })
  .superRefine((input, ctx) => {
    if (input.source === 'donation' && !input.donor) ctx.addIssue({ code: 'custom', path: ['donor'], message: 'a donation needs its donor' });
    if (input.source === 'purchase' && input.donor) ctx.addIssue({ code: 'custom', path: ['donor'], message: 'a purchase has no donor' });
    input.lines.forEach((l, i) => {
      if (input.source === 'purchase' && l.pledgeLineId) {
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'pledgeLineId'], message: 'a purchase honours no pledge' });
      }
    });
    if (input.source === 'purchase' && input.lines.some((l) => l.triage === 'unusable')) {
      const i = input.lines.findIndex((l) => l.triage === 'unusable');
      ctx.addIssue({ code: 'custom', path: ['lines', i, 'triage'], message: 'triage classes donations; return unusable purchases to the supplier instead' });
    }
  });
export type IntakeInput = z.infer<typeof IntakeInput>;

const LotLine = z.strictObject({ lotId: z.uuid(), quantityUnits: Quantity });

const distinctLots = (lines: readonly { lotId: string }[], ctx: z.RefinementCtx, path = 'lines') => {
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (seen.has(l.lotId)) ctx.addIssue({ code: 'custom', path: [path, i, 'lotId'], message: 'list each lot once' });
    seen.add(l.lotId);
  });
};

export const MoveInput = z
  .strictObject({
    id: OperationId,
    fromLocationId: z.uuid(),
    toLocationId: z.uuid(),
    reason: Reason.optional(),
    occurredAt: OccurredAt,
    lines: z.array(LotLine).min(1).max(500),
  })
  .superRefine((input, ctx) => {
    if (input.fromLocationId === input.toLocationId) {
      ctx.addIssue({ code: 'custom', path: ['toLocationId'], message: 'must differ from fromLocationId' });
    }
    distinctLots(input.lines, ctx);
  });
export type MoveInput = z.infer<typeof MoveInput>;

export const StockCountOpenInput = z.strictObject({
  id: z.uuid().describe('the count id, chosen by the client; opening it again returns the same count'),
  locationId: z.uuid(),
  note: Reason.optional(),
});
export type StockCountOpenInput = z.infer<typeof StockCountOpenInput>;

export const StockCountLinesInput = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          lotId: z.uuid(),
          countedUnits: z.number().int('must be a whole number of units').nonnegative('must be 0 or more').max(1_000_000_000),
          reason: z.enum(countReasons).optional().describe('why the count differs from the books, when it does'),
        }),
      )
      .min(1)
      .max(1000),
  })
  .superRefine((input, ctx) => distinctLots(input.lines, ctx));
export type StockCountLinesInput = z.infer<typeof StockCountLinesInput>;

export const StockCountCloseInput = z.strictObject({
  id: OperationId.describe('the operation id of the adjustments; repeating the close with it returns the first result'),
  occurredAt: OccurredAt,
});
export type StockCountCloseInput = z.infer<typeof StockCountCloseInput>;

export const LotStatusInput = z.strictObject({
  status: z.enum(settableLotStatuses).describe('expired is set from the expiry date, not by hand'),
  reason: Reason,
});
export type LotStatusInput = z.infer<typeof LotStatusInput>;

export const KitAssemblyInput = z
  .strictObject({
    id: OperationId,
    locationId: z.uuid(),
    kitItemId: z.uuid(),
    kits: z.number().int('must be a whole number').positive('must be at least 1').max(1_000_000),
    lotCode: LotCode.optional().describe('for the new kit lot; omitted, made up from the operation id'),
    occurredAt: OccurredAt,
    components: z
      .array(z.strictObject({ itemId: z.uuid(), lotId: z.uuid(), quantityUnits: Quantity }))
      .min(1)
      .max(500)
      .optional()
      .describe('which component lots to use; omitted, picked first-expiry-first-out'),
  })
  .superRefine((input, ctx) => input.components && distinctLots(input.components, ctx, 'components'));
export type KitAssemblyInput = z.infer<typeof KitAssemblyInput>;

export const KitDisassemblyInput = z.strictObject({
  id: OperationId,
  locationId: z.uuid(),
  kitLotId: z.uuid(),
  kits: z.number().int('must be a whole number').positive('must be at least 1').max(1_000_000),
  reason: Reason.optional(),
  occurredAt: OccurredAt,
});
export type KitDisassemblyInput = z.infer<typeof KitDisassemblyInput>;

export const ReversalInput = z
  .strictObject({
    id: OperationId,
    transferIds: z.array(z.uuid()).min(1).max(500).describe('the transfers to undo, each once'),
    reason: Reason,
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.transferIds.forEach((t, i) => {
      if (seen.has(t)) ctx.addIssue({ code: 'custom', path: ['transferIds', i], message: 'list each transfer once' });
      seen.add(t);
    });
  });
export type ReversalInput = z.infer<typeof ReversalInput>;
