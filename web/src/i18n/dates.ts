/**
 * Calendar dates without a time (a needed-by date, the day of a distribution): `YYYY-MM-DD`, as the
 * API writes them. They name a day, not an instant, so they are never passed through a time zone:
 * every conversion here works on UTC midnight of the day.
 */
export type LocalDate = string;

export type Calendar = 'gregory' | 'persian';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLocalDate = (text: string): boolean => {
  const m = ISO_DATE.exec(text);
  return m !== null && localDateOfInstant(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) === text;
};

/** UTC midnight of the day, for Intl formatters that are given `timeZone: 'UTC'`. */
export function instantOfLocalDate(date: LocalDate): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

const localDateOfInstant = (utcMidnight: Date) => utcMidnight.toISOString().slice(0, 10);

export const addDays = (date: LocalDate, days: number): LocalDate => localDateOfInstant(new Date(instantOfLocalDate(date).getTime() + days * DAY_MS));

/** Today where the reader is (not in UTC: the two differ for hours around midnight in Tehran and Gaza). */
export function todayHere(now = new Date()): LocalDate {
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}

export interface CalendarParts {
  year: number;
  month: number;
  day: number;
}

const partFormats: Record<Calendar, Intl.DateTimeFormat> = {
  gregory: new Intl.DateTimeFormat('en-u-ca-gregory-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' }),
  persian: new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' }),
};

/** Year, month and day of a date in a calendar (1 Farvardin 1404 is 2025-03-21). */
export function partsOf(date: LocalDate, calendar: Calendar): CalendarParts {
  const parts = partFormats[calendar].formatToParts(instantOfLocalDate(date));
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: value('year'), month: value('month'), day: value('day') };
}

const compare = (a: CalendarParts, b: CalendarParts) => a.year - b.year || a.month - b.month || a.day - b.day;

/**
 * The date with these parts in the calendar, or null when there is no such day (31 Esfand, 30
 * February). Intl converts one way only, so this walks from an estimate to the day whose parts
 * match: the months of both calendars are 29 to 31 days long, so a few steps reach it.
 */
export function dateOfParts(parts: CalendarParts, calendar: Calendar): LocalDate | null {
  const { year, month, day } = parts;
  if (![year, month, day].every(Number.isInteger) || month < 1 || month > 12 || day < 1 || day > 31 || year < 1 || year > 9999) return null;
  // The Persian year begins at the March equinox, 621 or 622 years after the Gregorian one.
  let guess =
    calendar === 'gregory'
      ? Date.UTC(year, month - 1, day) / DAY_MS
      : Date.UTC(year + 621, 2, 21) / DAY_MS + (month - 1) * 30.5 + (day - 1);
  guess = Math.round(guess);
  for (let step = 0; step < 8; step++) {
    const date = localDateOfInstant(new Date(guess * DAY_MS));
    const found = partsOf(date, calendar);
    const difference = compare(parts, found);
    if (difference === 0) return date;
    const estimate = (year - found.year) * 365 + (month - found.month) * 30 + (day - found.day);
    // Near a month's end the estimate can flip between two days; then one day at a time settles it.
    guess += Math.abs(estimate) > 1 ? estimate : Math.sign(difference);
  }
  return null;
}

/** The twelve month names of a calendar in the reader's language. */
export function monthNames(calendar: Calendar, intlLocale: string): string[] {
  const format = new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', month: 'long' });
  // The middle of each month, in a year both calendars share in full.
  return Array.from({ length: 12 }, (_, i) => format.format(instantOfLocalDate(dateOfParts({ year: calendar === 'gregory' ? 2001 : 1380, month: i + 1, day: 15 }, calendar)!)));
}
