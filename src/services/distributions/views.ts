import { asc, inArray, sql } from 'drizzle-orm';
import type { DistributionView } from '../../domain/distributions/views.js';
import type { Queryable } from '../../db/client.js';
import { distributionLines, distributionReversals, distributions } from '../../db/schema/index.js';
import { rowsOf } from '../ledger/sql.js';
import { mustGet } from '../refs.js';

export type DistributionRow = typeof distributions.$inferSelect;

/**
 * Views of distributions, in the order of `ids` (each must exist). The lots come from the ledger:
 * a distribution's transfers are its own operation's (the operation id is the distribution id).
 */
export async function distributionViews(db: Queryable, ids: readonly string[]): Promise<DistributionView[]> {
  if (ids.length === 0) return [];
  const rows = new Map((await db.select().from(distributions).where(inArray(distributions.id, [...ids]))).map((r) => [r.id, r]));
  const lines = await db
    .select()
    .from(distributionLines)
    .where(inArray(distributionLines.distributionId, [...ids]))
    .orderBy(asc(distributionLines.distributionId), asc(distributionLines.position));
  const lots = await rowsOf<{ operation_id: string; item_id: string; lot_id: string; units: number }>(
    db,
    sql`select operation_id, item_id, lot_id, sum(quantity_units)::int8 as units
        from transfers where operation_id in ${ids} and kind = 'distribution'
        group by operation_id, item_id, lot_id order by operation_id, item_id, lot_id`,
  );
  const reversals = new Map(
    (await db.select().from(distributionReversals).where(inArray(distributionReversals.distributionId, [...ids]))).map((r) => [r.distributionId, r]),
  );
  return ids.map((id) => {
    const d = mustGet(rows, id);
    const reversal = reversals.get(id);
    return {
      id: d.id,
      organisationId: d.organisationId,
      planId: d.planId,
      householdId: d.householdId,
      siteId: d.siteId,
      distributedAt: d.distributedAt.toISOString(),
      distributedOn: d.distributedOn,
      lines: lines
        .filter((l) => l.distributionId === id)
        .map((l) => ({
          itemId: l.itemId,
          quantityUnits: l.quantityUnits,
          needLineId: l.needLineId,
          lots: lots.filter((t) => t.operation_id === id && t.item_id === l.itemId).map((t) => ({ lotId: t.lot_id, quantityUnits: t.units })),
        })),
      proof: { kind: d.proofKind, code: d.voucherCode, sha256: d.proofSha256, ref: d.proofRef },
      exception:
        d.exceptionReason === null ? null : { reason: d.exceptionReason, allowedBy: d.exceptionAllowedBy!, brokenRuleIds: d.exceptionRuleIds ?? [] },
      recordedBy: d.recordedBy,
      recordedAt: d.recordedAt.toISOString(),
      reversal: reversal
        ? { operationId: reversal.operationId, reason: reversal.reason, reversedBy: reversal.reversedBy, reversedAt: reversal.reversedAt.toISOString() }
        : null,
    };
  });
}
