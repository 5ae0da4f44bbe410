import { eq, inArray, sql } from 'drizzle-orm';
import { isoDate } from '../../domain/ledger/expiry.js';
import type { OperationView, TransferView } from '../../domain/ledger/views.js';
import type { Queryable } from '../../db/client.js';
import { lots as lotsTable, stockOperations } from '../../db/schema/index.js';
import { lotView, type LotRow } from './lots.js';
import { transferView, type TransferRow } from './post.js';
import { rowsOf } from './sql.js';

/**
 * What every stock operation answers: what it recorded, and the lots it touched, in the order the
 * transfers name them. Built the same way from the database on a retry, so both answers match.
 */
export function operationView(
  op: { id: string; kind: string; organisationId: string; userId: string },
  transfers: TransferView[],
  lots: readonly LotRow[],
  now: Date,
): OperationView {
  const byId = new Map(lots.map((l) => [l.id, l]));
  const lotIds = [...new Set(transfers.map((t) => t.lotId))];
  return {
    id: op.id,
    kind: op.kind,
    organisationId: op.organisationId,
    userId: op.userId,
    recordedAt: transfers[0]?.recordedAt ?? now.toISOString(),
    transfers,
    lots: lotIds.map((id) => lotView(byId.get(id)!, isoDate(now))),
  };
}

/** The answer of an operation recorded earlier, rebuilt from its transfers. */
export async function storedOperationView(db: Queryable, operationId: string, now: Date): Promise<OperationView> {
  const [op] = await db.select().from(stockOperations).where(eq(stockOperations.id, operationId));
  const rows = await rowsOf<TransferRow & { from_code: string; to_code: string }>(
    db,
    sql`select t.*, fa.code as from_code, ta.code as to_code
        from transfers t
        join ledger_accounts fa on fa.id = t.from_account_id
        join ledger_accounts ta on ta.id = t.to_account_id
        where t.operation_id = ${operationId}
        order by t.chain_seq`,
  );
  const transfers = rows.map((r) => transferView(r, (id) => (id === r.from_account_id ? r.from_code : r.to_code)));
  const lots = transfers.length ? await db.select().from(lotsTable).where(inArray(lotsTable.id, [...new Set(transfers.map((t) => t.lotId))])) : [];
  return operationView({ id: op!.id, kind: op!.kind, organisationId: op!.organisationId, userId: op!.userId }, transfers, lots, now);
}
