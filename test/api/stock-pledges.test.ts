import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import type { OperationView } from '../../src/domain/ledger/views.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { daysFromToday } from '../helpers/pipeline.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

/** Intakes that honour pledges: what the donor promised, and what arrived, as the pledge sees it. */
let t: TestApp;
let w: World;
let s: StockWorld;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
});
afterAll(() => t.close());

interface PledgeLine {
  id: string;
  kind: string;
  receivedUnits: number | null;
  unusableUnits: number | null;
}

async function pledge(donor: object, lines: object[], org = w.sending.id) {
  const res = await w.people.sending.coordinator.call('POST', `/api/organisations/${org}/pledges`, { donor, expectedOn: daysFromToday(3), lines });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string; lines: PledgeLine[] };
}

const intake = (body: object) => w.people.sending.warehouse.call('POST', `/api/organisations/${w.sending.id}/stock/intakes`, { id: newId(), locationId: s.sites.isfahanMain.id, ...body });
const pledgeNow = async (id: string) => (await w.people.sending.monitor.call('GET', `/api/pledges/${id}`)).json() as { status: string; lines: PledgeLine[] };

describe('intakes against pledges', () => {
  it('count what arrived, usable or not, on the pledge line, net of reversals', async () => {
    const p = await pledge({ kind: 'anonymous' }, [{ kind: 'goods', itemId: s.items.rice.id, quantityUnits: 10 }]);
    const line = p.lines[0]!;
    const res = await intake({
      source: 'donation',
      donor: { anonymous: true },
      lines: [
        { itemId: s.items.rice.id, lotCode: 'PL-1', expiryDate: '2031-01-01', triage: 'urgent', quantityUnits: 6, pledgeLineId: line.id },
        { itemId: s.items.rice.id, lotCode: 'PL-1', expiryDate: '2031-01-01', triage: 'unusable', quantityUnits: 2, pledgeLineId: line.id },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const op = res.json<OperationView>();
    expect(op.transfers.map((tr) => tr.pledgeLineId)).toEqual([line.id, line.id]);
    expect(op.lots[0]!.pledgeLineId).toBe(line.id);
    let now = await pledgeNow(p.id);
    expect(now.lines[0]).toMatchObject({ receivedUnits: 8, unusableUnits: 2 });
    expect(now.status).toBe('partially_received');

    const undo = await w.people.sending.warehouse.call('POST', `/api/organisations/${w.sending.id}/stock/reversals`, {
      id: newId(),
      transferIds: [op.transfers[1]!.id],
      reason: 'the crate was fine after all: entered again below',
    });
    expect(undo.statusCode, undo.body).toBe(200);
    now = await pledgeNow(p.id);
    expect(now.lines[0]).toMatchObject({ receivedUnits: 6, unusableUnits: 0 });

    await intake({ source: 'donation', donor: { anonymous: true }, lines: [{ itemId: s.items.rice.id, lotCode: 'PL-1', expiryDate: '2031-01-01', triage: 'urgent', quantityUnits: 4, pledgeLineId: line.id }] });
    expect((await pledgeNow(p.id)).status).toBe('received');
  });

  it('refuse a line that does not fit the pledge, naming it, and write nothing', async () => {
    const byDonor = await pledge({ kind: 'organisation', organisationId: w.partner.id }, [
      { kind: 'goods', itemId: s.items.oil.id, quantityUnits: 5 },
      { kind: 'cash', currency: 'EUR', amountMinor: 1000 },
    ]);
    const [goods, cash] = byDonor.lines as [PledgeLine, PledgeLine];
    const line = (extra: object) => ({ itemId: s.items.oil.id, lotCode: 'PL-X', expiryDate: null, triage: 'urgent', quantityUnits: 1, ...extra });
    const cases: [object, number, string, RegExp][] = [
      [{ source: 'donation', donor: { organisationId: w.partner.id }, lines: [line({ pledgeLineId: newId() })] }, 404, 'lines.0.pledgeLineId', /pledge line not found/],
      [{ source: 'donation', donor: { organisationId: w.partner.id }, lines: [line({ pledgeLineId: cash.id })] }, 422, 'lines.0.pledgeLineId', /cash/],
      [{ source: 'donation', donor: { organisationId: w.partner.id }, lines: [line({ pledgeLineId: goods.id, itemId: s.items.rice.id })] }, 422, 'lines.0.pledgeLineId', /another item/],
      [{ source: 'donation', donor: { anonymous: true }, lines: [line({ pledgeLineId: goods.id })] }, 422, 'lines.0.pledgeLineId', /donor/],
      [{ source: 'purchase', lines: [line({ pledgeLineId: goods.id })] }, 400, 'body.lines.0.pledgeLineId', /honours no pledge/],
    ];
    for (const [body, status, field, message] of cases) {
      const before = (await t.store.query<{ n: number }>('select count(*)::int as n from transfers'))[0]!.n;
      const res = await intake(body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.field).toBe(field);
      expect(res.json().error.message).toMatch(message);
      expect((await t.store.query<{ n: number }>('select count(*)::int as n from transfers'))[0]!.n).toBe(before);
    }
    const cancelled = await pledge({ kind: 'anonymous' }, [{ kind: 'goods', itemId: s.items.oil.id, quantityUnits: 5 }]);
    await w.people.sending.coordinator.call('POST', `/api/pledges/${cancelled.id}/cancel`, { reason: 'donor withdrew' });
    const late = await intake({ source: 'donation', donor: { anonymous: true }, lines: [line({ pledgeLineId: cancelled.lines[0]!.id })] });
    expect([late.statusCode, late.json().error.message]).toEqual([422, 'this pledge was cancelled']);
  });
});
