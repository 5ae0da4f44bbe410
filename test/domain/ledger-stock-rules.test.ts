import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countAdjustment } from '../../src/domain/ledger/counts.js';
import { addMonths, effectiveStatus, expiryBand } from '../../src/domain/ledger/expiry.js';
import { fefoPick, isPickable, type PickCandidate } from '../../src/domain/ledger/fefo.js';
import { checkComponentPicks, componentNeeds, disassemblyReturns, kitExpiry } from '../../src/domain/ledger/kits.js';
import { countReasons, lotStatuses } from '../../src/domain/ledger/vocabulary.js';

const TODAY = '2025-06-15';
const day = fc.integer({ min: -400, max: 900 }).map((d) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10));

const candidate: fc.Arbitrary<PickCandidate> = fc.record({
  lotId: fc.uuid(),
  lotCode: fc.stringMatching(/^[A-Z0-9]{1,6}$/),
  expiryDate: fc.option(day, { nil: null }),
  status: fc.constantFrom(...lotStatuses),
  availableUnits: fc.integer({ min: 0, max: 500 }),
});

/** Expiry as a number for comparison; no expiry sorts last. */
const rank = (c: { expiryDate: string | null }) => (c.expiryDate === null ? Infinity : Date.parse(c.expiryDate));

describe('FEFO pick', () => {
  it('takes what is asked when it can, never more than a lot holds, only pickable lots, earliest expiry first', () => {
    fc.assert(
      fc.property(fc.uniqueArray(candidate, { selector: (c) => c.lotId, maxLength: 12 }), fc.integer({ min: 1, max: 3000 }), (candidates, requested) => {
        const pick = fefoPick(candidates, requested, TODAY);
        const pickable = candidates.filter((c) => isPickable(c, TODAY));
        const total = pickable.reduce((s, c) => s + c.availableUnits, 0);
        const picked = pick.lines.reduce((s, l) => s + l.quantityUnits, 0);
        expect(picked).toBe(Math.min(requested, total));
        expect(pick.shortUnits).toBe(requested - picked);
        const byId = new Map(candidates.map((c) => [c.lotId, c]));
        for (const line of pick.lines) {
          const c = byId.get(line.lotId)!;
          expect(isPickable(c, TODAY)).toBe(true);
          expect(line.quantityUnits).toBeGreaterThan(0);
          expect(line.quantityUnits).toBeLessThanOrEqual(c.availableUnits);
        }
        // Every lot left untouched expires no earlier than the latest lot taken.
        const taken = new Set(pick.lines.map((l) => l.lotId));
        const latestTaken = Math.max(-Infinity, ...pick.lines.map(rank));
        for (const c of pickable.filter((c) => !taken.has(c.lotId))) expect(rank(c)).toBeGreaterThanOrEqual(latestTaken);
        // Only the last lot taken may be taken in part.
        pick.lines.slice(0, -1).forEach((l) => expect(l.quantityUnits).toBe(byId.get(l.lotId)!.availableUnits));
      }),
    );
  });

  it('never picks expired, quarantined, recalled or damaged lots, and puts lots without expiry last', () => {
    const lots: PickCandidate[] = [
      { lotId: '1', lotCode: 'NOEXP', expiryDate: null, status: 'available', availableUnits: 10 },
      { lotId: '2', lotCode: 'PAST', expiryDate: '2025-06-14', status: 'available', availableUnits: 10 },
      { lotId: '3', lotCode: 'QUAR', expiryDate: '2025-07-01', status: 'quarantined', availableUnits: 10 },
      { lotId: '4', lotCode: 'LATE', expiryDate: '2026-01-01', status: 'available', availableUnits: 10 },
      { lotId: '5', lotCode: 'SOON', expiryDate: '2025-06-15', status: 'available', availableUnits: 10 },
      { lotId: '6', lotCode: 'RECALL', expiryDate: '2025-06-20', status: 'recalled', availableUnits: 10 },
    ];
    expect(fefoPick(lots, 25, TODAY).lines.map((l) => [l.lotCode, l.quantityUnits])).toEqual([
      ['SOON', 10],
      ['LATE', 10],
      ['NOEXP', 5],
    ]);
    expect(fefoPick(lots, 25, TODAY, '2025-12-31').lines.map((l) => l.lotCode)).toEqual(['LATE', 'NOEXP']);
  });
});

describe('expiry', () => {
  it('bands stock by how soon it expires', () => {
    expect(expiryBand(null, TODAY)).toBe('no-expiry');
    expect(expiryBand('2025-06-14', TODAY)).toBe('expired');
    expect(expiryBand('2025-06-15', TODAY)).toBe('under-3-months');
    expect(expiryBand('2025-09-14', TODAY)).toBe('under-3-months');
    expect(expiryBand('2025-09-15', TODAY)).toBe('under-9-months');
    expect(expiryBand('2026-03-14', TODAY)).toBe('under-9-months');
    expect(expiryBand('2026-03-15', TODAY)).toBe('later');
  });

  it('adds months without running past the end of a short month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
  });

  it('reads an available lot past its date as expired, and leaves a status set by a person alone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...lotStatuses), fc.option(day, { nil: null }), (status, expiry) => {
        const effective = effectiveStatus(status, expiry, TODAY);
        if (status === 'available' && expiry !== null && expiry < TODAY) expect(effective).toBe('expired');
        else expect(effective).toBe(status);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('kits', () => {
  it('expire with their first-expiring component; without any expiry, never', () => {
    fc.assert(
      fc.property(fc.array(fc.option(day, { nil: null })), (dates) => {
        const expiry = kitExpiry(dates.map((expiryDate) => ({ expiryDate })));
        const known = dates.filter((d): d is string => d !== null).sort();
        expect(expiry).toBe(known[0] ?? null);
      }),
    );
  });

  it('need picks that cover the bill of materials exactly', () => {
    const needs = componentNeeds([{ itemId: 'rice', quantityUnits: 2 }, { itemId: 'oil', quantityUnits: 1 }], 5);
    expect(needs).toEqual([{ itemId: 'rice', quantityUnits: 10 }, { itemId: 'oil', quantityUnits: 5 }]);
    expect(() => checkComponentPicks(needs, [{ itemId: 'rice', lotId: 'r1', quantityUnits: 6 }, { itemId: 'rice', lotId: 'r2', quantityUnits: 4 }, { itemId: 'oil', lotId: 'o', quantityUnits: 5 }])).not.toThrow();
    expect(() => checkComponentPicks(needs, [{ itemId: 'rice', lotId: 'r1', quantityUnits: 10 }, { itemId: 'oil', lotId: 'o', quantityUnits: 4 }])).toThrow(/needs 5 units/);
    expect(() => checkComponentPicks(needs, [{ itemId: 'soap', lotId: 's', quantityUnits: 1 }])).toThrow(/not a component/);
  });

  it('give back, on disassembly, exactly what the kits consumed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }), (kits, split) => {
        const consumed = split.map((units, i) => ({ itemId: 'rice', lotId: `r${i}`, lotCode: `R${i}`, expiryDate: null, status: 'available' as const, availableUnits: units * kits }));
        const perKit = split.reduce((a, b) => a + b, 0);
        const back = disassemblyReturns([{ itemId: 'rice', quantityUnits: perKit }], kits, consumed);
        expect(back.shortItemIds).toEqual([]);
        expect(back.lines.reduce((s, l) => s + l.quantityUnits, 0)).toBe(perKit * kits);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('count adjustments', () => {
  it('post the difference, to a loss for a shortage and from a gain for a surplus, with a reason that fits', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.option(fc.constantFrom(...countReasons), { nil: undefined }), (expected, counted, reason): void => {
        const result = countAdjustment(expected, counted, reason);
        if (expected === counted) {
          expect(result).toEqual({ direction: 'none' });
        } else if ('error' in result) {
          expect(reason === undefined || (counted < expected ? reason === 'found' : !['found', 'data-entry-error', 'other'].includes(reason))).toBe(true);
        } else {
          expect(result).toMatchObject({ direction: counted < expected ? 'loss' : 'gain', quantityUnits: Math.abs(counted - expected), reason });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
