import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedEvents, consignmentEventKinds, nextStatus, type ConsignmentStatus } from '../../src/domain/consignments/states.js';
import { dwellTimes } from '../../src/domain/consignments/dwell.js';
import { checkReceipt } from '../../src/domain/consignments/receipt.js';
import { DomainError } from '../../src/domain/errors.js';

describe('consignment states', () => {
  it('follows draft → packed → dispatched → checkpoint → offloaded → collected → received → closed', () => {
    let s: ConsignmentStatus = 'draft';
    for (const e of ['packed', 'dispatched', 'arrived', 'under_review', 'inspected', 'departed', 'arrived', 'offloaded', 'collected', 'received', 'closed'] as const) {
      s = nextStatus(s, e);
    }
    expect(s).toBe('closed');
  });

  it('refuses an event out of order with a 422 that says what it must be', () => {
    expect(() => nextStatus('draft', 'dispatched')).toThrowError(/must be packed/);
    expect(() => nextStatus('in_transit', 'closed')).toThrow(DomainError);
  });

  it('under any sequence of events, closed is only reached after received, and nothing follows closed or cancelled', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...consignmentEventKinds), { maxLength: 40 }), (events) => {
        let s: ConsignmentStatus = 'draft';
        let received = false;
        for (const e of events) {
          if (!allowedEvents(s).includes(e)) {
            expect(() => nextStatus(s, e)).toThrow(DomainError);
            continue;
          }
          const before = s;
          s = nextStatus(s, e);
          if (s === 'received') received = true;
          if (s === 'closed') expect(received).toBe(true);
          expect(before === 'closed' || before === 'cancelled').toBe(false);
        }
      }),
    );
  });
});

describe('dwell time at checkpoints', () => {
  it('measures arrival to departure, and to now while the consignment is still held', () => {
    const t = (iso: string) => new Date(iso);
    const stays = dwellTimes(
      [
        { kind: 'arrived', locationId: 'arish', occurredAt: t('2026-03-01T08:00:00Z') },
        { kind: 'departed', locationId: 'arish', occurredAt: t('2026-03-03T20:00:00Z') },
        { kind: 'arrived', locationId: 'kerem-shalom', occurredAt: t('2026-03-04T06:00:00Z') },
        { kind: 'under_review', locationId: 'kerem-shalom', occurredAt: t('2026-03-04T09:00:00Z'), underReviewSince: '2026-03-04' },
      ],
      t('2026-03-18T06:00:00Z'),
    );
    expect(stays).toEqual([
      { locationId: 'arish', arrivedAt: t('2026-03-01T08:00:00Z'), leftAt: t('2026-03-03T20:00:00Z'), dwellHours: 60, underReviewSince: null },
      { locationId: 'kerem-shalom', arrivedAt: t('2026-03-04T06:00:00Z'), leftAt: null, dwellHours: 336, underReviewSince: '2026-03-04' },
    ]);
  });
});

describe('receipt counts', () => {
  const inTransit = new Map([
    ['a', 100],
    ['b', 40],
  ]);
  it('accepts counts that account for every unit in transit', () => {
    expect(() =>
      checkReceipt(
        [
          { lineId: 'a', goodUnits: 95, damagedUnits: 3, damagedReason: 'wet', shortUnits: 2, shortReason: 'pilfered' },
          { lineId: 'b', goodUnits: 40, damagedUnits: 0, shortUnits: 0 },
        ],
        inTransit,
      ),
    ).not.toThrow();
  });
  it('refuses damaged or short units without their reason, naming the line', () => {
    const b = { lineId: 'b', goodUnits: 40, damagedUnits: 0, shortUnits: 0 };
    expect(() => checkReceipt([{ lineId: 'a', goodUnits: 95, damagedUnits: 3, shortUnits: 2, shortReason: 'missing' }, b], inTransit)).toThrowError(
      expect.objectContaining({ field: 'lines.0.damagedReason' }),
    );
    expect(() => checkReceipt([b, { lineId: 'a', goodUnits: 95, damagedUnits: 3, damagedReason: 'crushed', shortUnits: 2 }], inTransit)).toThrowError(
      expect.objectContaining({ field: 'lines.1.shortReason' }),
    );
  });
  it('refuses counts that lose or invent units, or forget a line', () => {
    expect(() => checkReceipt([{ lineId: 'a', goodUnits: 95, damagedUnits: 0, shortUnits: 0 }, { lineId: 'b', goodUnits: 40, damagedUnits: 0, shortUnits: 0 }], inTransit)).toThrowError(
      /must equal the 100 units/,
    );
    expect(() => checkReceipt([{ lineId: 'a', goodUnits: 100, damagedUnits: 0, shortUnits: 0 }], inTransit)).toThrowError(/line b still has 40/);
  });
});
