import { inArray, sql } from 'drizzle-orm';
import type { DistributionView } from '../../domain/distributions/views.js';
import type { Queryable } from '../../db/client.js';
import { distributionLines, distributionReversals, distributions } from '../../db/schema/index.js';
import { rowsOf } from '../ledger/sql.js';
import { mustGet } from '../refs.js';

export type DistributionRow = typeof distributions.$inferSelect;
type LineRow = typeof distributionLines.$inferSelect;
type ReversalRow = typeof distributionReversals.$inferSelect;
export interface LotTaken {
  itemId: string;
  lotId: string;
  quantityUnits: number;
}

/** The view of one distribution from its rows: what was just recorded, or what was read back. */
export function distributionView(d: DistributionRow, lines: readonly LineRow[], lots: readonly LotTaken[], reversal: ReversalRow | undefined): DistributionView {
  return {
    id: d.id,
    organisationId: d.organisationId,
    planId: d.planId,
    householdId: d.householdId,
    siteId: d.siteId,
    distributedAt: d.distributedAt.toISOString(),
    distributedOn: d.distributedOn,
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        itemId: l.itemId,
        quantityUnits: l.quantityUnits,
        needLineId: l.needLineId,
        lots: lots
          .filter((t) => t.itemId === l.itemId)
          .sort((a, b) => (a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0))
          .map((t) => ({ lotId: t.lotId, quantityUnits: t.quantityUnits })),
      })),
    proof: { kind: d.proofKind, code: d.voucherCode, sha256: d.proofSha256, ref: d.proofRef },
    exception: d.exceptionReason === null ? null : { reason: d.exceptionReason, allowedBy: d.exceptionAllowedBy!, brokenRuleIds: d.exceptionRuleIds ?? [] },
    recordedBy: d.recordedBy,
    recordedAt: d.recordedAt.toISOString(),
    reversal: reversal
      ? { operationId: reversal.operationId, reason: reversal.reason, reversedBy: reversal.reversedBy, reversedAt: reversal.reversedAt.toISOString() }
      : null,
  };
}

/**
 * Views of distributions, in the order of `ids` (each must exist). The lots come from the ledger:
 * a distribution's transfers are its own operation's (the operation id is the distribution id).
 */
export async function distributionViews(db: Queryable, ids: readonly string[]): Promise<DistributionView[]> {
  if (ids.length === 0) return [];
  const rows = new Map((await db.select().from(distributions).where(inArray(distributions.id, [...ids]))).map((r) => [r.id, r]));
  const lines = await db.select().from(distributionLines).where(inArray(distributionLines.distributionId, [...ids]));
  const lots = await rowsOf<{ operation_id: string; item_id: string; lot_id: string; units: number }>(
    db,
    sql`select operation_id, item_id, lot_id, sum(quantity_units)::int8 as units
        from transfers where operation_id in ${ids} and kind = 'distribution'
        group by operation_id, item_id, lot_id`,
  );
  const reversals = new Map(
    (await db.select().from(distributionReversals).where(inArray(distributionReversals.distributionId, [...ids]))).map((r) => [r.distributionId, r]),
  );
  return ids.map((id) =>
    distributionView(
      mustGet(rows, id),
      lines.filter((l) => l.distributionId === id),
      lots.filter((t) => t.operation_id === id).map((t) => ({ itemId: t.item_id, lotId: t.lot_id, quantityUnits: t.units })),
      reversals.get(id),
    ),
  );
}
