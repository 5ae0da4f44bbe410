import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalEncoding } from '../../src/domain/ledger/canonical.js';
import { DomainError } from '../../src/domain/errors.js';
import { newId } from '../../src/domain/ids.js';
import { holdingAccount, lossAccount } from '../../src/domain/ledger/accounts.js';
import type { OperationView } from '../../src/domain/ledger/views.js';
import { verifyLedger } from '../../src/services/audit/verify.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { handOverStock, moveStock } from '../../src/services/ledger/moves.js';
import { changeLotStatus } from '../../src/services/ledger/lots.js';
import { inTransaction } from '../../src/services/ledger/operations.js';
import { postTransfers } from '../../src/services/ledger/post.js';
import { reverseTransfers } from '../../src/services/ledger/reversals.js';
import { stockOnHand } from '../../src/services/ledger/stock.js';
import { toBuffer } from '../../src/services/ledger/sql.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { arbitraryTransfer } from '../helpers/arbitraries.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

let t: TestApp;
let w: World;
let s: StockWorld;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
});
afterAll(() => t.close());

const units = async (organisationId: string, locationId: string, lotId: string) => {
  const ctx = organisationId === w.sending.id ? s.sendingWarehouse : s.partnerWarehouse;
  const rows = await stockOnHand(ctx, organisationId, { locationId, lotId });
  return rows.reduce((sum, r) => sum + r.quantityUnits, 0);
};

const count = async (table: string) => (await t.store.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

async function intake(quantityUnits: number, lotCode = `L-${newId().slice(0, 8)}`): Promise<OperationView> {
  return receiveIntake(s.sendingWarehouse, w.sending.id, {
    id: newId(),
    locationId: s.sites.isfahanMain.id,
    source: 'donation',
    donor: { organisationId: w.partner.id },
    lines: [{ itemId: s.items.rice.id, lotCode, expiryDate: '2030-01-31', triage: 'urgent', quantityUnits }],
  });
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('posting', () => {
  it('receives, moves, hands over and reverses, keeping every unit accounted for', async () => {
    const received = await intake(100);
    const lotId = received.lots[0]!.id;
    expect(received.transfers[0]).toMatchObject({ fromAccountCode: `donation:org:${w.partner.id}`, quantityUnits: 100 });
    await moveStock(s.sendingWarehouse, w.sending.id, {
      id: newId(),
      fromLocationId: s.sites.isfahanMain.id,
      toLocationId: s.sites.isfahanAnnex.id,
      lines: [{ lotId, quantityUnits: 30 }],
    });
    const handover = await handOverStock(s.sendingWarehouse, w.sending.id, {
      id: newId(),
      fromLocationId: s.sites.isfahanAnnex.id,
      toLocationId: s.sites.deirMain.id,
      lines: [{ lotId, quantityUnits: 10 }],
    });
    expect(await units(w.sending.id, s.sites.isfahanMain.id, lotId)).toBe(70);
    expect(await units(w.sending.id, s.sites.isfahanAnnex.id, lotId)).toBe(20);
    expect(await units(w.partner.id, s.sites.deirMain.id, lotId)).toBe(10);
    const reversal = await reverseTransfers(s.sendingWarehouse, w.sending.id, { id: newId(), transferIds: [handover.transfers[0]!.id], reason: 'wrong truck' });
    expect(reversal.transfers[0]).toMatchObject({ kind: 'reversal', reversesTransferId: handover.transfers[0]!.id, reason: 'wrong truck' });
    expect(await units(w.partner.id, s.sites.deirMain.id, lotId)).toBe(0);
    expect(await units(w.sending.id, s.sites.isfahanAnnex.id, lotId)).toBe(30);
    expect((await verifyLedger(t.store.db)).ok).toBe(true);
  });

  it('hashes exactly what the TypeScript canonical encoding specifies', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryTransfer, async (transfer) => {
        const tr = { ...transfer, reason: transfer.reason?.replaceAll('\u0000', '') ?? null };
        const row = {
          organisation_id: tr.organisationId,
          chain_seq: tr.chainSeq,
          id: tr.id,
          operation_id: tr.operationId,
          kind: tr.kind,
          from_account_id: tr.fromAccountId,
          to_account_id: tr.toAccountId,
          item_id: tr.itemId,
          lot_id: tr.lotId,
          quantity_units: tr.quantityUnits,
          reason: tr.reason,
          user_id: tr.userId,
          occurred_at: tr.occurredAt.toISOString(),
          recorded_at: tr.recordedAt.toISOString(),
          pledge_line_id: tr.pledgeLineId,
          need_line_id: tr.needLineId,
          consignment_id: tr.consignmentId,
          distribution_id: tr.distributionId,
          reverses_transfer_id: tr.reversesTransferId,
        };
        const [sqlSide] = await t.store.query<{ c: Uint8Array }>(`select ledger_canonical(jsonb_populate_record(null::transfers, $1::jsonb)) as c`, [JSON.stringify(row)]);
        expect(toBuffer(sqlSide!.c).equals(canonicalEncoding(tr))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('links each transfer of an organisation to the one before, in one chain per organisation', async () => {
    await intake(5);
    const rows = await t.store.query<{ organisation_id: string; chain_seq: number; prev_hash: Uint8Array; hash: Uint8Array }>(
      'select organisation_id, chain_seq, prev_hash, hash from transfers order by organisation_id, chain_seq',
    );
    const byOrg = new Map<string, typeof rows>();
    for (const r of rows) byOrg.set(r.organisation_id, [...(byOrg.get(r.organisation_id) ?? []), r]);
    for (const chain of byOrg.values()) {
      chain.forEach((r, i) => {
        expect(r.chain_seq).toBe(i + 1);
        expect(toBuffer(r.prev_hash).equals(i === 0 ? Buffer.alloc(32) : toBuffer(chain[i - 1]!.hash))).toBe(true);
      });
    }
    const heads = await t.store.query<{ organisation_id: string; seq: number }>('select organisation_id, seq from ledger_chain_heads');
    for (const h of heads) expect(h.seq).toBe(byOrg.get(h.organisation_id)!.length);
  });
});

describe('idempotency', () => {
  it('returns the first result for the same operation id and request, and records nothing new', async () => {
    const input = {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'purchase' as const,
      lines: [{ itemId: s.items.soap.id, lotCode: 'SOAP-IDEM', expiryDate: null, triage: 'non-urgent' as const, quantityUnits: 12 }],
    };
    const first = await receiveIntake(s.sendingWarehouse, w.sending.id, input);
    const before = await count('transfers');
    const again = await receiveIntake(s.sendingWarehouse, w.sending.id, input);
    expect(again).toEqual(first);
    expect(await count('transfers')).toBe(before);
    expect(await units(w.sending.id, s.sites.isfahanMain.id, first.lots[0]!.id)).toBe(12);
  });

  it('refuses the same operation id with another request (409) and changes nothing', async () => {
    const id = newId();
    const input = { id, locationId: s.sites.isfahanMain.id, source: 'purchase' as const, lines: [{ itemId: s.items.soap.id, expiryDate: null, triage: 'urgent' as const, quantityUnits: 3 }] };
    await receiveIntake(s.sendingWarehouse, w.sending.id, input);
    const before = await count('transfers');
    const error = await rejection(receiveIntake(s.sendingWarehouse, w.sending.id, { ...input, lines: [{ ...input.lines[0]!, quantityUnits: 4 }] }));
    expect(error).toMatchObject({ status: 409, field: 'id' });
    expect(await count('transfers')).toBe(before);
  });

  it('at the level of single transfers: the same id and content is one transfer, other content is a 409', async () => {
    const received = await intake(10);
    const lot = received.lots[0]!;
    const line = {
      id: newId(),
      kind: 'adjustment' as const,
      from: holdingAccount(s.sites.isfahanMain.id, w.sending.id),
      to: lossAccount('damaged'),
      itemId: lot.itemId,
      lotId: lot.id,
      quantityUnits: 2,
      occurredAt: new Date('2025-01-01T10:00:00.123Z'),
    };
    const post = (l: typeof line) => inTransaction(t.store.db, (tx) => postTransfers(tx, s.sendingWarehouse.actor, { organisationId: w.sending.id, operationId: newId(), lines: [l] }));
    const [first] = await post(line);
    const [second] = await post(line);
    expect(second).toEqual(first);
    expect(await units(w.sending.id, s.sites.isfahanMain.id, lot.id)).toBe(8);
    const error = await rejection(post({ ...line, quantityUnits: 3 }));
    expect(error).toMatchObject({ status: 409 });
    expect(await units(w.sending.id, s.sites.isfahanMain.id, lot.id)).toBe(8);
  });
});

describe('invariants held by the database', () => {
  it('refuses to take a holding below zero, names the line, and writes nothing of the operation', async () => {
    const a = await intake(5);
    const b = await intake(5);
    const before = { transfers: await count('transfers'), operations: await count('stock_operations') };
    const error = await rejection(
      moveStock(s.sendingWarehouse, w.sending.id, {
        id: newId(),
        fromLocationId: s.sites.isfahanMain.id,
        toLocationId: s.sites.isfahanAnnex.id,
        lines: [
          { lotId: a.lots[0]!.id, quantityUnits: 5 },
          { lotId: b.lots[0]!.id, quantityUnits: 6 },
        ],
      }),
    );
    expect(error).toMatchObject({ status: 422, field: 'lines.1.quantityUnits' });
    expect(error.message).toMatch(/holds 5 units .* 6 are needed/);
    expect({ transfers: await count('transfers'), operations: await count('stock_operations') }).toEqual(before);
    expect(await units(w.sending.id, s.sites.isfahanMain.id, a.lots[0]!.id)).toBe(5);
  });

  it('refuses even a direct write that would take a holding below zero (CHECK constraint)', async () => {
    const a = await intake(5);
    await expect(t.store.query(`update account_balances set balance_units = -1 where lot_id = $1 and non_negative`, [a.lots[0]!.id])).rejects.toThrow(
      /account_balances_non_negative/,
    );
  });

  it('keeps the ledger append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const a = await intake(5);
    const id = a.transfers[0]!.id;
    await expect(t.store.query('update transfers set quantity_units = 6 where id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.store.query('delete from transfers where id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(t.store.query('truncate transfers cascade')).rejects.toThrow(/append-only/);
    await changeLotStatus(s.sendingWarehouse, w.sending.id, a.lots[0]!.id, { status: 'quarantined', reason: 'smell' });
    await expect(t.store.query('delete from lot_status_changes where lot_id = $1', [a.lots[0]!.id])).rejects.toThrow(/append-only/);
    expect((await t.store.query<{ q: number }>('select quantity_units as q from transfers where id = $1', [id]))[0]!.q).toBe(5);
  });

  it('keeps the accounts and lots the ledger names: no delete, no change of item, no change of account', async () => {
    const a = await intake(5);
    const lotId = a.lots[0]!.id;
    await expect(t.store.query('delete from lots where id = $1', [lotId])).rejects.toThrow(/named by the stock ledger/);
    await expect(t.store.query('update lots set item_id = $1 where id = $2', [s.items.soap.id, lotId])).rejects.toThrow(/named by the stock ledger/);
    await expect(t.store.query(`update lots set status = 'damaged' where id = $1`, [lotId])).resolves.toBeDefined();
    await expect(t.store.query(`update ledger_accounts set kind = 'sink' where id = $1`, [a.transfers[0]!.toAccountId])).rejects.toThrow(/named by the stock ledger/);
    await expect(t.store.query('delete from ledger_accounts where id = $1', [a.transfers[0]!.fromAccountId])).rejects.toThrow(/named by the stock ledger/);
  });

  it('refuses a posting that names a lot of another item, as a foreign key would', async () => {
    const a = await intake(5);
    const error = await rejection(
      inTransaction(t.store.db, (tx) =>
        postTransfers(tx, s.sendingWarehouse.actor, {
          organisationId: w.sending.id,
          operationId: newId(),
          fieldOf: () => 'lines.0.lotId',
          lines: [{ id: newId(), kind: 'move', from: holdingAccount(s.sites.isfahanMain.id, w.sending.id), to: lossAccount('lost'), itemId: s.items.soap.id, lotId: a.lots[0]!.id, quantityUnits: 1, occurredAt: new Date() }],
        }),
      ),
    );
    expect(error).toMatchObject({ status: 422, field: 'lines.0.lotId' });
  });

  it('reverses a transfer once, and only for the organisation that recorded it', async () => {
    const a = await intake(5);
    const transferIds = [a.transfers[0]!.id];
    const other = await rejection(reverseTransfers(s.partnerWarehouse, w.partner.id, { id: newId(), transferIds, reason: 'not ours' }));
    expect(other).toMatchObject({ status: 403, field: 'transferIds.0' });
    await reverseTransfers(s.sendingWarehouse, w.sending.id, { id: newId(), transferIds, reason: 'entered twice' });
    const twice = await rejection(reverseTransfers(s.sendingWarehouse, w.sending.id, { id: newId(), transferIds, reason: 'again' }));
    expect(twice).toMatchObject({ status: 409, field: 'transferIds.0' });
    expect(await units(w.sending.id, s.sites.isfahanMain.id, a.lots[0]!.id)).toBe(0);
  });
});
