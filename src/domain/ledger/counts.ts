import type { CountReason, GainReason, LossReason } from './vocabulary.js';

/** Reasons that explain fewer units than the books say, and those that explain more. */
const shortageReasons: readonly CountReason[] = ['lost', 'damaged', 'expired', 'theft', 'data-entry-error', 'other'];
const surplusReasons: readonly CountReason[] = ['found', 'data-entry-error', 'other'];

export type CountAdjustment =
  | { direction: 'none' }
  | { direction: 'loss'; reason: LossReason; quantityUnits: number }
  | { direction: 'gain'; reason: GainReason; quantityUnits: number };

export type CountAdjustmentResult = CountAdjustment | { error: string };

/**
 * What a counted quantity means for the books: nothing when it matches; otherwise an adjustment
 * to a `loss:` or from a `gain:` account, which needs a reason that fits the direction.
 */
export function countAdjustment(expectedUnits: number, countedUnits: number, reason: CountReason | undefined): CountAdjustmentResult {
  const difference = countedUnits - expectedUnits;
  if (difference === 0) return { direction: 'none' };
  const allowed = difference < 0 ? shortageReasons : surplusReasons;
  const what = difference < 0 ? `${-difference} units fewer` : `${difference} units more`;
  if (reason === undefined) return { error: `counted ${what} than the books say; give a reason (${allowed.join(', ')})` };
  if (!allowed.includes(reason)) return { error: `"${reason}" does not explain ${what} than the books say; use one of ${allowed.join(', ')}` };
  return difference < 0
    ? { direction: 'loss', reason: reason as LossReason, quantityUnits: -difference }
    : { direction: 'gain', reason: reason as GainReason, quantityUnits: difference };
}
