import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestPacking, unitLimits, type PackLine } from '../../src/domain/consignments/packing.js';

const line = fc.record({
  lineId: fc.uuid(),
  quantityUnits: fc.integer({ min: 1, max: 400 }),
  weightKgPerUnit: fc.double({ min: 0.05, max: 60, noNaN: true }),
  volumeM3PerUnit: fc.double({ min: 0.0005, max: 0.3, noNaN: true }),
  coldChain: fc.boolean(),
});
const lines = fc.uniqueArray(line, { minLength: 1, maxLength: 12, selector: (l) => l.lineId });
const kind = fc.constantFrom('parcel' as const, 'box' as const, 'pallet' as const);

describe('packing into handling units', () => {
  it('packs every unit of every line exactly once', () => {
    fc.assert(
      fc.property(lines, kind, (ls, k) => {
        const packed = suggestPacking(ls, k);
        for (const l of ls) {
          const total = packed.flatMap((u) => u.contents).filter((c) => c.lineId === l.lineId).reduce((s, c) => s + c.quantityUnits, 0);
          expect(total).toBe(l.quantityUnits);
        }
      }),
    );
  });

  it('never exceeds the unit limits, except one item that is itself too large, alone', () => {
    fc.assert(
      fc.property(lines, kind, (ls, k) => {
        const limits = unitLimits[k];
        const byId = new Map(ls.map((l) => [l.lineId, l]));
        for (const u of suggestPacking(ls, k)) {
          const single = u.contents.length === 1 && u.contents[0]!.quantityUnits === 1;
          if (!single) {
            expect(u.weightKg).toBeLessThanOrEqual(limits.maxWeightKg + 1e-6);
            expect(u.volumeM3).toBeLessThanOrEqual(limits.maxVolumeM3 + 1e-6);
          }
          for (const c of u.contents) expect(byId.get(c.lineId)!.coldChain).toBe(u.coldChain);
        }
      }),
    );
  });

  it('numbers the units 1/N … N/N', () => {
    fc.assert(
      fc.property(lines, kind, (ls, k) => {
        const packed = suggestPacking(ls, k);
        expect(packed.map((u) => u.number)).toEqual(packed.map((_, i) => i + 1));
        expect(new Set(packed.map((u) => u.total))).toEqual(new Set([packed.length]));
      }),
    );
  });

  it('keeps cold-chain vaccines apart from flour', () => {
    const ls: PackLine[] = [
      { lineId: 'flour', quantityUnits: 3, weightKgPerUnit: 5, volumeM3PerUnit: 0.01, coldChain: false },
      { lineId: 'insulin', quantityUnits: 10, weightKgPerUnit: 0.1, volumeM3PerUnit: 0.0002, coldChain: true },
    ];
    const packed = suggestPacking(ls, 'box');
    expect(packed).toHaveLength(2);
    expect(packed.find((u) => u.coldChain)!.contents).toEqual([{ lineId: 'insulin', quantityUnits: 10 }]);
  });
});
