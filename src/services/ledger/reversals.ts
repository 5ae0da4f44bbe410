import { inArray, sql } from 'drizzle-orm';
import { conflict, DomainError, notFound, ruleViolated } from '../../domain/errors.js';
import type { AccountSpec } from '../../domain/ledger/accounts.js';
import type { ReversalInput } from '../../domain/ledger/inputs.js';
import type { OperationView } from '../../domain/ledger/views.js';
import { ledgerAccounts } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { loadLots } from './lots.js';
import { lineId, runStockOperation } from './operations.js';
import { postTransfers, type TransferRow } from './post.js';
import { rowsOf } from './sql.js';

/**
 * Corrects mistakes the only way the ledger allows: by recording the opposite transfers. Each
 * transfer can be reversed once, by the organisation that recorded it, and only while the goods
 * are still where it put them (a reversal cannot take a holding below zero either).
 */
export async function reverseTransfers(ctx: Ctx, organisationId: string, input: ReversalInput, now = new Date()): Promise<OperationView> {
  return runStockOperation(ctx, { id: input.id, kind: 'reversal', organisationId, request: input }, now, async (tx) => {
    const originals = await rowsOf<TransferRow & { reversed_by: string | null }>(
      tx,
      sql`select t.*, r.id as reversed_by from transfers t left join transfers r on r.reverses_transfer_id = t.id
          where t.id in ${input.transferIds}`,
    );
    const byId = new Map(originals.map((t) => [t.id, t]));
    input.transferIds.forEach((id, i) => {
      const t = byId.get(id);
      if (!t) throw notFound('transfer', `transferIds.${i}`);
      if (t.organisation_id !== organisationId) {
        throw new DomainError('forbidden', 'only the organisation that recorded a transfer may reverse it', `transferIds.${i}`);
      }
      if (t.reversed_by) throw conflict(`this transfer was reversed already by transfer ${t.reversed_by}`, `transferIds.${i}`);
      // Its record must say so too, or the household would still be counted as served.
      if (t.kind === 'distribution') {
        throw ruleViolated(`transferIds.${i}`, `this transfer hands goods to a household; reverse distribution ${t.distribution_id} instead`);
      }
    });
    const accountIds = [...new Set(originals.flatMap((t) => [t.from_account_id, t.to_account_id]))];
    const accounts = new Map<string, AccountSpec>(
      (await tx.select().from(ledgerAccounts).where(inArray(ledgerAccounts.id, accountIds))).map((a) => [a.id, a]),
    );
    const transfers = await postTransfers(tx, ctx.actor, {
      organisationId,
      operationId: input.id,
      fieldOf: (i) => `transferIds.${i}`,
      lines: input.transferIds.map((id, i) => {
        const t = byId.get(id)!;
        return {
          id: lineId(input.id, i),
          kind: 'reversal' as const,
          from: accounts.get(t.to_account_id)!,
          to: accounts.get(t.from_account_id)!,
          itemId: t.item_id,
          lotId: t.lot_id,
          quantityUnits: t.quantity_units,
          reason: input.reason,
          occurredAt: now,
          pledgeLineId: t.pledge_line_id,
          needLineId: t.need_line_id,
          consignmentId: t.consignment_id,
          distributionId: t.distribution_id,
          reversesTransferId: t.id,
        };
      }),
    });
    const lots = await loadLots(tx, originals.map((t) => t.lot_id), () => 'transferIds');
    return { transfers, lots: [...lots.values()] };
  });
}
