import type { DistributedUnits } from '../../domain/entitlements/check.js';
import type { Queryable } from '../../db/client.js';

/**
 * What a household has received of some items, for entitlement checks.
 *
 * Contract, for distributions: one entry per line of every distribution recorded for the
 * household (reversed distributions left out, exceptions a coordinator allowed kept in) whose item
 * is in `itemIds`, with the units given and `on`, the day of the distribution at the site, as the
 * field device recorded it, not the day it reached the server. Order does not matter.
 *
 * Karvan records no distributions yet, so no household has received anything.
 */
export async function householdDistributionHistory(_db: Queryable, _householdId: string, _itemIds: readonly string[]): Promise<DistributedUnits[]> {
  return [];
}
