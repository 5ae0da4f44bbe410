import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DistributedUnits } from '../../domain/entitlements/check.js';
import type { Queryable } from '../../db/client.js';
import { distributionLines, distributionReversals, distributions } from '../../db/schema/index.js';

/**
 * What a household has received of some items, for entitlement checks.
 *
 * Contract, for distributions: one entry per line of every distribution recorded for the
 * household (reversed distributions left out, exceptions a coordinator allowed kept in) whose item
 * is in `itemIds`, with the units given and `on`, the day of the distribution at the site, as the
 * field device recorded it, not the day it reached the server. Order does not matter.
 */
export async function householdDistributionHistory(db: Queryable, householdId: string, itemIds: readonly string[]): Promise<DistributedUnits[]> {
  if (itemIds.length === 0) return [];
  return db
    .select({ itemId: distributionLines.itemId, quantityUnits: distributionLines.quantityUnits, on: distributions.distributedOn })
    .from(distributions)
    .innerJoin(distributionLines, eq(distributionLines.distributionId, distributions.id))
    .leftJoin(distributionReversals, eq(distributionReversals.distributionId, distributions.id))
    .where(and(eq(distributions.householdId, householdId), inArray(distributionLines.itemId, [...itemIds]), isNull(distributionReversals.distributionId)));
}
