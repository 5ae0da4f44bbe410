import { createHash } from 'node:crypto';

/**
 * The canonical encoding of a transfer, hashed into its organisation's chain. The database
 * computes it when it records a transfer (`ledger_canonical` in src/db/routines/10-ledger.sql);
 * `karvan audit verify` computes it again here, independently. docs/ledger.md specifies it.
 *
 * Each field, in this fixed order, is written as a netstring — `<byte length>:<UTF-8 text>,` —
 * or as `~` when it is null. Netstrings need no escaping, so no value can imitate a separator,
 * and the rule is easy to reimplement in any language.
 */
export const CANONICAL_FORMAT = 'karvan-transfer-v1';

/** The previous hash of the first transfer of every chain. */
export const GENESIS_HASH = Buffer.alloc(32);

export interface HashedTransfer {
  organisationId: string;
  chainSeq: number;
  id: string;
  operationId: string;
  kind: string;
  fromAccountId: string;
  toAccountId: string;
  itemId: string;
  lotId: string;
  quantityUnits: number;
  reason: string | null;
  userId: string;
  occurredAt: Date;
  recordedAt: Date;
  pledgeLineId: string | null;
  needLineId: string | null;
  consignmentId: string | null;
  distributionId: string | null;
  reversesTransferId: string | null;
}

function netstring(value: string | null): string {
  return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value},`;
}

/** Milliseconds in UTC, e.g. 2025-03-01T08:15:00.000Z; the database stores no finer time. */
export const canonicalTime = (t: Date): string => t.toISOString();

export function canonicalEncoding(t: HashedTransfer): Buffer {
  const fields = [
    CANONICAL_FORMAT,
    t.organisationId,
    String(t.chainSeq),
    t.id,
    t.operationId,
    t.kind,
    t.fromAccountId,
    t.toAccountId,
    t.itemId,
    t.lotId,
    String(t.quantityUnits),
    t.reason,
    t.userId,
    canonicalTime(t.occurredAt),
    canonicalTime(t.recordedAt),
    t.pledgeLineId,
    t.needLineId,
    t.consignmentId,
    t.distributionId,
    t.reversesTransferId,
  ];
  return Buffer.from(fields.map(netstring).join(''), 'utf8');
}

/** sha-256 of (previous hash ‖ canonical encoding): changing any transfer breaks every later link. */
export function chainHash(previousHash: Uint8Array, t: HashedTransfer): Buffer {
  return createHash('sha256').update(previousHash).update(canonicalEncoding(t)).digest();
}
