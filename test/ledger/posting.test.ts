import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { handOverStock, moveStock } from '../../src/services/ledger/moves.js';
import { reverseTransfers } from '../../src/services/ledger/reversals.js';
import { stockOnHand } from '../../src/services/ledger/stock.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
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

describe('posting', () => {
  it('receives, moves, hands over and reverses, keeping every unit accounted for', async () => {
    const intake = await receiveIntake(s.sendingWarehouse, w.sending.id, {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'donation',
      donor: { anonymous: true },
      lines: [{ itemId: s.items.rice.id, lotCode: 'R-1', expiryDate: '2030-01-31', triage: 'urgent', quantityUnits: 100 }],
    });
    const lotId = intake.lots[0]!.id;
    expect(intake.transfers[0]).toMatchObject({ fromAccountCode: 'donation:anonymous', quantityUnits: 100, chainSeq: 1 });
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
    await reverseTransfers(s.sendingWarehouse, w.sending.id, { id: newId(), transferIds: [handover.transfers[0]!.id], reason: 'wrong truck' });
    expect(await units(w.partner.id, s.sites.deirMain.id, lotId)).toBe(0);
    expect(await units(w.sending.id, s.sites.isfahanAnnex.id, lotId)).toBe(30);
  });
});
