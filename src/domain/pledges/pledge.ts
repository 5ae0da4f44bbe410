import { z } from 'zod';
import { LocalDate } from '../dates.js';
import { ruleViolated } from '../errors.js';
import { CurrencyCode } from '../money.js';
import type { NeedStatus } from '../needs/need.js';

/**
 * Who gives. An organisation from the directory; a person, under the name they want printed on
 * their receipt (nothing else about them is kept: no identity number, address or telephone); or
 * nobody named at all.
 */
export const donorKinds = ['organisation', 'individual', 'anonymous'] as const;
export type DonorKind = (typeof donorKinds)[number];

export const DonorInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('organisation'), organisationId: z.uuid() }),
  z.strictObject({
    kind: z.literal('individual'),
    displayName: z.string().trim().min(1, 'must not be empty').max(120).describe('as the donor wants it on receipts, e.g. "Family of M. Rezaei"'),
  }),
  z.strictObject({ kind: z.literal('anonymous') }),
]);
export type DonorInput = z.infer<typeof DonorInput>;

export const pledgeLineKinds = ['goods', 'cash'] as const;
export type PledgeLineKind = (typeof pledgeLineKinds)[number];

const MAX_MINOR_UNITS = 1e15; // far above any pledge, and exact in a JavaScript number

export const PledgeLineInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('goods'),
    itemId: z.uuid(),
    quantityUnits: z.number().int().positive().max(100_000_000),
    /** The need line the goods are promised for; omitted, they are a general donation. */
    needLineId: z.uuid().optional(),
  }),
  z.strictObject({
    kind: z.literal('cash'),
    currency: CurrencyCode,
    amountMinor: z.number().int().positive().max(MAX_MINOR_UNITS).describe('in the minor unit of the currency (cents, rials)'),
    needLineId: z.uuid().optional(),
  }),
]);
export type PledgeLineInput = z.infer<typeof PledgeLineInput>;

export const PledgeInput = z.strictObject({
  donor: DonorInput,
  expectedOn: LocalDate,
  lines: z.array(PledgeLineInput).min(1, 'a pledge has at least one line').max(200),
});
export type PledgeInput = z.infer<typeof PledgeInput>;

export const PledgeCancel = z.strictObject({ reason: z.string().trim().min(1, 'say why the pledge is cancelled').max(1000) });

export const CashReceiptInput = z.strictObject({
  pledgeLineId: z.uuid(),
  amountMinor: z.number().int().positive().max(MAX_MINOR_UNITS),
  receivedOn: LocalDate,
});
export type CashReceiptInput = z.infer<typeof CashReceiptInput>;

export interface NeedLineFacts {
  itemId: string;
  needStatus: NeedStatus;
}

/**
 * Pledges are taken against approved needs: an appeal goes out for what a sending organisation
 * has agreed to carry. Goods pledged for a need line are the line's item (a kit line takes kits),
 * and each line of a pledge is distinct, so an intake names one pledge line without ambiguity.
 */
export function checkPledgeLines(lines: readonly PledgeLineInput[], needLines: ReadonlyMap<string, NeedLineFacts>): void {
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (line.needLineId !== undefined) {
      const target = needLines.get(line.needLineId);
      if (!target) throw ruleViolated(`lines.${i}.needLineId`, 'no need line with this id');
      if (target.needStatus !== 'approved') {
        throw ruleViolated(`lines.${i}.needLineId`, `pledges are taken against approved needs only; this need is ${target.needStatus}`);
      }
      if (line.kind === 'goods' && line.itemId !== target.itemId) {
        throw ruleViolated(`lines.${i}.itemId`, 'goods pledged for a need line must be the item (or kit) the line asks for');
      }
    }
    const key = [line.kind, line.kind === 'goods' ? line.itemId : line.currency, line.needLineId ?? ''].join(' ');
    if (seen.has(key)) throw ruleViolated(`lines.${i}`, 'this line repeats an earlier one; add the quantities together');
    seen.add(key);
  });
}

export const pledgeStatuses = ['open', 'partially_received', 'received', 'cancelled'] as const;
export type PledgeStatus = (typeof pledgeStatuses)[number];

/** A line's promise and what has come of it, in units (goods) or minor units (cash). */
export interface LineProgress {
  promised: number;
  received: number;
}

/**
 * Derived, never set: open until something arrives, received once every line has arrived in
 * full, partially received in between. Cancelled means the donor will give nothing more; what
 * had arrived stays on the lines.
 */
export function pledgeStatus(cancelled: boolean, lines: readonly LineProgress[]): PledgeStatus {
  if (cancelled) return 'cancelled';
  if (lines.length > 0 && lines.every((l) => l.received >= l.promised)) return 'received';
  if (lines.some((l) => l.received > 0)) return 'partially_received';
  return 'open';
}
