import { z } from 'zod';

/**
 * A calendar date (YYYY-MM-DD) without a time or a time zone: a needed-by date, an expected
 * delivery date, the day a parcel was handed over at a site. Days are counted as whole days since
 * 1970-01-01 ("epoch days") so that date arithmetic never meets a time zone or a clock change.
 */
export const LocalDate = z.iso.date('must be a date written YYYY-MM-DD');
export type LocalDate = string;

const DAY_MS = 86_400_000;

export function epochDay(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function dateOfEpochDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date in UTC at an instant; the caller passes the instant, so the domain reads no clock. */
export const utcDateOf = (instant: Date): LocalDate => instant.toISOString().slice(0, 10);

/** A day of the year, MM-DD, for yearly cycles such as a school year. 29 February is refused: it is not in every year. */
export const MonthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'must be a day of the year written MM-DD')
  .refine((md) => md !== '02-29' && !Number.isNaN(epochDayOrNaN(`2001-${md}`)), 'must be a day that exists in every year');

function epochDayOrNaN(date: string): number {
  const day = epochDay(date);
  return dateOfEpochDay(day) === date ? day : Number.NaN;
}
