import { inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { pledgeCashReceipts } from '../../db/schema/index.js';

export interface GoodsReceived {
  /** Brought in by the donor at intake, usable or not. */
  receivedUnits: number;
  /** Of those, moved to `loss:unusable-donation` at triage. */
  unusableUnits: number;
}

/**
 * Goods received against pledge lines.
 *
 * Contract, for the stock ledger: every id asked for is in the answer. An intake that brings in
 * what a donor pledged carries the `pledge_line_id` of the goods line it honours; receivedUnits is
 * the sum of such intake transfers out of `donation:<donor>` accounts, net of reversals, and
 * unusableUnits the sum of triage transfers carrying the same `pledge_line_id` into
 * `loss:unusable-donation`. The pledge's status and the need lines' coverage follow from these.
 *
 * Karvan has no stock ledger yet, so no intake has happened and both figures are 0.
 */
export async function pledgeGoodsReceived(_db: Queryable, pledgeLineIds: readonly string[]): Promise<Map<string, GoodsReceived>> {
  return new Map(pledgeLineIds.map((id) => [id, { receivedUnits: 0, unusableUnits: 0 }]));
}

/** Cash received against cash lines, in minor units: recorded by the receiving organisation. */
export async function pledgeCashReceived(db: Queryable, pledgeLineIds: readonly string[]): Promise<Map<string, number>> {
  const received = new Map(pledgeLineIds.map((id) => [id, 0]));
  if (pledgeLineIds.length === 0) return received;
  const rows = await db
    .select({ lineId: pledgeCashReceipts.pledgeLineId, total: sql<number>`sum(${pledgeCashReceipts.amountMinor})::int8` })
    .from(pledgeCashReceipts)
    .where(inArray(pledgeCashReceipts.pledgeLineId, [...pledgeLineIds]))
    .groupBy(pledgeCashReceipts.pledgeLineId);
  for (const r of rows) received.set(r.lineId, Number(r.total));
  return received;
}
