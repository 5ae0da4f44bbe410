import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../domain/access.js';
import { assert, conflict, ruleViolated } from '../../domain/errors.js';
import type { AccountSpec } from '../../domain/ledger/accounts.js';
import type { TransferKind } from '../../domain/ledger/vocabulary.js';
import type { TransferView } from '../../domain/ledger/views.js';
import type { Queryable } from '../../db/client.js';
import { pgErrorOf, rowsOf, toBuffer, toDate } from './sql.js';

/** One line of a posting: move `quantityUnits` of one lot from one account to another. */
export interface TransferLine {
  /** Chosen by the caller and stable across retries (e.g. derived from the operation id). */
  id: string;
  kind: TransferKind;
  from: AccountSpec;
  to: AccountSpec;
  itemId: string;
  lotId: string;
  quantityUnits: number;
  reason?: string | null;
  occurredAt: Date;
  pledgeLineId?: string | null;
  needLineId?: string | null;
  consignmentId?: string | null;
  distributionId?: string | null;
  reversesTransferId?: string | null;
  /**
   * The operation this line belongs to when one posting carries the lines of many operations (a
   * bulk import, e.g. a thousand distribution records in one call); omitted, the posting's.
   */
  operationId?: string;
}

export interface Posting {
  /** Whose chain records the transfers: the organisation on whose behalf the actor acts. */
  organisationId: string;
  operationId: string;
  lines: readonly TransferLine[];
  /** The input field to blame when line `index` cannot be posted (e.g. `lines.2.quantityUnits`). */
  fieldOf?: (index: number) => string;
}

/** A row of `transfers` as the database returns it. */
export interface TransferRow {
  id: string;
  seq: number;
  organisation_id: string;
  chain_seq: number;
  operation_id: string;
  kind: TransferKind;
  from_account_id: string;
  to_account_id: string;
  item_id: string;
  lot_id: string;
  quantity_units: number;
  reason: string | null;
  user_id: string;
  occurred_at: Date | string;
  recorded_at: Date | string;
  pledge_line_id: string | null;
  need_line_id: string | null;
  consignment_id: string | null;
  distribution_id: string | null;
  reverses_transfer_id: string | null;
  prev_hash: Uint8Array;
  hash: Uint8Array;
}

export function transferView(r: TransferRow, codeOf: (accountId: string) => string): TransferView {
  return {
    id: r.id,
    seq: r.seq,
    organisationId: r.organisation_id,
    chainSeq: r.chain_seq,
    operationId: r.operation_id,
    kind: r.kind,
    fromAccountId: r.from_account_id,
    fromAccountCode: codeOf(r.from_account_id),
    toAccountId: r.to_account_id,
    toAccountCode: codeOf(r.to_account_id),
    itemId: r.item_id,
    lotId: r.lot_id,
    quantityUnits: r.quantity_units,
    reason: r.reason,
    userId: r.user_id,
    occurredAt: toDate(r.occurred_at).toISOString(),
    recordedAt: toDate(r.recorded_at).toISOString(),
    pledgeLineId: r.pledge_line_id,
    needLineId: r.need_line_id,
    consignmentId: r.consignment_id,
    distributionId: r.distribution_id,
    reversesTransferId: r.reverses_transfer_id,
    hash: toBuffer(r.hash).toString('hex'),
  };
}

/** The accounts and lines of a posting as `ledger_post` takes them, after the checks every posting passes. */
function postingJson(posting: Posting) {
  const ids = new Set<string>();
  for (const line of posting.lines) {
    assert(Number.isSafeInteger(line.quantityUnits) && line.quantityUnits > 0, `transfer ${line.id}: quantity must be a positive whole number`);
    assert(line.from.id !== line.to.id, `transfer ${line.id}: from and to are the same account`);
    assert(!ids.has(line.id), `transfer ${line.id} appears twice in one posting`);
    ids.add(line.id);
  }
  // ledger_post creates the accounts that are new: their ids follow from their codes.
  const accounts = [...new Map(posting.lines.flatMap((l) => [l.from, l.to]).map((a) => [a.id, a])).values()].map((a) => ({
    id: a.id,
    code: a.code,
    kind: a.kind,
    organisation_id: a.organisationId,
    location_id: a.locationId,
    consignment_id: a.consignmentId,
  }));
  const lines = posting.lines.map((l) => ({
    id: l.id,
    kind: l.kind,
    from_account_id: l.from.id,
    to_account_id: l.to.id,
    item_id: l.itemId,
    lot_id: l.lotId,
    quantity_units: l.quantityUnits,
    reason: l.reason ?? null,
    occurred_at: l.occurredAt.toISOString(),
    pledge_line_id: l.pledgeLineId ?? null,
    need_line_id: l.needLineId ?? null,
    consignment_id: l.consignmentId ?? null,
    distribution_id: l.distributionId ?? null,
    reverses_transfer_id: l.reversesTransferId ?? null,
    operation_id: l.operationId ?? null,
  }));
  return { accounts, lines };
}

/** The call of `ledger_post` for a posting; the caller chooses what to select from it. */
function ledgerPost(actor: Actor, posting: Posting, select: SQL): SQL {
  const { accounts, lines } = postingJson(posting);
  return sql`select ${select} from ledger_post(${posting.organisationId}::uuid, ${actor.userId}::uuid, ${posting.operationId}::uuid,
    ${JSON.stringify(accounts)}::jsonb, ${JSON.stringify(lines)}::jsonb)`;
}

/**
 * Posts the transfers of one operation inside the caller's transaction: every use case that
 * moves stock (here, and the pipeline's dispatch, receipt and distribution) goes through it.
 * The database routine `ledger_post` does the work in one round trip and enforces the rules
 * (chain, idempotency, no holding or transit balance below zero); this function turns its
 * refusals into errors that name the field at fault.
 */
export async function postTransfers(db: Queryable, actor: Actor, posting: Posting): Promise<TransferView[]> {
  if (posting.lines.length === 0) return [];
  let rows: TransferRow[];
  try {
    rows = await rowsOf<TransferRow>(db, ledgerPost(actor, posting, sql`*`));
  } catch (error) {
    throw refusal(error, posting);
  }
  const codes = new Map(posting.lines.flatMap((l) => [[l.from.id, l.from.code] as const, [l.to.id, l.to.code] as const]));
  const order = new Map(posting.lines.map((l, i) => [l.id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((r) => transferView(r, (id) => codes.get(id)!));
}

/**
 * The same for a bulk import of many transfers (e.g. the history of a warehouse kept on paper
 * or in another system): returns only how many were recorded, sparing the round trip of rows.
 */
export async function importTransfers(db: Queryable, actor: Actor, posting: Posting): Promise<number> {
  if (posting.lines.length === 0) return 0;
  try {
    const [row] = await rowsOf<{ n: number }>(db, ledgerPost(actor, posting, sql`count(*)::int8 as n`));
    return row!.n;
  } catch (error) {
    throw refusal(error, posting);
  }
}

/** Turns the database's refusal of a posting into a DomainError; anything else is a bug. */
function refusal(error: unknown, posting: Posting): unknown {
  const pg = pgErrorOf(error);
  if (!pg) return error;
  const field = (index: number) => (index >= 0 && posting.fieldOf ? posting.fieldOf(index) : undefined);
  if (pg.code === 'KV001') {
    const short = JSON.parse(pg.detail ?? '{}') as { accountId?: string; lotId?: string; availableUnits?: number; neededUnits?: number };
    const index = posting.lines.findIndex((l) => l.from.id === short.accountId && l.lotId === short.lotId);
    const account = posting.lines[index]?.from.code ?? short.accountId;
    return ruleViolated(
      field(index),
      `not enough stock: ${account} holds ${short.availableUnits} units of lot ${short.lotId}, ${short.neededUnits} are needed`,
    );
  }
  if (pg.code === 'KV002') {
    const { transferId } = JSON.parse(pg.detail ?? '{}') as { transferId?: string };
    return conflict(`transfer ${transferId} was recorded already with other content; use a new id`, field(posting.lines.findIndex((l) => l.id === transferId)) ?? 'id');
  }
  if (pg.code === 'KV003') {
    const { transferId } = JSON.parse(pg.detail ?? '{}') as { transferId?: string };
    return ruleViolated(field(posting.lines.findIndex((l) => l.id === transferId)), pg.message);
  }
  if (pg.code === '23505' && pg.constraint === 'transfers_reverses_unique') {
    return conflict('one of these transfers has been reversed already', 'transferIds');
  }
  if (pg.code === '23505' && pg.constraint === 'transfers_pkey') {
    return conflict('a transfer with this id was recorded by another organisation; use a new id', 'id');
  }
  if (pg.code === '23514' && pg.constraint === 'account_balances_non_negative') {
    return ruleViolated(undefined, 'not enough stock for this operation');
  }
  return error;
}
