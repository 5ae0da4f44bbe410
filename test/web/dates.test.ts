import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateOfParts, isLocalDate, monthNames, partsOf, todayHere, type Calendar } from '../../web/src/i18n/dates.js';

const calendars: Calendar[] = ['gregory', 'persian'];
// Every day from 1930 to 2100, as the web app's date inputs may meet them.
const days = fc.integer({ min: 0, max: 62_000 }).map((n) => addDays('1930-01-01', n));

describe('calendar dates in the web app (date-only values, no time zone)', () => {
  it.each(calendars)('reads back every date from its day, month and year in the %s calendar', (calendar) => {
    fc.assert(
      fc.property(days, (date) => {
        expect(dateOfParts(partsOf(date, calendar), calendar)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('knows the Solar Hijri new year and the last day of Esfand, and refuses days that do not exist', () => {
    expect(partsOf('2025-03-21', 'persian')).toEqual({ year: 1404, month: 1, day: 1 });
    expect(dateOfParts({ year: 1404, month: 1, day: 1 }, 'persian')).toBe('2025-03-21');
    // 1403 is a leap year (30 Esfand exists), 1404 is not.
    expect(dateOfParts({ year: 1403, month: 12, day: 30 }, 'persian')).toBe('2025-03-20');
    expect(dateOfParts({ year: 1404, month: 12, day: 30 }, 'persian')).toBeNull();
    expect(dateOfParts({ year: 1404, month: 7, day: 31 }, 'persian')).toBeNull();
    expect(dateOfParts({ year: 2025, month: 2, day: 29 }, 'gregory')).toBeNull();
    expect(dateOfParts({ year: 2024, month: 2, day: 29 }, 'gregory')).toBe('2024-02-29');
    expect(dateOfParts({ year: 2024, month: 13, day: 1 }, 'gregory')).toBeNull();
  });

  it('tells dates from what only looks like one', () => {
    expect(isLocalDate('2026-03-15')).toBe(true);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-3-15')).toBe(false);
    expect(isLocalDate('')).toBe(false);
    expect(todayHere(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('names the months in the reader’s calendar and language', () => {
    expect(monthNames('persian', 'fa-IR-u-ca-persian-nu-arabext')).toEqual([
      'فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند',
    ]);
    expect(monthNames('gregory', 'en-GB')[8]).toBe('September');
  });
});
