import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEntitlement, nextEligibleDay, type DistributedUnits } from '../../src/domain/entitlements/check.js';
import { allowedUnits, type EntitlementRule } from '../../src/domain/entitlements/rules.js';
import { dateOfEpochDay, epochDay } from '../../src/domain/dates.js';
import type { HouseholdComposition } from '../../src/domain/households/household.js';

const PARCEL = '00000000-0000-4000-8000-000000000001';
const SCHOOL_KIT = '00000000-0000-4000-8000-000000000002';
const SOAP = '00000000-0000-4000-8000-000000000003';
const DAY0 = epochDay('2025-01-01');

const household: HouseholdComposition = { memberCount: 6, childrenUnder5Count: 1, schoolAgeChildrenCount: 2 };
const parcelEvery30Days: EntitlementRule = {
  id: '10000000-0000-4000-8000-000000000001',
  itemId: PARCEL,
  quantityUnits: 1,
  per: 'household',
  window: { kind: 'rolling_days', days: 30 },
};
const kitPerChildPerSchoolYear: EntitlementRule = {
  id: '10000000-0000-4000-8000-000000000002',
  itemId: SCHOOL_KIT,
  quantityUnits: 1,
  per: 'school_age_child',
  window: { kind: 'school_year', startsOn: '09-01' },
};

const given = (itemId: string, on: string, quantityUnits = 1): DistributedUnits => ({ itemId, on, quantityUnits });
const check = (rules: EntitlementRule[], history: DistributedUnits[], itemId: string, quantityUnits: number, on: string, h = household) =>
  checkEntitlement(rules, history, { household: h, lines: [{ itemId, quantityUnits }] }, on);

describe('checkEntitlement: examples', () => {
  it('allows one family food parcel per household in any 30 days', () => {
    const history = [given(PARCEL, '2025-03-01')];
    expect(check([parcelEvery30Days], history, PARCEL, 1, '2025-03-30').allowed).toBe(false);
    expect(check([parcelEvery30Days], history, PARCEL, 1, '2025-03-31').allowed).toBe(true);
    const outcome = check([parcelEvery30Days], history, PARCEL, 1, '2025-03-15').outcomes[0]!;
    expect(outcome).toMatchObject({ allowedUnits: 1, usedUnits: 1, remainingUnits: 0, ok: false, window: { from: '2025-03-01', to: '2025-03-30' } });
  });

  it('refuses a record synced late whose day falls within 30 days of a later parcel', () => {
    // The tablet was offline: parcels on 10 and 45 days after New Year are on the server; a
    // parcel it recorded on day 30 arrives now. Days 10-39 would hold two, and so would days 30-59.
    const history = [given(PARCEL, dateOfEpochDay(DAY0 + 10)), given(PARCEL, dateOfEpochDay(DAY0 + 45))];
    const late = check([parcelEvery30Days], history, PARCEL, 1, dateOfEpochDay(DAY0 + 30));
    expect(late.allowed).toBe(false);
    expect(late.outcomes[0]!.window).toEqual({ from: dateOfEpochDay(DAY0 + 10), to: dateOfEpochDay(DAY0 + 39) });
    expect(check([parcelEvery30Days], [history[1]!], PARCEL, 1, dateOfEpochDay(DAY0 + 30)).outcomes[0]!.window).toEqual({
      from: dateOfEpochDay(DAY0 + 30),
      to: dateOfEpochDay(DAY0 + 59),
    });
    // Eighty days later there is room again, before and after.
    expect(check([parcelEvery30Days], history, PARCEL, 1, dateOfEpochDay(DAY0 + 80)).allowed).toBe(true);
  });

  it('gives one school kit per school-age child per school year, the year starting on its configured day', () => {
    const history = [given(SCHOOL_KIT, '2025-08-20', 2)];
    expect(check([kitPerChildPerSchoolYear], history, SCHOOL_KIT, 1, '2025-08-31').allowed).toBe(false);
    const nextYear = check([kitPerChildPerSchoolYear], history, SCHOOL_KIT, 2, '2025-09-01');
    expect(nextYear.allowed).toBe(true);
    expect(nextYear.outcomes[0]!.window).toEqual({ from: '2025-09-01', to: '2026-08-31' });
    expect(check([kitPerChildPerSchoolYear], [], SCHOOL_KIT, 3, '2025-09-01').allowed).toBe(false);
    const noChildren = { memberCount: 2, childrenUnder5Count: 0, schoolAgeChildrenCount: 0 };
    expect(check([kitPerChildPerSchoolYear], [], SCHOOL_KIT, 1, '2025-09-01', noChildren).outcomes[0]!.allowedUnits).toBe(0);
  });

  it('evaluates only the rules on the items given, and needs every rule on an item to hold', () => {
    const monthly: EntitlementRule = { ...parcelEvery30Days, id: '10000000-0000-4000-8000-000000000003' };
    const yearly: EntitlementRule = { ...parcelEvery30Days, id: '10000000-0000-4000-8000-000000000004', quantityUnits: 10, window: { kind: 'rolling_days', days: 365 } };
    const history = Array.from({ length: 10 }, (_, i) => given(PARCEL, dateOfEpochDay(DAY0 + i * 31)));
    const result = check([monthly, yearly, kitPerChildPerSchoolYear], history, PARCEL, 1, dateOfEpochDay(DAY0 + 10 * 31));
    expect(result.outcomes.map((o) => [o.ruleId, o.ok])).toEqual([
      [monthly.id, true],
      [yearly.id, false],
    ]);
    expect(result.allowed).toBe(false);
    expect(check([parcelEvery30Days], [], SOAP, 100, '2025-01-01')).toEqual({ allowed: true, outcomes: [] });
  });

  it('adds up lines of the same item within one distribution', () => {
    const perMember: EntitlementRule = { ...parcelEvery30Days, per: 'member' };
    const result = checkEntitlement([perMember], [], { household, lines: [{ itemId: PARCEL, quantityUnits: 4 }, { itemId: PARCEL, quantityUnits: 3 }] }, '2025-01-01');
    expect(result.outcomes[0]).toMatchObject({ allowedUnits: 6, proposedUnits: 7, ok: false });
  });
});

// ---- properties ---------------------------------------------------------------------------

const ruleArb: fc.Arbitrary<EntitlementRule> = fc.record({
  id: fc.constant('20000000-0000-4000-8000-000000000001'),
  itemId: fc.constant(PARCEL),
  quantityUnits: fc.integer({ min: 1, max: 3 }),
  per: fc.constantFrom('household', 'member', 'child_under_5', 'school_age_child'),
  window: fc.oneof(
    fc.record({ kind: fc.constant('rolling_days' as const), days: fc.integer({ min: 1, max: 60 }) }),
    fc.record({
      kind: fc.constant('school_year' as const),
      startsOn: fc.integer({ min: 0, max: 364 }).map((d) => dateOfEpochDay(epochDay('2001-01-01') + d).slice(5)),
    }),
  ),
});
const householdArb: fc.Arbitrary<HouseholdComposition> = fc
  .record({ under5: fc.integer({ min: 0, max: 3 }), school: fc.integer({ min: 0, max: 3 }), adults: fc.integer({ min: 1, max: 4 }) })
  .map((h) => ({ memberCount: h.under5 + h.school + h.adults, childrenUnder5Count: h.under5, schoolAgeChildrenCount: h.school }));
// Two years of days, so that school years and long rolling windows both wrap.
const recordArb = fc.record({
  itemId: fc.constantFrom(PARCEL, PARCEL, PARCEL, SOAP),
  quantityUnits: fc.integer({ min: 1, max: 4 }),
  on: fc.integer({ min: 0, max: 730 }).map((d) => dateOfEpochDay(DAY0 + d)),
});

/** The rule, checked the slow and obvious way: every window, one by one. */
function admissible(rule: EntitlementRule, h: HouseholdComposition, records: readonly DistributedUnits[]): boolean {
  const limit = allowedUnits(rule, h);
  const mine = records.filter((r) => r.itemId === rule.itemId);
  if (mine.length === 0) return true;
  if (rule.window.kind === 'school_year') {
    const startsOn = rule.window.startsOn;
    const totals = new Map<number, number>();
    for (const r of mine) {
      const year = Number(r.on.slice(0, 4)) - (r.on.slice(5) >= startsOn ? 0 : 1);
      totals.set(year, (totals.get(year) ?? 0) + r.quantityUnits);
    }
    return [...totals.values()].every((t) => t <= limit);
  }
  const days = mine.map((r) => ({ day: epochDay(r.on), units: r.quantityUnits }));
  const first = Math.min(...days.map((d) => d.day)) - rule.window.days + 1;
  const last = Math.max(...days.map((d) => d.day));
  for (let s = first; s <= last; s++) {
    const total = days.filter((d) => d.day >= s && d.day < s + (rule.window as { days: number }).days).reduce((a, d) => a + d.units, 0);
    if (total > limit) return false;
  }
  return true;
}

/** Records them one by one as a server would, keeping those the check allows. */
function recordInOrder(rule: EntitlementRule, h: HouseholdComposition, records: readonly DistributedUnits[]): DistributedUnits[] {
  const kept: DistributedUnits[] = [];
  for (const r of records) {
    if (checkEntitlement([rule], kept, { household: h, lines: [{ itemId: r.itemId, quantityUnits: r.quantityUnits }] }, r.on).allowed) kept.push(r);
  }
  return kept;
}

describe('checkEntitlement: properties', () => {
  it('never lets the distributions it accepted exceed the rule in any window', () => {
    fc.assert(
      fc.property(ruleArb, householdArb, fc.array(recordArb, { maxLength: 40 }), (rule, h, records) => {
        expect(admissible(rule, h, recordInOrder(rule, h, records))).toBe(true);
      }),
    );
  });

  it('accepts a distribution exactly when the rule still holds with it added (against any history that holds)', () => {
    fc.assert(
      fc.property(ruleArb, householdArb, fc.array(recordArb, { maxLength: 30 }), recordArb, (rule, h, records, proposed) => {
        const history = recordInOrder(rule, h, records);
        const verdict = checkEntitlement([rule], history, { household: h, lines: [proposed] }, proposed.on).allowed;
        expect(verdict).toBe(admissible(rule, h, [...history, proposed]));
      }),
    );
  });

  it('gives the same answer whatever order the history was recorded in, late syncs included', () => {
    fc.assert(
      fc.property(
        ruleArb,
        householdArb,
        fc.array(recordArb, { maxLength: 30 }).chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length }))),
        recordArb,
        (rule, h, [records, reordered], proposed) => {
          const a = checkEntitlement([rule], records, { household: h, lines: [proposed] }, proposed.on);
          const b = checkEntitlement([rule], reordered, { household: h, lines: [proposed] }, proposed.on);
          expect(b).toEqual(a);
        },
      ),
    );
  });

  it('accepts every distribution of a collection that keeps the rule, in any order of recording', () => {
    fc.assert(
      fc.property(
        ruleArb,
        householdArb,
        fc.array(recordArb, { maxLength: 30 }).chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length }))),
        (rule, h, [records, reordered]) => {
          const kept = recordInOrder(rule, h, records);
          // `kept` holds the rule; recorded in any other order (as offline devices sync), all of it is accepted again.
          const keptReordered = reordered.filter((r) => kept.includes(r));
          expect(recordInOrder(rule, h, keptReordered)).toHaveLength(kept.length);
        },
      ),
    );
  });

  it('counts dates without time zones: epoch days and dates convert both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30_000, max: 60_000 }), (day) => {
        expect(epochDay(dateOfEpochDay(day))).toBe(day);
      }),
    );
  });
});

describe('nextEligibleDay', () => {
  it('names the day a refused household may receive again', () => {
    expect(nextEligibleDay(parcelEvery30Days, household, [given(PARCEL, '2025-03-01')], 1, '2025-03-10')).toBe('2025-03-31');
    expect(nextEligibleDay(kitPerChildPerSchoolYear, household, [given(SCHOOL_KIT, '2025-09-03', 2)], 1, '2025-10-01')).toBe('2026-09-01');
    // More than the rule allows at once is never allowed.
    expect(nextEligibleDay(parcelEvery30Days, household, [], 2, '2025-03-10')).toBeNull();
  });

  it('is the first later day on which the check allows it (late records on later days included)', () => {
    fc.assert(
      fc.property(ruleArb, householdArb, fc.array(recordArb, { maxLength: 20 }), recordArb, (rule, h, records, asked) => {
        const proposed = { ...asked, itemId: rule.itemId };
        const history = recordInOrder(rule, h, records);
        const allowedOn = (day: string) => checkEntitlement([rule], history, { household: h, lines: [proposed] }, day).allowed;
        const next = nextEligibleDay(rule, h, history, proposed.quantityUnits, proposed.on);
        if (proposed.quantityUnits > allowedUnits(rule, h)) {
          expect(next).toBeNull();
          return;
        }
        expect(next).not.toBeNull();
        expect(allowedOn(next!)).toBe(true);
        for (let day = epochDay(proposed.on) + 1; day < epochDay(next!); day++) expect(allowedOn(dateOfEpochDay(day))).toBe(false);
      }),
    );
  });
});
