import type { Actor } from '../../domain/access.js';
import { isoDate } from '../../domain/ledger/expiry.js';
import type { OperationView, TransferView } from '../../domain/ledger/views.js';
import { lotView, type LotRow } from './lots.js';

/** What every stock operation answers: what it recorded, and the lots it created or used. */
export function operationView(
  op: { id: string; kind: string; organisationId: string },
  actor: Actor,
  transfers: TransferView[],
  lots: readonly LotRow[],
  now: Date,
): OperationView {
  const unique = [...new Map(lots.map((l) => [l.id, l])).values()];
  return {
    id: op.id,
    kind: op.kind,
    organisationId: op.organisationId,
    userId: actor.userId,
    recordedAt: transfers[0]?.recordedAt ?? now.toISOString(),
    transfers,
    lots: unique.map((l) => lotView(l, isoDate(now))),
  };
}
