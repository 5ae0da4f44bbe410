import { effectiveStatus, type IsoDate } from './expiry.js';
import type { LotStatus } from './vocabulary.js';

export interface PickCandidate {
  lotId: string;
  lotCode: string;
  expiryDate: IsoDate | null;
  status: LotStatus;
  availableUnits: number;
}

export interface PickLine {
  lotId: string;
  lotCode: string;
  expiryDate: IsoDate | null;
  quantityUnits: number;
}

export interface Pick {
  lines: PickLine[];
  /** What the candidates could not cover; 0 when the request is met in full. */
  shortUnits: number;
}

/** Whether a lot may be picked today and still be good on `usableUntil` (when given). */
export function isPickable(c: PickCandidate, today: IsoDate, usableUntil?: IsoDate): boolean {
  if (c.availableUnits <= 0) return false;
  if (effectiveStatus(c.status, c.expiryDate, today) !== 'available') return false;
  return usableUntil === undefined || c.expiryDate === null || c.expiryDate >= usableUntil;
}

/** FEFO order: earliest expiry first, lots without expiry last, then by lot code for a stable order. */
export function fefoOrder(a: PickCandidate, b: PickCandidate): number {
  if (a.expiryDate !== b.expiryDate) {
    if (a.expiryDate === null) return 1;
    if (b.expiryDate === null) return -1;
    return a.expiryDate < b.expiryDate ? -1 : 1;
  }
  return a.lotCode < b.lotCode ? -1 : a.lotCode > b.lotCode ? 1 : a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0;
}

/**
 * First-expiry-first-out: takes from the lots that expire soonest, skipping lots that are not
 * available (quarantined, recalled, damaged, expired) and, when `usableUntil` is given, lots that
 * would expire before the goods can be used (e.g. before a consignment arrives).
 */
export function fefoPick(candidates: readonly PickCandidate[], requestedUnits: number, today: IsoDate, usableUntil?: IsoDate): Pick {
  const lines: PickLine[] = [];
  let remaining = requestedUnits;
  for (const c of candidates.filter((c) => isPickable(c, today, usableUntil)).sort(fefoOrder)) {
    if (remaining === 0) break;
    const take = Math.min(remaining, c.availableUnits);
    lines.push({ lotId: c.lotId, lotCode: c.lotCode, expiryDate: c.expiryDate, quantityUnits: take });
    remaining -= take;
  }
  return { lines, shortUnits: remaining };
}
