import { noFlows, type NeedLineFlows } from '../../domain/needs/coverage.js';
import type { Queryable } from '../../db/client.js';
import { distributedUnitsByNeedLine } from '../distributions/need-lines.js';

/**
 * The stock that moved for need lines: the one place need coverage reads stock flows from.
 *
 * Contract, for the stock ledger: every id asked for is in the answer, and each figure is a sum of
 * units over the ledger's transfers that carry that `need_line_id`, net of reversing transfers:
 * - inPipelineUnits: into a consignment's in-transit account, less out of it (what is on the way now);
 * - deliveredUnits: out of in-transit into the receiving partner's holding accounts (received in good condition);
 * - lostInTransitUnits: out of in-transit into `loss:` accounts (rejected at inspection, short, damaged);
 * - distributedUnits: into `distributed:<site>` accounts.
 * Units rejected at a checkpoint and returned to a holding location are in none of these: they may
 * be dispatched again. Transfers are counted in the need line's item (a kit line counts kits).
 *
 * Consignments do not post yet, so in pipeline, delivered and lost in transit are 0; the
 * distributed figure comes from distributions (src/services/distributions/need-lines.ts).
 */
export async function needLineFlows(db: Queryable, needLineIds: readonly string[]): Promise<Map<string, NeedLineFlows>> {
  const distributed = await distributedUnitsByNeedLine(db, needLineIds);
  return new Map(needLineIds.map((id) => [id, { ...noFlows, distributedUnits: distributed.get(id) ?? 0 }]));
}
