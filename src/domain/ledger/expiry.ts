import type { LotStatus } from './vocabulary.js';

/**
 * Dates are calendar days written 'YYYY-MM-DD' (UTC). A lot is usable through its expiry date
 * and expired from the day after, as "EXP 2025-03-31" is read on a box.
 */
export type IsoDate = string;

export const isoDate = (t: Date): IsoDate => t.toISOString().slice(0, 10);

/** The same day `months` later; the 31st becomes the last day of a shorter month. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return isoDate(target);
}

export const isExpired = (expiryDate: IsoDate | null, today: IsoDate): boolean => expiryDate !== null && expiryDate < today;

/**
 * A lot's status as of today: an available lot past its expiry date is expired, whether or not
 * the daily sweep has written that down yet. Other statuses were set by a person and stay.
 */
export function effectiveStatus(status: LotStatus, expiryDate: IsoDate | null, today: IsoDate): LotStatus {
  return status === 'available' && isExpired(expiryDate, today) ? 'expired' : status;
}

export const expiryBands = ['expired', 'under-3-months', 'under-9-months', 'later', 'no-expiry'] as const;
export type ExpiryBand = (typeof expiryBands)[number];

/** How soon stock must be used: what a logistics officer plans around. */
export function expiryBand(expiryDate: IsoDate | null, today: IsoDate): ExpiryBand {
  if (expiryDate === null) return 'no-expiry';
  if (expiryDate < today) return 'expired';
  if (expiryDate < addMonths(today, 3)) return 'under-3-months';
  if (expiryDate < addMonths(today, 9)) return 'under-9-months';
  return 'later';
}
