import { ruleViolated } from '../errors.js';

/**
 * Why units arrived damaged, or did not arrive. Both kinds still go to the two ledger loss
 * accounts (loss:damaged-in-transit, loss:missing-in-transit, in src/domain/ledger/vocabulary.ts);
 * these finer codes say what happened on the road, so the sender can see whether to pack better,
 * change carrier or guard a crossing. `other` needs a note.
 */
export const damagedReasons = ['crushed', 'wet', 'spoiled', 'broken_seal', 'other'] as const;
export type DamagedReason = (typeof damagedReasons)[number];
export const shortReasons = ['missing', 'pilfered', 'miscounted', 'other'] as const;
export type ShortReason = (typeof shortReasons)[number];

/** How a receipt line's reason reads on the loss transfer, e.g. "damaged in transit: wet — roof leaked". */
export function lossTransferReason(kind: 'damaged' | 'short', reason: string, note: string | null | undefined, consignmentReference: string): string {
  const what = kind === 'damaged' ? 'damaged in transit' : 'short at receipt';
  return `consignment ${consignmentReference}, ${what}: ${reason}${note ? ` — ${note}` : ''}`;
}

const REJECTED = 'rejected at inspection: ';

/** How an inspection's rejection reads on the transfer that writes the units off: the inspectors' words, whole. */
export const rejectionTransferReason = (words: string): string => `${REJECTED}${words}`;

/** The inspectors' words back from such a transfer's reason (a reason written otherwise is kept as it is). */
export const inspectorsWords = (transferReason: string): string =>
  transferReason.startsWith(REJECTED) ? transferReason.slice(REJECTED.length) : transferReason;

/**
 * What the partner counts on arrival, per line (Logistics Cluster RITA): received in good
 * condition, received damaged, short. Together they account for everything still in transit on
 * that line — nothing may vanish between the truck and the warehouse.
 */
export interface ReceiptCount {
  lineId: string;
  goodUnits: number;
  damagedUnits: number;
  damagedReason?: DamagedReason;
  shortUnits: number;
  shortReason?: ShortReason;
}

export function checkReceipt(counts: readonly ReceiptCount[], inTransitByLine: ReadonlyMap<string, number>): void {
  const seen = new Set<string>();
  counts.forEach((c, i) => {
    if (!inTransitByLine.has(c.lineId)) throw ruleViolated(`lines.${i}.lineId`, 'this line is not in this consignment, or has nothing left in transit');
    if (seen.has(c.lineId)) throw ruleViolated(`lines.${i}.lineId`, 'count each line once');
    seen.add(c.lineId);
    // The request schema says so too; this holds for callers that build receipts in code.
    if (c.damagedUnits > 0 && !c.damagedReason) throw ruleViolated(`lines.${i}.damagedReason`, 'say why these units are damaged');
    if (c.shortUnits > 0 && !c.shortReason) throw ruleViolated(`lines.${i}.shortReason`, 'say why these units are short');
    const expected = inTransitByLine.get(c.lineId)!;
    const total = c.goodUnits + c.damagedUnits + c.shortUnits;
    if (total !== expected) {
      throw ruleViolated(`lines.${i}`, `good + damaged + short must equal the ${expected} units in transit on this line, not ${total}`);
    }
  });
  for (const [lineId, units] of inTransitByLine) {
    if (units > 0 && !seen.has(lineId)) throw ruleViolated('lines', `line ${lineId} still has ${units} units in transit: count it`);
  }
}
