import { and, eq, sql } from 'drizzle-orm';
import { conflict, notFound } from '../../domain/errors.js';
import type { DistributionReversalInput } from '../../domain/distributions/record.js';
import type { DistributionView } from '../../domain/distributions/views.js';
import { distributedAccount, holdingAccount } from '../../domain/ledger/accounts.js';
import { distributionReversals, distributions } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { claimOperation, inTransaction, lineId } from '../ledger/operations.js';
import { postTransfers, type TransferRow } from '../ledger/post.js';
import { rowsOf } from '../ledger/sql.js';
import { distributionViews } from './views.js';

/**
 * Undoes a distribution recorded by mistake (the wrong household, entered twice): the goods go
 * back from `distributed:<site>` to the site's holding by reversing transfers, and the record is
 * marked reversed, so it no longer counts for the household's entitlements or for any figure. The
 * record itself stays, like the ledger, for the audit.
 */
export async function reverseDistribution(
  ctx: Ctx,
  organisationId: string,
  distributionId: string,
  input: DistributionReversalInput,
  now = new Date(),
): Promise<DistributionView> {
  return inTransaction(ctx.db, async (tx) => {
    const spec = { id: input.id, kind: 'distribution-reversal', organisationId, request: { distributionId, ...input } };
    if (!(await claimOperation(tx, ctx.actor, spec))) return (await distributionViews(tx, [distributionId]))[0]!;
    const [d] = await tx
      .select()
      .from(distributions)
      .where(and(eq(distributions.id, distributionId), eq(distributions.organisationId, organisationId)))
      .for('update');
    if (!d) throw notFound('distribution', 'distributionId');
    const [done] = await tx.select().from(distributionReversals).where(eq(distributionReversals.distributionId, distributionId));
    if (done) throw conflict(`this distribution was reversed already (operation ${done.operationId})`, 'distributionId');
    const given = await rowsOf<TransferRow>(tx, sql`select * from transfers where operation_id = ${distributionId} and kind = 'distribution' order by chain_seq`);
    const holding = holdingAccount(d.siteId, organisationId);
    const distributed = distributedAccount(d.siteId, organisationId);
    await postTransfers(tx, ctx.actor, {
      organisationId,
      operationId: input.id,
      fieldOf: () => 'distributionId',
      lines: given.map((t, i) => ({
        id: lineId(input.id, i),
        kind: 'reversal' as const,
        from: distributed,
        to: holding,
        itemId: t.item_id,
        lotId: t.lot_id,
        quantityUnits: t.quantity_units,
        reason: input.reason,
        occurredAt: now,
        needLineId: t.need_line_id,
        distributionId,
        reversesTransferId: t.id,
      })),
    });
    await tx.insert(distributionReversals).values({ distributionId, operationId: input.id, reason: input.reason, reversedBy: ctx.actor.userId, reversedAt: now });
    return (await distributionViews(tx, [distributionId]))[0]!;
  });
}
