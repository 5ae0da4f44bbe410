import { eq, inArray } from 'drizzle-orm';
import { needLineCoverage, pledgeContributionUnits, type NeedLineCoverage } from '../../domain/needs/coverage.js';
import { sumByCurrency, type CashAmount } from '../../domain/money.js';
import type { Queryable } from '../../db/client.js';
import { pledgeLines, pledges } from '../../db/schema/index.js';
import { pledgeCashReceived, pledgeGoodsReceived } from '../pledges/receipts.js';
import { needLineFlows } from './flows.js';

export type LineCoverage = NeedLineCoverage & { cashPledged: CashAmount[] };

/** Coverage of need lines from the pledges that name them and the stock that moved for them. */
export async function coverageOfLines(
  db: Queryable,
  lines: readonly { id: string; quantityUnits: number }[],
): Promise<Map<string, LineCoverage>> {
  const lineIds = lines.map((l) => l.id);
  const promised =
    lineIds.length === 0
      ? []
      : await db
          .select({
            id: pledgeLines.id,
            needLineId: pledgeLines.needLineId,
            kind: pledgeLines.kind,
            quantityUnits: pledgeLines.quantityUnits,
            currency: pledgeLines.currency,
            amountMinor: pledgeLines.amountMinor,
            cancelledAt: pledges.cancelledAt,
          })
          .from(pledgeLines)
          .innerJoin(pledges, eq(pledges.id, pledgeLines.pledgeId))
          .where(inArray(pledgeLines.needLineId, lineIds));
  const goodsIds = promised.filter((p) => p.kind === 'goods').map((p) => p.id);
  const cashIds = promised.filter((p) => p.kind === 'cash').map((p) => p.id);
  const goodsReceived = await pledgeGoodsReceived(db, goodsIds);
  const cashReceived = await pledgeCashReceived(db, cashIds);
  const flows = await needLineFlows(db, lineIds);

  const result = new Map<string, LineCoverage>();
  for (const line of lines) {
    const mine = promised.filter((p) => p.needLineId === line.id);
    const goods = mine
      .filter((p) => p.kind === 'goods')
      .map((p) => ({ pledgedUnits: p.quantityUnits!, cancelled: p.cancelledAt !== null, ...goodsReceived.get(p.id)! }));
    // Cash follows the same rule as goods: the promise while it stands, what came once cancelled.
    const cash = mine
      .filter((p) => p.kind === 'cash')
      .map((p) => ({
        currency: p.currency!,
        amountMinor: pledgeContributionUnits({
          pledgedUnits: p.amountMinor!,
          receivedUnits: cashReceived.get(p.id)!,
          unusableUnits: 0,
          cancelled: p.cancelledAt !== null,
        }),
      }))
      .filter((c) => c.amountMinor > 0);
    result.set(line.id, { ...needLineCoverage(line.quantityUnits, goods, flows.get(line.id)!), cashPledged: sumByCurrency(cash) });
  }
  return result;
}
