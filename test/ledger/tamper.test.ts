import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { verifyCheckpoint } from '../../src/domain/ledger/checkpoint.js';
import { openPglite } from '../../src/db/client.js';
import { createCheckpoint } from '../../src/services/audit/checkpoints.js';
import { ensureAuditKey } from '../../src/services/audit/keys.js';
import { verifyLedger } from '../../src/services/audit/verify.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { handOverStock, moveStock } from '../../src/services/ledger/moves.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { serverUrl, testBackend, testDatabaseUrl } from '../helpers/backend.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

let t: TestApp;
let w: World;
let s: StockWorld;
let secretsDir: string;
let transferIds: string[];
beforeEach(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
  secretsDir = mkdtempSync(path.join(os.tmpdir(), 'karvan-secrets-'));
  await ensureAuditKey(t.store, secretsDir);
  const received = await receiveIntake(s.sendingWarehouse, w.sending.id, {
    id: newId(),
    locationId: s.sites.isfahanMain.id,
    source: 'donation',
    donor: { anonymous: true },
    lines: [{ itemId: s.items.rice.id, lotCode: 'TAMPER', expiryDate: '2031-01-01', triage: 'urgent', quantityUnits: 100 }],
  });
  const lotId = received.lots[0]!.id;
  const moved = await moveStock(s.sendingWarehouse, w.sending.id, {
    id: newId(),
    fromLocationId: s.sites.isfahanMain.id,
    toLocationId: s.sites.isfahanAnnex.id,
    lines: [{ lotId, quantityUnits: 40 }],
  });
  const given = await handOverStock(s.sendingWarehouse, w.sending.id, {
    id: newId(),
    fromLocationId: s.sites.isfahanAnnex.id,
    toLocationId: s.sites.deirMain.id,
    lines: [{ lotId, quantityUnits: 25 }],
  });
  transferIds = [received.transfers[0]!.id, moved.transfers[0]!.id, given.transfers[0]!.id];
});
afterEach(async () => {
  await t.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

/** As a database superuser, with the append-only trigger switched off for this transaction. */
async function behindTheBack(statements: string[]): Promise<void> {
  await t.store.db.transaction(async (tx) => {
    await tx.execute(sql.raw('set local session_replication_role = replica'));
    for (const statement of statements) await tx.execute(sql.raw(statement));
  });
}

/** `karvan audit verify` in its own process, on a copy of (PGlite) or on (PostgreSQL) this database. */
async function cliVerify(): Promise<{ code: number; stdout: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KARVAN_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  let dataDir: string | undefined;
  if (testBackend() === 'postgres') {
    const [{ name }] = (await t.store.query<{ name: string }>('select current_database() as name')) as [{ name: string }];
    env.DATABASE_URL = serverUrl(testDatabaseUrl()!, name);
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'karvan-cli-'));
    const client = (t.store as unknown as { client: { dumpDataDir(c: 'none'): Promise<Blob> } }).client;
    const copy = await openPglite({ dataDir, loadDataDir: await client.dumpDataDir('none') });
    await copy.close();
    env.KARVAN_DATA_DIR = dataDir;
  }
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/karvan.js', 'audit', 'verify'], { cwd: repo, env });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('tamper evidence', () => {
  it('names the one transfer changed behind the application’s back, from the API and from `karvan audit verify`', async () => {
    expect((await verifyLedger(t.store.db)).ok).toBe(true);
    const changed = transferIds[1]!;
    await behindTheBack([`update transfers set quantity_units = 10 where id = '${changed}'`]);

    const report = await verifyLedger(t.store.db);
    expect(report.ok).toBe(false);
    expect(report.firstBrokenTransferId).toBe(changed);
    expect(report.chains.find((c) => c.organisationId === w.sending.id)!.firstBroken).toMatchObject({ transferId: changed, problem: 'hash does not match the content' });
    expect(report.balances.ok).toBe(false); // the stored balances still say 40 moved

    const cli = await cliVerify();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(new RegExp(`FIRST TRANSFER THAT DOES NOT MATCH: ${changed}`));
    expect(cli.stdout).toMatch(/NOT OK/);
  }, 60_000);

  it('finds a deleted transfer by the gap it leaves', async () => {
    await behindTheBack([`delete from transfers where id = '${transferIds[1]}'`]);
    const report = await verifyLedger(t.store.db);
    expect(report.firstBrokenTransferId).toBe(transferIds[2]);
    expect(report.chains.find((c) => c.organisationId === w.sending.id)!.firstBroken!.problem).toBe('sequence has a gap');
  });

  it('catches even a rewrite that recomputes every later hash and the balances, with a signed checkpoint', async () => {
    const created = await createCheckpoint(t.store.db, secretsDir);
    expect(created.signed).not.toBeNull();
    const checkpoint = verifyCheckpoint(created.signed, (await ensureAuditKey(t.store, secretsDir)).key.publicKeyPem);
    expect(checkpoint.ok).toBe(true);

    // A careful forger: changes the move (keeping every balance non-negative, which the CHECK would
    // refuse), rebuilds the chain after it, the head and the balances.
    await behindTheBack([
      `update transfers set quantity_units = 30 where id = '${transferIds[1]}'`,
      `do $$
       declare r transfers; prev bytea := decode(repeat('00', 32), 'hex'); h bytea;
       begin
         for r in select * from transfers where organisation_id = '${w.sending.id}' order by chain_seq loop
           h := sha256(prev || ledger_canonical(r));
           update transfers set prev_hash = prev, hash = h where id = r.id;
           prev := h;
         end loop;
         update ledger_chain_heads set hash = prev where organisation_id = '${w.sending.id}';
       end $$`,
      `delete from account_balances`,
      `insert into account_balances (account_id, item_id, lot_id, balance_units, non_negative)
       select x.account_id, x.item_id, x.lot_id, sum(x.delta), bool_or(a.kind in ('holding', 'transit'))
       from (select from_account_id as account_id, item_id, lot_id, -quantity_units as delta from transfers
             union all select to_account_id, item_id, lot_id, quantity_units from transfers) x
       join ledger_accounts a on a.id = x.account_id
       group by x.account_id, x.item_id, x.lot_id`,
    ]);

    expect((await verifyLedger(t.store.db)).ok).toBe(true); // without a checkpoint, the forgery holds together
    const report = await verifyLedger(t.store.db, { checkpoint: checkpoint.ok ? checkpoint.payload : undefined });
    expect(report.ok).toBe(false);
    expect(report.checkpoint).toMatchObject({ ok: false, problems: [{ organisationId: w.sending.id, seq: 3 }] });
  });
});
