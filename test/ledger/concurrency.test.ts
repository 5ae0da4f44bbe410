import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { newId } from '../../src/domain/ids.js';
import { holdingAccount, transitAccount } from '../../src/domain/ledger/accounts.js';
import { verifyLedger } from '../../src/services/audit/verify.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { handOverStock } from '../../src/services/ledger/moves.js';
import { inTransaction } from '../../src/services/ledger/operations.js';
import { postTransfers } from '../../src/services/ledger/post.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { testBackend } from '../helpers/backend.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

/**
 * Many writers at once. On PostgreSQL they run in parallel on a pool of connections; on PGlite
 * (one connection) the same test runs with the transactions queued one after another.
 */
let t: TestApp;
let w: World;
let s: StockWorld;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
});
afterAll(() => t.close());

const PARALLEL = 60;

async function settle<T>(runs: Promise<T>[]) {
  const results = await Promise.allSettled(runs);
  for (const r of results) {
    // Only refusals are acceptable failures: anything else (a deadlock, a 500) fails the test.
    if (r.status === 'rejected' && !(r.reason instanceof DomainError && r.reason.status === 422)) throw r.reason;
  }
  return results;
}

describe(`concurrent dispatches of one lot (${testBackend()})`, () => {
  it('never overdraw it, and each dispatch is all or nothing', async () => {
    const received = await receiveIntake(s.sendingWarehouse, w.sending.id, {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'donation',
      donor: { anonymous: true },
      lines: [
        { itemId: s.items.rice.id, lotCode: 'SCARCE', expiryDate: '2031-01-01', triage: 'urgent', quantityUnits: 100 },
        { itemId: s.items.oil.id, lotCode: 'PLENTY', expiryDate: '2031-01-01', triage: 'urgent', quantityUnits: 10_000 },
      ],
    });
    const [scarce, plenty] = received.lots;
    const holding = holdingAccount(s.sites.isfahanMain.id, w.sending.id);
    const consignments = Array.from({ length: PARALLEL }, () => newId());

    // What the pipeline's dispatch does: in its own transaction, post the lines into transit.
    const results = await settle(
      consignments.map((consignmentId) =>
        inTransaction(t.store.db, (tx) =>
          postTransfers(tx, s.sendingWarehouse.actor, {
            organisationId: w.sending.id,
            operationId: consignmentId,
            lines: [
              { id: newId(), kind: 'handover', from: holding, to: transitAccount(consignmentId, w.sending.id), itemId: scarce!.itemId, lotId: scarce!.id, quantityUnits: 3, occurredAt: new Date(), consignmentId },
              { id: newId(), kind: 'handover', from: holding, to: transitAccount(consignmentId, w.sending.id), itemId: plenty!.itemId, lotId: plenty!.id, quantityUnits: 7, occurredAt: new Date(), consignmentId },
            ],
          }),
        ),
      ),
    );
    const dispatched = results.filter((r) => r.status === 'fulfilled').length;
    expect(dispatched).toBe(Math.floor(100 / 3));

    const balance = async (accountId: string, lotId: string) =>
      (await t.store.query<{ u: number }>('select balance_units as u from account_balances where account_id = $1 and lot_id = $2', [accountId, lotId]))[0]?.u ?? 0;
    expect(await balance(holding.id, scarce!.id)).toBe(100 - 3 * dispatched);
    expect(await balance(holding.id, plenty!.id)).toBe(10_000 - 7 * dispatched);
    for (const consignmentId of consignments) {
      const transit = transitAccount(consignmentId, w.sending.id).id;
      const pair = [await balance(transit, scarce!.id), await balance(transit, plenty!.id)];
      expect([[0, 0], [3, 7]]).toContainEqual(pair);
      const lines = await t.store.query('select id from transfers where operation_id = $1', [consignmentId]);
      expect(lines.length === 0 || lines.length === 2).toBe(true);
    }
    expect((await verifyLedger(t.store.db)).ok).toBe(true);
  });

  it('record one operation when the same request is sent many times at once', async () => {
    const input = {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'purchase' as const,
      lines: [{ itemId: s.items.soap.id, lotCode: 'RETRY-STORM', expiryDate: null, triage: 'urgent' as const, quantityUnits: 5 }],
    };
    const results = await settle(Array.from({ length: 20 }, () => receiveIntake(s.sendingWarehouse, w.sending.id, input)));
    const answers = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(answers.every((a) => a !== null && a.transfers[0]!.id === answers[0]!.transfers[0]!.id)).toBe(true);
    const rows = await t.store.query('select id from transfers where operation_id = $1', [input.id]);
    expect(rows).toHaveLength(1);
  });

  it('let two organisations hand one lot back and forth at the same time without deadlock or loss', async () => {
    const received = await receiveIntake(s.sendingWarehouse, w.sending.id, {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'purchase',
      lines: [{ itemId: s.items.rice.id, lotCode: 'BACK-AND-FORTH', expiryDate: null, triage: 'urgent', quantityUnits: 40 }],
    });
    const lotId = received.lots[0]!.id;
    const aSite = s.sites.isfahanMain.id;
    const bSite = s.sites.deirMain.id;
    await handOverStock(s.sendingWarehouse, w.sending.id, { id: newId(), fromLocationId: aSite, toLocationId: bSite, lines: [{ lotId, quantityUnits: 20 }] });
    // Both organisations' postings lock the same two balance rows, one debiting what the other credits.
    const aToB = Array.from({ length: 20 }, () =>
      handOverStock(s.sendingWarehouse, w.sending.id, { id: newId(), fromLocationId: aSite, toLocationId: bSite, lines: [{ lotId, quantityUnits: 3 }] }),
    );
    const bToA = Array.from({ length: 20 }, () =>
      handOverStock(s.partnerWarehouse, w.partner.id, { id: newId(), fromLocationId: bSite, toLocationId: aSite, lines: [{ lotId, quantityUnits: 3 }] }),
    );
    const results = await settle([...aToB, ...bToA]);
    const given = results.slice(0, 20).filter((r) => r.status === 'fulfilled').length;
    const givenBack = results.slice(20).filter((r) => r.status === 'fulfilled').length;
    const held = async (site: string, org: string) =>
      (await t.store.query<{ u: number }>('select balance_units as u from account_balances where account_id = $1 and lot_id = $2', [holdingAccount(site, org).id, lotId]))[0]!.u;
    expect(await held(aSite, w.sending.id)).toBe(20 - 3 * given + 3 * givenBack);
    expect(await held(bSite, w.partner.id)).toBe(20 + 3 * given - 3 * givenBack);
    expect((await verifyLedger(t.store.db)).ok).toBe(true);
  });
});
