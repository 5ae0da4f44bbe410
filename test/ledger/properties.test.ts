import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { newId } from '../../src/domain/ids.js';
import { holdingAccount } from '../../src/domain/ledger/accounts.js';
import { ChainWalker } from '../../src/domain/ledger/chain.js';
import { countReasons, type CountReason } from '../../src/domain/ledger/vocabulary.js';
import type { TransferView } from '../../src/domain/ledger/views.js';
import type { Ctx } from '../../src/services/context.js';
import { storedTransfer, verifyLedger } from '../../src/services/audit/verify.js';
import { closeStockCount, openStockCount, recordCountLines } from '../../src/services/ledger/counts.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { assembleKits } from '../../src/services/ledger/kits.js';
import { changeLotStatus } from '../../src/services/ledger/lots.js';
import { handOverStock, moveStock } from '../../src/services/ledger/moves.js';
import { reverseTransfers } from '../../src/services/ledger/reversals.js';
import { transferView, type TransferRow } from '../../src/services/ledger/post.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { testBackend } from '../helpers/backend.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

/**
 * Random sequences of stock operations, each checked against a small model of what the shelves
 * should hold: every operation succeeds exactly when the model says it may, and then changes the
 * shelves exactly as the model does; a refused operation changes nothing. After every sequence
 * the database must conserve every lot, hold no negative balance, and extend each hash chain
 * with valid links; at the end, replaying the ledger into empty balances gives the table.
 *
 * Each sequence works on lots of its own (new lot codes), so sequences do not disturb each other
 * and all of them share one database, which keeps a thousand sequences fast.
 */
const SEQUENCES = testBackend() === 'pglite' ? 1000 : 300;

type Site = 'aMain' | 'aAnnex' | 'bMain';
const sites: Site[] = ['aMain', 'aAnnex', 'bMain'];

type Op =
  | { op: 'intake'; site: 'aMain' | 'bMain'; item: 'rice' | 'oil' | 'soap'; quantityUnits: number; unusable: boolean }
  | { op: 'move'; lot: number; quantityUnits: number; toAnnex: boolean }
  | { op: 'handover'; lot: number; quantityUnits: number; fromA: boolean }
  | { op: 'count'; lot: number; deltaUnits: number; reason: CountReason }
  | { op: 'reverse'; transfer: number }
  | { op: 'kits'; kits: number }
  | { op: 'status'; lot: number; quarantine: boolean };

const quantity = fc.integer({ min: 1, max: 40 });
const index = fc.nat(20);
const operation: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('intake' as const), site: fc.constantFrom('aMain' as const, 'bMain' as const), item: fc.constantFrom('rice' as const, 'oil' as const, 'soap' as const), quantityUnits: quantity, unusable: fc.nat(9).map((n) => n === 0) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), lot: index, quantityUnits: quantity, toAnnex: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('handover' as const), lot: index, quantityUnits: quantity, fromA: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('count' as const), lot: index, deltaUnits: fc.integer({ min: -8, max: 8 }), reason: fc.constantFrom(...countReasons) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reverse' as const), transfer: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('kits' as const), kits: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('status' as const), lot: index, quarantine: fc.boolean() }) },
);

let t: TestApp;
let w: World;
let s: StockWorld;
let siteId: Record<Site, string>;
let siteOfAccount: Map<string, Site>;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
  siteId = { aMain: s.sites.isfahanMain.id, aAnnex: s.sites.isfahanAnnex.id, bMain: s.sites.deirMain.id };
  siteOfAccount = new Map(sites.map((k) => [holdingAccount(siteId[k], k === 'bMain' ? w.partner.id : w.sending.id).id, k]));
});
afterAll(() => t.close());

interface LotState {
  id: string;
  item: 'rice' | 'oil' | 'soap' | 'parcel';
  quarantined: boolean;
}

/** What the shelves should hold: units per site and lot, for the lots of one sequence. */
class Model {
  readonly units = new Map<string, number>();
  readonly lots: LotState[] = [];
  readonly transfers: { id: string; organisationId: string; from: string; to: string; lotId: string; quantityUnits: number; reversed: boolean }[] = [];
  get = (site: Site, lotId: string) => this.units.get(`${site}|${lotId}`) ?? 0;
  add = (site: Site, lotId: string, d: number) => this.units.set(`${site}|${lotId}`, this.get(site, lotId) + d);
  lot = (i: number) => this.lots[i % this.lots.length];
  record(transfers: readonly TransferView[]) {
    for (const tr of transfers) {
      this.transfers.push({ id: tr.id, organisationId: tr.organisationId, from: tr.fromAccountId, to: tr.toAccountId, lotId: tr.lotId, quantityUnits: tr.quantityUnits, reversed: false });
    }
  }
}

/** Runs one operation; a refusal (4xx) is an answer, anything else a failure of the test. */
async function outcome<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) return { ok: false };
    throw error;
  }
}

const ctxOf = (site: Site): { ctx: Ctx; org: string } =>
  site === 'bMain' ? { ctx: s.partnerWarehouse, org: w.partner.id } : { ctx: s.sendingWarehouse, org: w.sending.id };

async function apply(m: Model, op: Op): Promise<void> {
  const expectOutcome = (ok: boolean, expected: boolean, what: string) => expect(ok, `${what}: ${JSON.stringify(op)}`).toBe(expected);

  if (op.op === 'intake') {
    const { ctx, org } = ctxOf(op.site);
    const itemId = s.items[op.item].id;
    const r = await outcome(() =>
      receiveIntake(ctx, org, {
        id: newId(),
        locationId: siteId[op.site],
        source: 'donation',
        donor: { anonymous: true },
        lines: [{ itemId, lotCode: `P-${newId()}`, expiryDate: '2031-12-31', triage: op.unusable ? 'unusable' : 'urgent', quantityUnits: op.quantityUnits }],
      }),
    );
    expectOutcome(r.ok, true, 'intake');
    if (!r.ok) return;
    const lotId = r.value.lots[0]!.id;
    m.lots.push({ id: lotId, item: op.item, quarantined: false });
    if (!op.unusable) m.add(op.site, lotId, op.quantityUnits);
    m.record(r.value.transfers);
    return;
  }
  if (op.op === 'kits') {
    // Components named explicitly, from this sequence's lots, so the model knows what is used.
    const picks: { itemId: string; lotId: string; quantityUnits: number }[] = [];
    let coverable = true;
    for (const [item, perKit] of [['rice', 2], ['oil', 1]] as const) {
      let need = perKit * op.kits;
      for (const lot of m.lots.filter((l) => l.item === item && !l.quarantined)) {
        const take = Math.min(need, m.get('aMain', lot.id));
        if (take > 0) picks.push({ itemId: s.items[item].id, lotId: lot.id, quantityUnits: take });
        need -= take;
      }
      if (need > 0) {
        const any = m.lots.find((l) => l.item === item);
        if (!any) return; // nothing of this component in the sequence yet: no request to make
        coverable = false;
        const existing = picks.find((p) => p.lotId === any.id);
        if (existing) existing.quantityUnits += need;
        else picks.push({ itemId: s.items[item].id, lotId: any.id, quantityUnits: need });
      }
    }
    const r = await outcome(() => assembleKits(s.sendingWarehouse, w.sending.id, { id: newId(), locationId: siteId.aMain, kitItemId: s.items.parcel.id, kits: op.kits, components: picks }));
    const pickedQuarantined = picks.some((p) => m.lots.find((l) => l.id === p.lotId)!.quarantined);
    expectOutcome(r.ok, coverable && !pickedQuarantined, 'kit assembly');
    if (!r.ok) return;
    for (const p of picks) m.add('aMain', p.lotId, -p.quantityUnits);
    const kitLot = r.value.transfers[r.value.transfers.length - 1]!.lotId;
    m.lots.push({ id: kitLot, item: 'parcel', quarantined: false });
    m.add('aMain', kitLot, op.kits);
    m.record(r.value.transfers);
    return;
  }
  if (op.op === 'reverse') {
    if (m.transfers.length === 0) return;
    const tr = m.transfers[op.transfer % m.transfers.length]!;
    const source = siteOfAccount.get(tr.to);
    const expected = !tr.reversed && (source === undefined || m.get(source, tr.lotId) >= tr.quantityUnits);
    const ctx = tr.organisationId === w.partner.id ? s.partnerWarehouse : s.sendingWarehouse;
    const r = await outcome(() => reverseTransfers(ctx, tr.organisationId, { id: newId(), transferIds: [tr.id], reason: 'property test' }));
    expectOutcome(r.ok, expected, 'reversal');
    if (!r.ok) return;
    tr.reversed = true;
    const destination = siteOfAccount.get(tr.from);
    if (source) m.add(source, tr.lotId, -tr.quantityUnits);
    if (destination) m.add(destination, tr.lotId, tr.quantityUnits);
    m.record(r.value.transfers);
    return;
  }
  if (m.lots.length === 0) return;
  const lot = m.lot(op.lot)!;

  if (op.op === 'move') {
    const [from, to]: [Site, Site] = op.toAnnex ? ['aMain', 'aAnnex'] : ['aAnnex', 'aMain'];
    const r = await outcome(() => moveStock(s.sendingWarehouse, w.sending.id, { id: newId(), fromLocationId: siteId[from], toLocationId: siteId[to], lines: [{ lotId: lot.id, quantityUnits: op.quantityUnits }] }));
    expectOutcome(r.ok, m.get(from, lot.id) >= op.quantityUnits, 'move');
    if (!r.ok) return;
    m.add(from, lot.id, -op.quantityUnits);
    m.add(to, lot.id, op.quantityUnits);
    m.record(r.value.transfers);
  } else if (op.op === 'handover') {
    const [from, to]: [Site, Site] = op.fromA ? ['aMain', 'bMain'] : ['bMain', 'aMain'];
    const { ctx, org } = ctxOf(from);
    const r = await outcome(() => handOverStock(ctx, org, { id: newId(), fromLocationId: siteId[from], toLocationId: siteId[to], lines: [{ lotId: lot.id, quantityUnits: op.quantityUnits }] }));
    expectOutcome(r.ok, !lot.quarantined && m.get(from, lot.id) >= op.quantityUnits, 'hand-over');
    if (!r.ok) return;
    m.add(from, lot.id, -op.quantityUnits);
    m.add(to, lot.id, op.quantityUnits);
    m.record(r.value.transfers);
  } else if (op.op === 'count') {
    const booked = m.get('aMain', lot.id);
    const counted = Math.max(0, booked + op.deltaUnits);
    const countId = newId();
    await openStockCount(s.sendingWarehouse, w.sending.id, { id: countId, locationId: siteId.aMain });
    await recordCountLines(s.sendingWarehouse, w.sending.id, countId, { lines: [{ lotId: lot.id, countedUnits: counted, reason: op.reason }] });
    const r = await outcome(() => closeStockCount(s.sendingWarehouse, w.sending.id, countId, { id: newId() }));
    const fits = counted === booked || (counted < booked ? op.reason !== 'found' : ['found', 'data-entry-error', 'other'].includes(op.reason));
    expectOutcome(r.ok, fits, 'count');
    if (!r.ok) return;
    m.add('aMain', lot.id, counted - booked);
    const adjustments = r.value.lines.flatMap((l) => (l.adjustmentTransferId ? [l.adjustmentTransferId] : []));
    const rows = await t.store.query<TransferRow>('select * from transfers where id = any($1::uuid[])', [adjustments]);
    m.record(rows.map((row) => transferView(row, () => '')));
  } else {
    const holds = m.get('aMain', lot.id) + m.get('aAnnex', lot.id) > 0;
    const r = await outcome(() => changeLotStatus(s.sendingWarehouse, w.sending.id, lot.id, { status: op.quarantine ? 'quarantined' : 'available', reason: 'property test' }));
    expectOutcome(r.ok, holds, 'lot status');
    if (r.ok) lot.quarantined = op.quarantine;
  }
}

/** The shelves of this sequence's lots as the balances table has them. */
async function shelves(m: Model): Promise<Map<string, number>> {
  const rows = await t.store.query<{ account_id: string; lot_id: string; units: number }>(
    `select b.account_id, b.lot_id, b.balance_units as units from account_balances b where b.lot_id = any($1::uuid[]) and b.non_negative and b.balance_units <> 0`,
    [m.lots.map((l) => l.id)],
  );
  return new Map(rows.map((r) => [`${siteOfAccount.get(r.account_id)}|${r.lot_id}`, r.units]));
}

const modelShelves = (m: Model) => new Map([...m.units].filter(([, units]) => units !== 0));

const walkers = new Map<string, ChainWalker>();
let lastSeq = 0;

/** Extends each organisation's chain walk with the transfers recorded since the last check. */
async function checkNewLinks(): Promise<void> {
  const rows = await t.store.query<TransferRow>('select * from transfers where seq > $1 order by seq', [lastSeq]);
  for (const r of rows) {
    const stored = storedTransfer(r);
    let walker = walkers.get(stored.organisationId);
    if (!walker) walkers.set(stored.organisationId, (walker = new ChainWalker(stored.organisationId)));
    walker.add(stored);
    expect(walker.firstBroken).toBeNull();
    lastSeq = r.seq;
  }
}

describe('random sequences of stock operations', () => {
  it(`keep the shelves as the model says, conserve every lot, stay non-negative and chain validly (${SEQUENCES} sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 7 }), async (ops) => {
        const m = new Model();
        for (const op of ops) {
          await apply(m, op);
          expect(await shelves(m)).toEqual(modelShelves(m));
        }
        const [negative] = await t.store.query<{ n: number }>('select count(*)::int as n from account_balances where non_negative and balance_units < 0');
        expect(negative!.n).toBe(0);
        if (m.lots.length) {
          const unconserved = await t.store.query(
            'select lot_id, sum(balance_units) from account_balances where lot_id = any($1::uuid[]) group by lot_id having sum(balance_units) <> 0',
            [m.lots.map((l) => l.id)],
          );
          expect(unconserved).toEqual([]);
        }
        await checkNewLinks();
      }),
      { numRuns: SEQUENCES },
    );
    // A thousand sequences take ~40 s on a quiet 2-core machine; a loaded one may need several times that.
  }, 300_000);

  it('replaying the whole ledger into empty balances gives the balances table exactly', async () => {
    const differences = await t.store.query(`
      with replayed as (
        select account_id, item_id, lot_id, sum(delta) as units from (
          select from_account_id as account_id, item_id, lot_id, -quantity_units as delta from transfers
          union all
          select to_account_id, item_id, lot_id, quantity_units from transfers) x
        group by account_id, item_id, lot_id)
      select * from replayed r full join account_balances b using (account_id, item_id, lot_id)
      where coalesce(r.units, 0) <> coalesce(b.balance_units, 0)`);
    expect(differences).toEqual([]);
    const report = await verifyLedger(t.store.db);
    expect(report).toMatchObject({ ok: true, firstBrokenTransferId: null, balances: { ok: true }, conservation: { ok: true }, nonNegative: { ok: true } });
    expect(report.transfers).toBeGreaterThan(SEQUENCES);
  });
});
