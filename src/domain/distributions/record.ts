import { z } from 'zod';
import { foldDigits } from '../text.js';
import { DocumentNumber } from '../households/household.js';
import { distinctBy } from './distinct.js';
import { OperationId } from '../ledger/inputs.js';

/**
 * Proof that the household received the goods. Karvan keeps a voucher's code, or for a signature
 * or thumbprint on paper or on the device, the SHA-256 of the image and where the partner keeps it
 * (a file name, an archive box): never the image, which shows a person's hand and sometimes their
 * name. The hash lets an auditor check later that the image shown is the one recorded.
 */
export const proofKinds = ['voucher', 'signature', 'thumbprint'] as const;
export type ProofKind = (typeof proofKinds)[number];

const VoucherCode = z
  .string()
  .trim()
  // Vouchers are read aloud and typed on Persian or Arabic keyboards too: the same code whatever the digits.
  .transform((code) => foldDigits(code).toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'must be 3-40 letters, digits or dashes, as printed on the voucher'));

const imageProof = {
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be the SHA-256 of the image, 64 hexadecimal digits')
    .transform((h) => h.toLowerCase()),
  ref: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/, 'must be 1-200 letters, digits, . _ : / or -: where the image is kept, never a name'),
};

export const Proof = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('voucher'), code: VoucherCode }),
  z.strictObject({ kind: z.literal('signature'), ...imageProof }),
  z.strictObject({ kind: z.literal('thumbprint'), ...imageProof }),
]);
export type Proof = z.infer<typeof Proof>;

// The device's own clock, with its offset: the day written in it is the day at the site.
const DeviceTime = z.iso
  .datetime({ offset: true, message: 'must be the local date and time with its offset, such as 2025-03-01T09:30:00+02:00' })
  .refine((t) => t >= '2000-01-01', 'must be after 2000-01-01');

/**
 * One household receiving its share at a distribution, as a field device records it (online, or
 * offline and synced later). The household is named by its id, or found by the identity document
 * a person shows: the number is turned into its pseudonym and goes no further.
 */
export const DistributionInput = z
  .strictObject({
    id: OperationId.describe('chosen by the device when the family signs; sending the record again returns it, another record with it is a 409'),
    planId: z.uuid(),
    householdId: z.uuid().optional(),
    documentNumber: DocumentNumber.optional().describe('instead of householdId: the identity document shown; never stored'),
    distributedAt: DeviceTime.describe('when the goods were handed over, by the device clock, with its offset; its date is the day at the site'),
    lines: z
      .array(z.strictObject({ itemId: z.uuid(), quantityUnits: z.number().int('must be a whole number of units').positive('must be at least 1').max(10_000) }))
      .min(1)
      .max(50)
      .optional()
      .describe("what was handed over; omitted, the household's share under the plan"),
    proof: Proof,
    exception: z
      .strictObject({
        reason: z
          .string()
          .trim()
          .min(1, 'say why the rule is set aside')
          .max(1000)
          .describe('describe the situation, never the person'),
      })
      .optional()
      .describe('a coordinator allows the distribution although it breaks an entitlement rule'),
  })
  .superRefine((input, ctx) => {
    if ((input.householdId === undefined) === (input.documentNumber === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['householdId'], message: 'give exactly one of householdId and documentNumber' });
    }
    distinctBy(input.lines, (l) => l.itemId, 'lines', 'list each item once', ctx);
  });
export type DistributionInput = z.infer<typeof DistributionInput>;

/** What an offline device sends when it is back online: every record it kept, in any order. */
export const SyncInput = z
  .strictObject({ records: z.array(DistributionInput).min(1).max(500) })
  .superRefine((input, ctx) => distinctBy(input.records, (r) => r.id, 'records', 'each record once: this id appears twice', ctx));
export type SyncInput = z.infer<typeof SyncInput>;

export const DistributionReversalInput = z.strictObject({
  id: OperationId,
  reason: z.string().trim().min(1, 'say why the distribution is undone').max(500),
});
export type DistributionReversalInput = z.infer<typeof DistributionReversalInput>;

/** The day at the site: the date as the device wrote it, before any conversion to UTC. */
export const dayAtSite = (distributedAt: string): string => distributedAt.slice(0, 10);
