import { and, eq, inArray } from 'drizzle-orm';
import { notFound, ruleViolated } from '../../domain/errors.js';
import { checkEntitlement, type EntitlementCheck } from '../../domain/entitlements/check.js';
import type { EntitlementCheckInput } from '../../domain/entitlements/views.js';
import { households, items } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { householdDistributionHistory } from './history.js';
import { activeRules } from './rules.js';

/**
 * What a field app asks before a family signs for a parcel: may this household receive these
 * items on this day under the organisation's rules? Nothing is recorded.
 */
export async function checkHouseholdEntitlement(ctx: Ctx, organisationId: string, input: EntitlementCheckInput): Promise<EntitlementCheck> {
  return ctx.db.transaction(async (tx) => {
    const [household] = await tx
      .select()
      .from(households)
      .where(and(eq(households.id, input.householdId), eq(households.organisationId, organisationId)));
    if (!household) throw notFound('household', 'householdId');
    const itemIds = [...new Set(input.lines.map((l) => l.itemId))];
    const known = new Set((await tx.select({ id: items.id }).from(items).where(inArray(items.id, itemIds))).map((r) => r.id));
    input.lines.forEach((line, i) => {
      if (!known.has(line.itemId)) throw ruleViolated(`lines.${i}.itemId`, 'no item with this id');
    });
    const rules = await activeRules(tx, organisationId, itemIds);
    const history = await householdDistributionHistory(tx, household.id, itemIds);
    return checkEntitlement(rules, history, { household, lines: input.lines }, input.on);
  });
}
