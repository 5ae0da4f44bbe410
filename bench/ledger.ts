import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { newId } from '../src/domain/ids.js';
import { holdingAccount, lossAccount, purchaseAccount, type AccountSpec } from '../src/domain/ledger/accounts.js';
import type { Actor } from '../src/domain/access.js';
import type { Queryable, Store } from '../src/db/client.js';
import { openScratch } from './scratch-store.js';
import { migrate } from '../src/db/migrate.js';
import { memberships } from '../src/db/schema/index.js';
import { verifyLedger } from '../src/services/audit/verify.js';
import { createItem } from '../src/services/catalogue.js';
import { operator, type Ctx } from '../src/services/context.js';
import { receiveIntake } from '../src/services/ledger/intake.js';
import { moveStock } from '../src/services/ledger/moves.js';
import { inTransaction } from '../src/services/ledger/operations.js';
import { importTransfers, postTransfers, type TransferLine } from '../src/services/ledger/post.js';
import { stockOnHand } from '../src/services/ledger/stock.js';
import { createLocation } from '../src/services/locations.js';
import { createOrganisation } from '../src/services/organisations.js';
import { insertUser } from '../src/services/users.js';
import { referenceLocationId } from '../src/db/reference-locations.js';
import { plainItem } from '../test/helpers/stock.js';

/**
 * The stock ledger's speed, on PGlite (default) or on the PostgreSQL server named by
 * DATABASE_URL (in a scratch database created for the run and dropped after it):
 *   1. the database's own rate of single-row INSERTs, one per transaction, into a copy of the
 *      transfers table (and, for reference, into a table with a primary key only);
 *   2. transfers per second through the service layer, one per transaction: postTransfers, the
 *      function every stock use case posts with (one statement: one round trip), postTransfers
 *      inside BEGIN … COMMIT, and a whole use case (moveStock: claim the operation id, check the
 *      sites and the lot, post);
 *   3. transfers per second of a batched import (1,000 per transaction through importTransfers,
 *      one worker per organisation: on PostgreSQL they run in parallel, on PGlite in turn);
 *   4. p50/p99 latency of a stock-on-hand lookup (site × item) once the ledger holds the target.
 * Options: --transfers N (default 1,000,000), --max-import-s S (default 900), --skip-verify.
 */
interface Options {
  transfers: number;
  maxImportSeconds: number;
  verify: boolean;
}

function parse(args: string[]): Options {
  const options: Options = { transfers: 1_000_000, maxImportSeconds: 900, verify: true };
  for (let i = 0; i < args.length; i++) {
    const value = Number(args[i + 1]);
    if (args[i] === '--transfers' && Number.isInteger(value) && value > 0) {
      options.transfers = value;
      i++;
    } else if (args[i] === '--max-import-s' && value > 0) {
      options.maxImportSeconds = value;
      i++;
    } else if (args[i] === '--skip-verify') {
      options.verify = false;
    } else {
      throw new Error(`unknown option ${args[i]}; use --transfers N, --max-import-s S, --skip-verify`);
    }
  }
  return options;
}

const log = (message: string) => console.log(`[bench ledger] ${message}`);
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;


interface World {
  ctx: Ctx;
  organisations: string[];
  sites: { id: string; organisationId: string; holding: AccountSpec }[];
  items: string[];
  lots: { id: string; itemId: string }[];
}

const SITES_PER_ORGANISATION = 20;
const ITEMS = 20;
const LOTS_PER_ITEM = 5;

async function seed(store: Store): Promise<World> {
  const admin: Ctx = { db: store.db, actor: operator };
  const organisations = [];
  for (const name of ['Isfahan Relief Circle', 'Deir al-Balah Community Kitchen']) {
    organisations.push((await createOrganisation(admin, { kind: 'sending', names: { en: name }, country: 'IR', contacts: [] })).id);
  }
  const userId = await insertUser(store.db, { email: `bench-${newId()}@karvan.test`, displayName: 'Bench', password: 'bench password 1' });
  for (const organisationId of organisations) await store.db.insert(memberships).values({ userId, organisationId, role: 'warehouse' });
  const actor: Actor = { userId, isInstanceAdmin: false, memberships: organisations.map((organisationId) => ({ organisationId, organisationKind: 'sending' as const, role: 'warehouse' as const })), via: 'cli' };
  const sites = [];
  for (const organisationId of organisations) {
    for (let i = 0; i < SITES_PER_ORGANISATION; i++) {
      const site = await createLocation(admin, { level: 'site', siteKind: 'warehouse', parentId: referenceLocationId('IR-10'), names: { en: `Bench site ${i}` }, organisationId });
      sites.push({ id: site.id, organisationId, holding: holdingAccount(site.id, organisationId) });
    }
  }
  const items = [];
  for (let i = 0; i < ITEMS; i++) {
    const item = await createItem(admin, plainItem(`BENCH-${i}`, `Bench item ${i}`));
    items.push(item.id);
  }
  const ctx: Ctx = { db: store.db, actor };
  const lots = [];
  const intake = await receiveIntake(ctx, organisations[0]!, {
    id: newId(),
    locationId: sites[0]!.id,
    source: 'purchase',
    lines: items.flatMap((itemId, i) =>
      Array.from({ length: LOTS_PER_ITEM }, (_, j) => ({ itemId, lotCode: `B${i}-${j}`, expiryDate: `20${30 + j}-01-31`, triage: 'urgent' as const, quantityUnits: 1_000_000 })),
    ),
  });
  for (const l of intake.lots) lots.push({ id: l.id, itemId: l.itemId });
  return { ctx, organisations, sites, items, lots };
}

/**
 * The database's own speed at what the ledger does per transfer, minus everything the ledger adds:
 * one row shaped like a transfer, into a table with the same columns, constraints and indexes as
 * `transfers` (`like transfers including all`: no triggers, no routine, no balances, no chain),
 * or (`bare`) into a table with a primary key only; one row per transaction.
 */
async function rawInserts(store: Store, table: 'bench_raw' | 'bench_bare', n: number, from: number): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const now = new Date().toISOString();
    await store.query(
      `insert into ${table} (id, organisation_id, chain_seq, operation_id, kind, from_account_id, to_account_id, item_id, lot_id,
         quantity_units, reason, user_id, occurred_at, recorded_at, prev_hash, hash)
       values ($1, $2, $3, $4, 'move', $5, $6, $7, $8, 1, null, $9, $10, $10, $11, $11)`,
      [newId(), newId(), i + 1, newId(), newId(), newId(), newId(), newId(), newId(), now, Buffer.alloc(32, i % 256)],
    );
  }
}

/** Moves of one unit back and forth between two sites through the use case, one per transaction. */
async function serviceMoves(w: World, n: number, from: number): Promise<void> {
  const [a, b] = w.sites as [World['sites'][0], World['sites'][0]];
  const lot = w.lots[0]!;
  for (let i = from; i < from + n; i++) {
    const [source, destination] = i % 2 === 0 ? [a, b] : [b, a];
    await moveStock(w.ctx, w.organisations[0]!, { id: newId(), fromLocationId: source.id, toLocationId: destination.id, lines: [{ lotId: lot.id, quantityUnits: 1 }] });
  }
}

/**
 * The same through postTransfers, the service-layer function every use case posts with: one
 * statement, which PostgreSQL runs as a transaction of its own (`autocommit`), or inside an
 * explicit transaction as the pipeline's use cases will (`in-transaction`: BEGIN and COMMIT
 * are two more round trips).
 */
async function singlePostings(w: World, n: number, from: number, mode: 'autocommit' | 'in-transaction'): Promise<void> {
  const [a, b] = w.sites as [World['sites'][0], World['sites'][0]];
  const lot = w.lots[1]!;
  for (let i = from; i < from + n; i++) {
    const [source, destination] = i % 2 === 0 ? [a, b] : [b, a];
    const post = (db: Queryable) =>
      postTransfers(db, w.ctx.actor, {
        organisationId: w.organisations[0]!,
        operationId: newId(),
        lines: [{ id: newId(), kind: 'move', from: source.holding, to: destination.holding, itemId: lot.itemId, lotId: lot.id, quantityUnits: 1, occurredAt: new Date() }],
      });
    await (mode === 'autocommit' ? post(w.ctx.db) : inTransaction(w.ctx.db, post));
  }
}

// The disk's speed at flushing commits varies with what else the machine does: the single-row
// measures take turns in short rounds, so each sees the same conditions.
const ROUNDS = 10;

async function singleRowRates(store: Store, w: World, n: number) {
  await store.query('create table bench_raw (like transfers including all)');
  await store.query(`create table bench_bare (id uuid primary key, organisation_id uuid, chain_seq int8, operation_id uuid, kind transfer_kind,
    from_account_id uuid, to_account_id uuid, item_id uuid, lot_id uuid, quantity_units int8, reason text, user_id uuid,
    occurred_at timestamptz, recorded_at timestamptz, prev_hash bytea, hash bytea)`);
  const ms = { bare: 0, raw: 0, useCase: 0, post: 0, postInTransaction: 0 };
  const per = Math.ceil(n / ROUNDS);
  const timed = async (key: keyof typeof ms, run: () => Promise<void>) => {
    const started = performance.now();
    await run();
    ms[key] += performance.now() - started;
  };
  for (let round = 0; round < ROUNDS; round++) {
    await timed('bare', () => rawInserts(store, 'bench_bare', per, round * per));
    await timed('raw', () => rawInserts(store, 'bench_raw', per, round * per));
    await timed('useCase', () => serviceMoves(w, per, round * per));
    await timed('post', () => singlePostings(w, per, round * per, 'autocommit'));
    await timed('postInTransaction', () => singlePostings(w, per, round * per, 'in-transaction'));
  }
  await store.query('drop table bench_raw');
  await store.query('drop table bench_bare');
  const total = per * ROUNDS;
  return {
    bare: perSecond(total, ms.bare),
    raw: perSecond(total, ms.raw),
    useCase: perSecond(total, ms.useCase),
    post: perSecond(total, ms.post),
    postInTransaction: perSecond(total, ms.postInTransaction),
  };
}

const BATCH = 1000;

/**
 * An import of history, one worker per organisation in parallel (their chains are separate, so
 * they do not wait for each other): intakes into random sites, moves between the organisation's
 * sites and write-offs, each only when the books allow it (tracked here), so no batch is refused.
 */
async function batchedImport(store: Store, w: World, target: number, maxSeconds: number): Promise<{ transfers: number; ms: number }> {
  const existing = (await store.query<{ n: number }>('select count(*)::int8 as n from transfers'))[0]!.n;
  let recorded = existing;
  let reported = existing;
  let stopped = false;
  const started = performance.now();

  async function worker(organisationId: string, seed: number): Promise<void> {
    const held = new Map<string, number>();
    let random = seed;
    const next = (n: number) => ((random = (random * 1_103_515_245 + 12_345) % 2_147_483_648), random % n);
    const sites = w.sites.filter((s) => s.organisationId === organisationId);
    while (!stopped && recorded < target) {
      const size = Math.min(BATCH, target - recorded);
      recorded += size; // claimed before the await, so the workers together stop at the target
      const lines: TransferLine[] = [];
      for (let i = 0; i < size; i++) {
        const lot = w.lots[next(w.lots.length)]!;
        const site = sites[next(sites.length)]!;
        const key = `${site.id}|${lot.id}`;
        const have = held.get(key) ?? 0;
        const dice = next(10);
        let from: AccountSpec = purchaseAccount();
        let to: AccountSpec = site.holding;
        let quantityUnits = 1 + next(50);
        if (dice >= 6 && have > 0) {
          quantityUnits = 1 + next(have);
          from = site.holding;
          const other = sites[next(sites.length)]!;
          const writeOff = dice === 9 || other.id === site.id;
          to = writeOff ? lossAccount('damaged') : other.holding;
          held.set(key, have - quantityUnits);
          if (!writeOff) held.set(`${other.id}|${lot.id}`, (held.get(`${other.id}|${lot.id}`) ?? 0) + quantityUnits);
        } else {
          held.set(key, have + quantityUnits);
        }
        lines.push({ id: newId(), kind: 'import', from, to, itemId: lot.itemId, lotId: lot.id, quantityUnits, occurredAt: new Date() });
      }
      await inTransaction(store.db, (tx) => importTransfers(tx, w.ctx.actor, { organisationId, operationId: newId(), lines }));
      const ms = performance.now() - started;
      if (recorded - reported >= 50_000) {
        reported = recorded;
        log(`import: ${recorded.toLocaleString('en')} transfers in the ledger, ${perSecond(recorded - existing, ms)}/s`);
      }
      if (ms > maxSeconds * 1000 && !stopped) {
        stopped = true;
        log(`import: stopped after ${maxSeconds} s (--max-import-s) at ${recorded.toLocaleString('en')} transfers, short of ${target.toLocaleString('en')}`);
      }
    }
  }

  await Promise.all(w.organisations.map((organisationId, i) => worker(organisationId, 42 + i)));
  return { transfers: recorded - existing, ms: performance.now() - started };
}

async function lookups(w: World, n: number): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n + 100; i++) {
    const site = w.sites[i % w.sites.length]!;
    const itemId = w.items[(i * 7) % w.items.length]!;
    const started = performance.now();
    await stockOnHand(w.ctx, site.organisationId, { locationId: site.id, itemId });
    if (i >= 100) times.push(performance.now() - started); // the first hundred warm the caches
  }
  times.sort((x, y) => x - y);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function run(args: string[]): Promise<void> {
  const options = parse(args);
  const { store, backend, cleanup } = await openScratch();
  try {
    log(`backend ${backend}, ${os.cpus().length} CPU cores, target ${options.transfers.toLocaleString('en')} transfers`);
    await migrate(store);
    const w = await seed(store);
    const singles = backend === 'postgres' ? 5000 : 3000;

    const rates = await singleRowRates(store, w, singles);
    const raw = rates.raw;
    const service = rates.post;
    log(`raw single-row INSERT, one per transaction, primary key only: ${rates.bare}/s`);
    log(`raw single-row INSERT, one per transaction, into a copy of the transfers table (same indexes): ${raw}/s`);
    log(`service layer, postTransfers, one transfer per transaction (one statement): ${service}/s, ratio ${(service / raw).toFixed(2)}`);
    log(`service layer, postTransfers inside BEGIN … COMMIT: ${rates.postInTransaction}/s`);
    log(`use case moveStock (claim the operation id, check sites and lot, post), one per transaction: ${rates.useCase}/s`);

    const imported = await batchedImport(store, w, options.transfers, options.maxImportSeconds);
    const importPerSecond = perSecond(imported.transfers, imported.ms);
    log(`batched import (${BATCH} per transaction, one worker per organisation): ${imported.transfers.toLocaleString('en')} transfers in ${(imported.ms / 1000).toFixed(1)} s, ${importPerSecond}/s`);
    await store.query('analyze');
    const total = (await store.query<{ n: number }>('select count(*)::int8 as n from transfers'))[0]!.n;

    const latency = await lookups(w, 2000);
    log(`stock-on-hand lookup (site × item) at ${total.toLocaleString('en')} transfers: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`);

    let verifySeconds: number | null = null;
    if (options.verify) {
      const started = performance.now();
      const report = await verifyLedger(store.db);
      verifySeconds = Number(((performance.now() - started) / 1000).toFixed(1));
      log(`audit verify of ${report.transfers.toLocaleString('en')} transfers: ${report.ok ? 'ok' : 'NOT OK'} in ${verifySeconds} s`);
      if (!report.ok) process.exitCode = 1;
    }

    console.log(
      JSON.stringify({
        backend,
        raw_insert_per_s: raw,
        raw_bare_insert_per_s: rates.bare,
        transfer_per_s: service,
        ratio: Number((service / raw).toFixed(2)),
        post_in_transaction_per_s: rates.postInTransaction,
        use_case_per_s: rates.useCase,
        import_per_s: importPerSecond,
        import_s: Number((imported.ms / 1000).toFixed(1)),
        balance_p50_ms: Number(latency.p50.toFixed(2)),
        balance_p99_ms: Number(latency.p99.toFixed(2)),
        transfers: total,
        target_transfers: options.transfers,
        verify_s: verifySeconds,
      }),
    );
  } finally {
    await cleanup();
  }
}

await run(process.argv.slice(3));
