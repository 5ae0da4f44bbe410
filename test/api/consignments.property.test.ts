import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { newId } from '../../src/domain/ids.js';
import type { ConsignmentView } from '../../src/domain/consignments/views.js';
import { createDraftConsignment } from '../../src/services/consignments/create.js';
import {
  cancelConsignment,
  closeConsignment,
  dispatchConsignment,
  inspectConsignment,
  packConsignment,
  receiveConsignment,
  recordConsignmentEvent,
} from '../../src/services/consignments/journey.js';
import { getConsignment } from '../../src/services/consignments/view.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { consignmentFixtures, type ConsignmentFixtures } from '../helpers/consignments.js';
import { daysFromToday } from '../helpers/pipeline.js';

/**
 * Random sequences of consignment operations — valid or not, in any order — never break the
 * ledger: for every lot, what the holding, transit and loss accounts hold together stays what
 * came in; no transit account goes below zero; a closed consignment holds nothing in transit; a
 * refused operation changes no balance; and each consignment's view agrees with its account.
 */
let t: TestApp;
let w: World;
let f: ConsignmentFixtures;
const lotsIn = new Map<string, number>();

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  f = await consignmentFixtures(t, w);
  for (const [item, units, expiry] of [
    [f.items.rice, 100_000, daysFromToday(90)],
    [f.items.rice, 100_000, daysFromToday(400)],
    [f.items.oil, 100_000, null],
  ] as const) {
    lotsIn.set(await f.stock(item, units, expiry), units);
  }
});
afterAll(() => t.close());

type Op =
  | { kind: 'create'; lines: { oil: boolean; units: number }[] }
  | { kind: 'pack'; c: number; unit: 'parcel' | 'box' | 'pallet' }
  | { kind: 'dispatch' | 'close' | 'cancel' | 'under_review' | 'departed' | 'collected'; c: number }
  | { kind: 'arrived' | 'offloaded'; c: number; where: 'hub' | 'crossing' }
  | { kind: 'inspect'; c: number; line: number; units: number; toHold: boolean }
  | { kind: 'receive'; c: number; split: number[]; miscount: boolean };

const target = fc.nat({ max: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), lines: fc.array(fc.record({ oil: fc.boolean(), units: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('pack' as const), c: target, unit: fc.constantFrom('parcel' as const, 'box' as const, 'pallet' as const) }),
  fc.record({ kind: fc.constantFrom('dispatch' as const, 'close' as const, 'cancel' as const, 'under_review' as const, 'departed' as const, 'collected' as const), c: target }),
  fc.record({ kind: fc.constantFrom('arrived' as const, 'offloaded' as const), c: target, where: fc.constantFrom('hub' as const, 'crossing' as const) }),
  fc.record({ kind: fc.constant('inspect' as const), c: target, line: fc.nat({ max: 4 }), units: fc.integer({ min: 0, max: 50 }), toHold: fc.boolean() }),
  fc.record({ kind: fc.constant('receive' as const), c: target, split: fc.array(fc.nat({ max: 1000 }), { minLength: 6, maxLength: 6 }), miscount: fc.boolean() }),
);

interface Balance {
  code: string;
  kind: string;
  lot_id: string;
  units: string;
}
const lotIds = () => [...lotsIn.keys()];
const balances = () =>
  t.store.query<Balance>(
    `select a.code, a.kind::text, b.lot_id, b.balance_units::text as units from account_balances b join ledger_accounts a on a.id = b.account_id
      where b.lot_id = any($1::uuid[]) order by a.code, b.lot_id`,
    [lotIds()],
  );

async function checkInvariants(views: readonly ConsignmentView[]) {
  const rows = await balances();
  for (const [lotId, units] of lotsIn) {
    const held = rows.filter((r) => r.lot_id === lotId && ['holding', 'transit', 'sink'].includes(r.kind)).reduce((s, r) => s + Number(r.units), 0);
    expect(held, `lot ${lotId}: holding + transit + loss`).toBe(units);
    expect(rows.filter((r) => r.lot_id === lotId).reduce((s, r) => s + Number(r.units), 0)).toBe(0);
  }
  for (const r of rows) if (r.kind === 'transit') expect(Number(r.units), r.code).toBeGreaterThanOrEqual(0);
  for (const v of views) {
    const transit = rows.filter((r) => r.code === `transit:${v.id}`).reduce((s, r) => s + Number(r.units), 0);
    expect(v.inTransitUnits).toBe(transit);
    if (v.status === 'closed') expect(transit).toBe(0);
    if (v.status === 'draft' || v.status === 'packed' || v.status === 'cancelled') expect(transit).toBe(0);
  }
}

async function run(ops: Op[], ids: string[]) {
  const org = w.sending.id;
  const partner = w.partner.id;
  const ctx = f.ctx;
  const at = (c: number) => ids[c % Math.max(1, ids.length)];
  for (const o of ops) {
    const id = o.kind === 'create' ? undefined : at(o.c);
    if (o.kind !== 'create' && !id) continue;
    const before = await balances();
    try {
      switch (o.kind) {
        case 'create': {
          const c = await createDraftConsignment(ctx, org, f.draftBody(o.lines.map((l) => ({ itemId: l.oil ? f.items.oil : f.items.rice, quantityUnits: l.units }))));
          ids.push(c.id);
          break;
        }
        case 'pack':
          await packConsignment(ctx, org, id!, { id: newId(), kind: o.unit });
          break;
        case 'dispatch':
          await dispatchConsignment(ctx, org, id!, { id: newId() });
          break;
        case 'close':
          await closeConsignment(ctx, org, id!, { id: newId() });
          break;
        case 'cancel':
          await cancelConsignment(ctx, org, id!, { id: newId(), reason: 'random' });
          break;
        case 'under_review':
        case 'departed':
          await recordConsignmentEvent(ctx, org, id!, { id: newId(), kind: o.kind });
          break;
        case 'collected':
          await recordConsignmentEvent(ctx, partner, id!, { id: newId(), kind: 'collected' });
          break;
        case 'arrived':
        case 'offloaded':
          await recordConsignmentEvent(ctx, org, id!, { id: newId(), kind: o.kind, locationId: f.places[o.where] });
          break;
        case 'inspect': {
          const v = await getConsignment(ctx, org, id!);
          const line = v.lines[o.line % v.lines.length]!;
          const here = [...v.events].reverse().find((e) => e.kind === 'arrived')?.locationId ?? f.places.hub;
          await inspectConsignment(ctx, org, id!, {
            id: newId(),
            locationId: here,
            lines: [o.units === 0 ? { lineId: line.id, outcome: 'cleared' } : { lineId: line.id, outcome: 'rejected', rejectedUnits: o.units, reason: 'random', ...(o.toHold ? { toLocationId: f.places.hold } : {}) }],
          });
          break;
        }
        case 'receive': {
          const v = await getConsignment(ctx, partner, id!);
          const lines = v.lines
            .filter((l) => l.ledger.inTransitUnits > 0)
            .map((l, i) => {
              const units = l.ledger.inTransitUnits;
              const damaged = Math.min(units, o.split[(2 * i) % 6]! % (units + 1));
              const short = Math.min(units - damaged, o.split[(2 * i + 1) % 6]! % (units - damaged + 1));
              return {
                lineId: l.id,
                goodUnits: units - damaged - short + (o.miscount && i === 0 ? 1 : 0),
                damagedUnits: damaged,
                ...(damaged > 0 ? { damagedReason: 'crushed' as const } : {}),
                shortUnits: short,
                ...(short > 0 ? { shortReason: 'missing' as const } : {}),
              };
            });
          if (lines.length === 0) lines.push({ lineId: v.lines[0]!.id, goodUnits: 1, damagedUnits: 0, shortUnits: 0 });
          await receiveConsignment(ctx, partner, id!, { id: newId(), lines });
          break;
        }
      }
    } catch (error) {
      // Out of order or impossible: refused with a reason, and nothing moved.
      if (!(error instanceof DomainError)) throw error;
      expect(await balances()).toEqual(before);
    }
    await checkInvariants(await Promise.all(ids.map((c) => getConsignment(ctx, org, c))));
  }
}

describe('consignment operations in any order', () => {
  it('keep every unit accounted for, transit never negative, closed consignments empty', async () => {
    // Each run starts with a consignment at a checkpoint, so there is something to act on; runs share the ledger, as a real one would.
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const start: Op[] = [
          { kind: 'create', lines: [{ oil: false, units: 12 }, { oil: true, units: 7 }] },
          { kind: 'pack', c: 0, unit: 'box' },
          { kind: 'dispatch', c: 0 },
          { kind: 'arrived', c: 0, where: 'hub' },
        ];
        await run([...start, ...ops], []);
      }),
      { numRuns: 12 },
    );
  }, 600_000);

  it('a full journey inside random noise still closes with nothing in transit', async () => {
    const ids: string[] = [];
    await run(
      [
        { kind: 'create', lines: [{ oil: false, units: 30 }] },
        { kind: 'pack', c: 0, unit: 'box' },
        { kind: 'dispatch', c: 0 },
        { kind: 'arrived', c: 0, where: 'hub' },
        { kind: 'inspect', c: 0, line: 0, units: 4, toHold: false },
        { kind: 'departed', c: 0 },
        { kind: 'arrived', c: 0, where: 'crossing' },
        { kind: 'offloaded', c: 0, where: 'crossing' },
        { kind: 'collected', c: 0 },
        { kind: 'receive', c: 0, split: [3, 2, 1, 1, 1, 1], miscount: false },
        { kind: 'close', c: 0 },
      ],
      ids,
    );
    const v = await getConsignment(f.ctx, w.sending.id, ids[0]!);
    expect([v.status, v.inTransitUnits]).toEqual(['closed', 0]);
    expect(v.lines[0]!.ledger).toMatchObject({ dispatchedUnits: 30, rejectedUnits: 4 });
  }, 120_000);
});
