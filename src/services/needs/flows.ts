import { sql } from 'drizzle-orm';
import { noFlows, type NeedLineFlows } from '../../domain/needs/coverage.js';
import type { Queryable } from '../../db/client.js';
import { distributedUnitsByNeedLine } from '../distributions/need-lines.js';
import { rowsOf } from '../ledger/sql.js';

/**
 * The stock that moved for need lines: the one place need coverage reads stock flows from.
 *
 * Contract, for the stock ledger: every id asked for is in the answer, and each figure is a sum of
 * units over the ledger's transfers that carry that `need_line_id`, net of reversing transfers:
 * - inPipelineUnits: into a consignment's in-transit account, less out of it (what is on the way now);
 * - deliveredUnits: out of in-transit into the receiving partner's holding accounts (received in good condition);
 * - lostInTransitUnits: out of in-transit into `loss:` accounts (rejected at inspection, short, damaged),
 *   and kits opened at an inspection to take a component out (into their `kitting:` account): those
 *   kits no longer arrive as the kits the line asked for;
 * - distributedUnits: into `distributed:<site>` accounts.
 * Units rejected at a checkpoint and returned to a holding location are in none of these: they may
 * be dispatched again. Transfers are counted in the need line's item (a kit line counts kits).
 *
 * Consignment transfers (dispatch, inspection-rejection, receipt, transit-loss) carry the need line
 * of the consignment line they move (src/services/consignments); the distributed figure comes from
 * distributions (src/services/distributions/need-lines.ts).
 */
export async function needLineFlows(db: Queryable, needLineIds: readonly string[]): Promise<Map<string, NeedLineFlows>> {
  if (needLineIds.length === 0) return new Map();
  const distributed = await distributedUnitsByNeedLine(db, needLineIds);
  // A reversal runs the other way (e.g. holding → transit undoing a receipt), so each figure is
  // "units that went this way, less units that came back": the kind of the transfer a reversal
  // undoes tells a received unit from one rejected and returned to a holding location.
  const rows = await rowsOf<{ need_line_id: string; in_pipeline: number; delivered: number; lost: number }>(
    db,
    sql`select t.need_line_id,
               sum(case when ta.kind = 'transit' then t.quantity_units when fa.kind = 'transit' then -t.quantity_units else 0 end)::int8 as in_pipeline,
               sum(case when coalesce(o.kind, t.kind) <> 'receipt' then 0
                        when fa.kind = 'transit' and ta.kind = 'holding' then t.quantity_units
                        when fa.kind = 'holding' and ta.kind = 'transit' then -t.quantity_units
                        else 0 end)::int8 as delivered,
               sum(case when fa.kind = 'transit' and (ta.code like 'loss:%' or ta.kind = 'kitting') then t.quantity_units
                        when ta.kind = 'transit' and (fa.code like 'loss:%' or fa.kind = 'kitting') then -t.quantity_units
                        else 0 end)::int8 as lost
        from transfers t
        join need_lines nl on nl.id = t.need_line_id and nl.item_id = t.item_id
        join ledger_accounts fa on fa.id = t.from_account_id
        join ledger_accounts ta on ta.id = t.to_account_id
        left join transfers o on o.id = t.reverses_transfer_id
        where t.need_line_id in ${needLineIds} and (fa.kind = 'transit' or ta.kind = 'transit')
        group by t.need_line_id`,
  );
  const moved = new Map(rows.map((r) => [r.need_line_id, r]));
  return new Map(
    needLineIds.map((id) => {
      const m = moved.get(id);
      // Never below zero: a reversal recorded before what it reverses is not possible, but a
      // figure read as negative would make coverage assert; the ledger audit is where such faults show.
      const units = (x: number | undefined) => Math.max(0, Number(x ?? 0));
      return [id, { ...noFlows, inPipelineUnits: units(m?.in_pipeline), deliveredUnits: units(m?.delivered), lostInTransitUnits: units(m?.lost), distributedUnits: distributed.get(id) ?? 0 }];
    }),
  );
}
