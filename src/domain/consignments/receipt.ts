import { ruleViolated } from '../errors.js';

/**
 * What the partner counts on arrival, per line (Logistics Cluster RITA): received in good
 * condition, received damaged, short. Together they account for everything still in transit on
 * that line — nothing may vanish between the truck and the warehouse.
 */
export interface ReceiptCount {
  lineId: string;
  goodUnits: number;
  damagedUnits: number;
  shortUnits: number;
}

export function checkReceipt(counts: readonly ReceiptCount[], inTransitByLine: ReadonlyMap<string, number>): void {
  const seen = new Set<string>();
  counts.forEach((c, i) => {
    if (!inTransitByLine.has(c.lineId)) throw ruleViolated(`lines.${i}.lineId`, 'this line is not in this consignment, or has nothing left in transit');
    if (seen.has(c.lineId)) throw ruleViolated(`lines.${i}.lineId`, 'count each line once');
    seen.add(c.lineId);
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
