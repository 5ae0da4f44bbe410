import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_HOUSEHOLDS, monthRange, suppressSmallCounts, type ServedCell } from '../../src/domain/distributions/aggregate.js';
import { householdShare } from '../../src/domain/distributions/plan.js';
import { DistributionInput, dayAtSite } from '../../src/domain/distributions/record.js';

const PARCEL = '00000000-0000-4000-8000-000000000001';
const SCHOOL_KIT = '00000000-0000-4000-8000-000000000002';
const INFANT = '00000000-0000-4000-8000-000000000003';

describe("a household's share under a plan", () => {
  it('multiplies each line by the household count on its basis and leaves out what comes to nothing', () => {
    const lines = [
      { itemId: PARCEL, quantityUnits: 1, per: 'household' as const, needLineId: null },
      { itemId: SCHOOL_KIT, quantityUnits: 1, per: 'school_age_child' as const, needLineId: null },
      { itemId: INFANT, quantityUnits: 2, per: 'child_under_5' as const, needLineId: null },
    ];
    expect(householdShare(lines, { memberCount: 6, childrenUnder5Count: 0, schoolAgeChildrenCount: 3 })).toEqual([
      { itemId: PARCEL, quantityUnits: 1 },
      { itemId: SCHOOL_KIT, quantityUnits: 3 },
    ]);
  });
});

describe('a distribution record as a device sends it', () => {
  const base = { id: '10000000-0000-4000-8000-000000000001', planId: '10000000-0000-4000-8000-000000000002', householdId: '10000000-0000-4000-8000-000000000003' };

  it('reads the day at the site from the device time as written, not from UTC', () => {
    const input = DistributionInput.parse({ ...base, distributedAt: '2025-03-01T00:30:00+02:00', proof: { kind: 'voucher', code: 'a-1' } });
    expect(dayAtSite(input.distributedAt)).toBe('2025-03-01');
    expect(new Date(input.distributedAt).toISOString().slice(0, 10)).toBe('2025-02-28');
  });

  it('reads a voucher typed with Persian or Arabic digits as the same code', () => {
    const code = (c: string) => DistributionInput.parse({ ...base, distributedAt: '2025-03-01T10:00:00+02:00', proof: { kind: 'voucher', code: c } }).proof;
    expect(code('v-۱۲۳۴')).toEqual(code('V-1234'));
    expect(code('V-١٢٣٤')).toEqual({ kind: 'voucher', code: 'V-1234' });
  });

  it('wants the household by id or by document, not both and not neither', () => {
    const r = { ...base, distributedAt: '2025-03-01T10:00:00+02:00', proof: { kind: 'voucher', code: 'V-1' } };
    expect(DistributionInput.safeParse({ ...r, documentNumber: '401234567' }).success).toBe(false);
    const { householdId: _, ...neither } = r;
    expect(DistributionInput.safeParse(neither).success).toBe(false);
    expect(DistributionInput.safeParse({ ...neither, documentNumber: '401234567' }).success).toBe(true);
  });
});

describe('households served, with small counts suppressed', () => {
  const cellArb: fc.Arbitrary<ServedCell<never>> = fc.record({
    period: fc.constantFrom('2025-01', '2025-02'),
    locationId: fc.uuid(),
    areaId: fc.constantFrom('a', 'b', 'c'),
    householdsServed: fc.integer({ min: 1, max: 12 }),
    distributions: fc.integer({ min: 1, max: 30 }),
    items: fc.constant<never[]>([]),
  });

  it('never shows fewer than the minimum, and never leaves a hidden cell alone among the shown ones of its area and month', () => {
    fc.assert(
      fc.property(fc.uniqueArray(cellArb, { selector: (c) => c.locationId, maxLength: 15 }), (cells) => {
        const shown = suppressSmallCounts(cells);
        expect(shown).toHaveLength(cells.length);
        shown.forEach((s, i) => {
          expect(s.locationId).toBe(cells[i]!.locationId);
          if (!s.suppressed) expect(s.householdsServed).toBe(cells[i]!.householdsServed);
          if (cells[i]!.householdsServed < MIN_HOUSEHOLDS) expect(s.suppressed).toBe(true);
        });
        const groups = new Map<string, typeof shown>();
        for (const s of shown) groups.set(`${s.period}/${s.areaId}`, [...(groups.get(`${s.period}/${s.areaId}`) ?? []), s]);
        for (const group of groups.values()) {
          const hidden = group.filter((s) => s.suppressed).length;
          // Hiding one cell whose area total is shown elsewhere hides nothing: take a second one.
          expect(hidden === 1 && group.length > 1).toBe(false);
        }
        // Only what must be hidden is: at most one extra cell per area and month.
        for (const group of groups.values()) {
          const extra = group.filter((s) => s.suppressed && cells.find((c) => c.locationId === s.locationId)!.householdsServed >= MIN_HOUSEHOLDS);
          expect(extra.length).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('covers whole calendar months', () => {
    expect(monthRange('2024-11', '2024-12')).toEqual({ firstDay: '2024-11-01', dayAfter: '2025-01-01' });
    expect(monthRange('2025-02', '2025-02')).toEqual({ firstDay: '2025-02-01', dayAfter: '2025-03-01' });
  });
});
