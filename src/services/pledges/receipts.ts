import { inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { pledgeCashReceipts } from '../../db/schema/index.js';
import { lossAccount } from '../../domain/ledger/accounts.js';
import { rowsOf } from '../ledger/sql.js';

export interface GoodsReceived {
  /** Brought in by the donor at intake, usable or not. */
  receivedUnits: number;
  /** Of those, moved to `loss:unusable-donation` at triage. */
  unusableUnits: number;
}

/**
 * Goods received against pledge lines, from the stock ledger.
 *
 * Contract: every id asked for is in the answer. An intake that brings in what a donor pledged
 * carries the `pledge_line_id` of the goods line it honours; receivedUnits is the sum of such
 * transfers out of `donation:<donor>` accounts, net of reversals (a reversal carries the same
 * pledge line back into the donation account), and unusableUnits the sum of those that went
 * into `loss:unusable-donation` at triage, net the same way. The pledge's status and the need
 * lines' coverage follow from these.
 */
export async function pledgeGoodsReceived(db: Queryable, pledgeLineIds: readonly string[]): Promise<Map<string, GoodsReceived>> {
  const received = new Map(pledgeLineIds.map((id) => [id, { receivedUnits: 0, unusableUnits: 0 }]));
  if (pledgeLineIds.length === 0) return received;
  const rows = await rowsOf<{ pledge_line_id: string; received: number; unusable: number }>(
    db,
    sql`select t.pledge_line_id,
               sum(case when fa.kind = 'source' and fa.code like 'donation:%' then t.quantity_units
                        when ta.kind = 'source' and ta.code like 'donation:%' then -t.quantity_units else 0 end)::int8 as received,
               sum(case when ta.code = ${UNUSABLE} then t.quantity_units
                        when fa.code = ${UNUSABLE} then -t.quantity_units else 0 end)::int8 as unusable
        from transfers t
        join ledger_accounts fa on fa.id = t.from_account_id
        join ledger_accounts ta on ta.id = t.to_account_id
        where t.pledge_line_id in ${[...new Set(pledgeLineIds)]}
        group by t.pledge_line_id`,
  );
  for (const r of rows) received.set(r.pledge_line_id, { receivedUnits: r.received, unusableUnits: r.unusable });
  return received;
}

const UNUSABLE = lossAccount('unusable-donation').code;

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
