import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPledgeLines, pledgeStatus, type NeedLineFacts } from '../../src/domain/pledges/pledge.js';
import { DomainError } from '../../src/domain/errors.js';

const ITEM = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const LINE = '30000000-0000-4000-8000-000000000001';

describe('pledge status', () => {
  it('is open, partially received, received or cancelled, from what arrived', () => {
    expect(pledgeStatus(false, [{ promised: 10, received: 0 }])).toBe('open');
    expect(pledgeStatus(false, [{ promised: 10, received: 4 }, { promised: 5, received: 0 }])).toBe('partially_received');
    expect(pledgeStatus(false, [{ promised: 10, received: 12 }, { promised: 5, received: 5 }])).toBe('received');
    expect(pledgeStatus(true, [{ promised: 10, received: 4 }])).toBe('cancelled');
  });

  it('does not depend on the order of the lines, and is received exactly when every line arrived in full', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ promised: fc.integer({ min: 1, max: 100 }), received: fc.nat(120) }), { minLength: 1, maxLength: 8 }).chain((lines) =>
          fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length })),
        ),
        ([lines, shuffled]) => {
          const status = pledgeStatus(false, lines);
          expect(pledgeStatus(false, shuffled)).toBe(status);
          expect(status === 'received').toBe(lines.every((l) => l.received >= l.promised));
          expect(status === 'open').toBe(lines.every((l) => l.received === 0));
        },
      ),
    );
  });
});

describe('pledge lines', () => {
  const approved = new Map<string, NeedLineFacts>([[LINE, { itemId: ITEM, needStatus: 'approved' }]]);
  const fieldOf = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return (error as DomainError).field;
    }
    return undefined;
  };

  it('takes goods for a need line only of the item the line asks for, and only for approved needs', () => {
    expect(fieldOf(() => checkPledgeLines([{ kind: 'goods', itemId: ITEM, quantityUnits: 5, needLineId: LINE }], approved))).toBeUndefined();
    expect(fieldOf(() => checkPledgeLines([{ kind: 'goods', itemId: OTHER, quantityUnits: 5, needLineId: LINE }], approved))).toBe('lines.0.itemId');
    const submitted = new Map<string, NeedLineFacts>([[LINE, { itemId: ITEM, needStatus: 'submitted' }]]);
    expect(fieldOf(() => checkPledgeLines([{ kind: 'cash', currency: 'USD', amountMinor: 100, needLineId: LINE }], submitted))).toBe('lines.0.needLineId');
  });

  it('refuses a line that repeats another', () => {
    const lines = [
      { kind: 'cash' as const, currency: 'IRR', amountMinor: 100 },
      { kind: 'goods' as const, itemId: ITEM, quantityUnits: 1 },
      { kind: 'cash' as const, currency: 'IRR', amountMinor: 5 },
    ];
    expect(fieldOf(() => checkPledgeLines(lines, approved))).toBe('lines.2');
  });
});
