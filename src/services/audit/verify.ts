import { sql } from 'drizzle-orm';
import { ChainWalker, type StoredTransfer } from '../../domain/ledger/chain.js';
import type { CheckpointPayload } from '../../domain/ledger/checkpoint.js';
import { Balances, compareBalances, parseBalanceKey } from '../../domain/ledger/replay.js';
import { isNonNegative, type AccountKind } from '../../domain/ledger/vocabulary.js';
import type { AuditReportView } from '../../domain/ledger/views.js';
import type { Database, Tx } from '../../db/client.js';
import { rowsOf, toBuffer, toDate } from '../ledger/sql.js';
import type { TransferRow } from '../ledger/post.js';

const PAGE_ROWS = 10_000;
// A report lists this many examples of each problem (and counts them all).
const EXAMPLES = 20;

/** A row of `transfers` as the chain walk reads it. */
export const storedTransfer = (r: TransferRow): StoredTransfer => ({
  seq: r.seq,
  organisationId: r.organisation_id,
  chainSeq: r.chain_seq,
  id: r.id,
  operationId: r.operation_id,
  kind: r.kind,
  fromAccountId: r.from_account_id,
  toAccountId: r.to_account_id,
  itemId: r.item_id,
  lotId: r.lot_id,
  quantityUnits: r.quantity_units,
  reason: r.reason,
  userId: r.user_id,
  occurredAt: toDate(r.occurred_at),
  recordedAt: toDate(r.recorded_at),
  pledgeLineId: r.pledge_line_id,
  needLineId: r.need_line_id,
  consignmentId: r.consignment_id,
  distributionId: r.distribution_id,
  reversesTransferId: r.reverses_transfer_id,
  prevHash: toBuffer(r.prev_hash),
  hash: toBuffer(r.hash),
});

/**
 * Checks the ledger from scratch, trusting nothing the database computed: recomputes every
 * chain link in TypeScript, replays every transfer into empty balances and compares them with
 * the balances table, checks conservation and non-negativity, and, given a checkpoint, that each
 * chain still passes through the signed hash. Runs in one read-only snapshot, so writers may
 * carry on meanwhile.
 */
export async function verifyLedger(db: Database, options: { checkpoint?: CheckpointPayload; now?: Date } = {}): Promise<AuditReportView> {
  return db.transaction((tx) => verifyIn(tx, options), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

export async function verifyIn(tx: Tx, { checkpoint, now = new Date() }: { checkpoint?: CheckpointPayload; now?: Date }): Promise<AuditReportView> {
  const walkers = new Map<string, ChainWalker>();
  const replayed = new Balances();
  const checkpointHashes = new Map(checkpoint?.chains.map((c) => [`${c.organisationId}|${c.seq}`, c.hash]) ?? []);
  const checkpointSeen = new Map<string, string>();
  let count = 0;
  let after: { organisationId: string; chainSeq: number } | null = null;
  for (;;) {
    const page: TransferRow[] = await rowsOf<TransferRow>(
      tx,
      sql`select * from transfers
          ${after ? sql`where (organisation_id, chain_seq) > (${after.organisationId}::uuid, ${after.chainSeq})` : sql``}
          order by organisation_id, chain_seq
          limit ${PAGE_ROWS}`,
    );
    for (const row of page) {
      const t = storedTransfer(row);
      let walker = walkers.get(t.organisationId);
      if (!walker) walkers.set(t.organisationId, (walker = new ChainWalker(t.organisationId)));
      walker.add(t);
      replayed.apply(t);
      const key = `${t.organisationId}|${t.chainSeq}`;
      if (checkpointHashes.has(key)) checkpointSeen.set(key, t.hash.toString('hex'));
      count += 1;
    }
    if (page.length < PAGE_ROWS) break;
    const last = page[page.length - 1]!;
    after = { organisationId: last.organisation_id, chainSeq: last.chain_seq };
  }

  const heads = new Map(
    (await rowsOf<{ organisation_id: string; seq: number; hash: Uint8Array }>(tx, sql`select organisation_id, seq, hash from ledger_chain_heads`)).map(
      (h) => [h.organisation_id, { seq: h.seq, hash: toBuffer(h.hash).toString('hex') }],
    ),
  );
  const chains = [...new Set([...walkers.keys(), ...heads.keys()])].sort().map((organisationId) => {
    const walker = walkers.get(organisationId) ?? new ChainWalker(organisationId);
    const head = heads.get(organisationId);
    const headHash = walker.headHash.toString('hex');
    return {
      organisationId,
      transfers: walker.length,
      headSeq: walker.headSeq,
      headHash,
      headMatches: head !== undefined && head.seq === walker.headSeq && head.hash === headHash,
      firstBroken: walker.firstBroken,
    };
  });
  const broken = chains.flatMap((c) => (c.firstBroken ? [c.firstBroken] : [])).sort((a, b) => a.seq - b.seq);

  const table = new Balances();
  const balanceRows = await rowsOf<{ account_id: string; item_id: string; lot_id: string; balance_units: number }>(
    tx,
    sql`select account_id, item_id, lot_id, balance_units from account_balances`,
  );
  for (const b of balanceRows) table.add({ accountId: b.account_id, itemId: b.item_id, lotId: b.lot_id }, b.balance_units);
  const differences = compareBalances(table, replayed);

  const kinds = new Map(
    (await rowsOf<{ id: string; kind: AccountKind }>(tx, sql`select id, kind from ledger_accounts`)).map((a) => [a.id, a.kind]),
  );
  const negative = [...replayed.units]
    .filter(([key, units]) => units < 0 && isNonNegative(kinds.get(parseBalanceKey(key).accountId) ?? 'holding'))
    .map(([key, units]) => ({ ...parseBalanceKey(key), units }));
  const unconserved = replayed.unconservedLots();

  const checkpointReport = checkpoint
    ? {
        createdAt: checkpoint.createdAt,
        problems: checkpoint.chains.flatMap((c) => {
          const found = checkpointSeen.get(`${c.organisationId}|${c.seq}`);
          if (c.seq === 0) return [];
          if (found === undefined) return [{ organisationId: c.organisationId, seq: c.seq, problem: 'the transfer the checkpoint signed is missing' }];
          if (found !== c.hash) return [{ organisationId: c.organisationId, seq: c.seq, problem: 'the chain no longer passes through the signed hash: history before the checkpoint was rewritten' }];
          return [];
        }),
      }
    : null;

  const report: AuditReportView = {
    ok: false,
    checkedAt: now.toISOString(),
    transfers: count,
    firstBrokenTransferId: broken[0]?.transferId ?? null,
    chains,
    balances: { ok: differences.length === 0, differenceCount: differences.length, differences: differences.slice(0, EXAMPLES) },
    conservation: { ok: unconserved.length === 0, violations: unconserved.slice(0, EXAMPLES) },
    nonNegative: { ok: negative.length === 0, violations: negative.slice(0, EXAMPLES) },
    checkpoint: checkpointReport && { ...checkpointReport, ok: checkpointReport.problems.length === 0 },
  };
  report.ok =
    broken.length === 0 &&
    chains.every((c) => c.headMatches) &&
    report.balances.ok &&
    report.conservation.ok &&
    report.nonNegative.ok &&
    (report.checkpoint?.ok ?? true);
  return report;
}
