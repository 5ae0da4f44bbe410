import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { notFound, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { EntitlementRule, EntitlementRuleInput } from '../../domain/entitlements/rules.js';
import type { EntitlementRuleView } from '../../domain/entitlements/views.js';
import type { Queryable } from '../../db/client.js';
import { entitlementRules, items } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { assertOrganisationKind } from '../organisation-kind.js';
import { loadOrganisation } from '../organisations.js';
import { itemRefs, mustGet } from '../refs.js';

type RuleRow = typeof entitlementRules.$inferSelect;

export const ruleOf = (r: RuleRow): EntitlementRule => ({
  id: r.id,
  itemId: r.itemId,
  quantityUnits: r.quantityUnits,
  per: r.per,
  window: r.windowKind === 'rolling_days' ? { kind: 'rolling_days', days: r.windowDays! } : { kind: 'school_year', startsOn: r.schoolYearStartsOn! },
});

async function views(db: Queryable, rows: readonly RuleRow[]): Promise<EntitlementRuleView[]> {
  const things = await itemRefs(db, rows.map((r) => r.itemId));
  return rows.map((r) => {
    const { id: _, itemId, ...rule } = ruleOf(r);
    return {
      id: r.id,
      organisationId: r.organisationId,
      item: mustGet(things, itemId),
      ...rule,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      retiredAt: r.retiredAt?.toISOString() ?? null,
    };
  });
}

/** Rules are set by the partner that distributes: it answers for fairness at its sites. */
export async function createEntitlementRule(ctx: Ctx, organisationId: string, input: EntitlementRuleInput): Promise<EntitlementRuleView> {
  return ctx.db.transaction(async (tx) => {
    await assertOrganisationKind(tx, organisationId, 'partner', 'entitlement rules are set by');
    const [item] = await tx.select({ id: items.id }).from(items).where(eq(items.id, input.itemId));
    if (!item) throw ruleViolated('itemId', 'no item with this id');
    const [row] = await tx
      .insert(entitlementRules)
      .values({
        id: newId(),
        organisationId,
        itemId: input.itemId,
        quantityUnits: input.quantityUnits,
        per: input.per,
        windowKind: input.window.kind,
        windowDays: input.window.kind === 'rolling_days' ? input.window.days : null,
        schoolYearStartsOn: input.window.kind === 'school_year' ? input.window.startsOn : null,
        createdBy: ctx.actor.userId,
      })
      .returning();
    return (await views(tx, [row!]))[0]!;
  });
}

/** A retired rule stays on record, so that a past check can be explained; it no longer applies. */
export async function retireEntitlementRule(ctx: Ctx, organisationId: string, ruleId: string): Promise<EntitlementRuleView> {
  return ctx.db.transaction(async (tx) => {
    const [rule] = await tx
      .select()
      .from(entitlementRules)
      .where(and(eq(entitlementRules.id, ruleId), eq(entitlementRules.organisationId, organisationId)))
      .for('update');
    if (!rule) throw notFound('entitlement rule', 'ruleId');
    if (rule.retiredAt) throw ruleViolated('ruleId', 'this rule is retired already');
    const [row] = await tx
      .update(entitlementRules)
      .set({ retiredAt: new Date(), retiredBy: ctx.actor.userId })
      .where(eq(entitlementRules.id, ruleId))
      .returning();
    return (await views(tx, [row!]))[0]!;
  });
}

export async function listEntitlementRules(ctx: Ctx, organisationId: string, includeRetired: boolean): Promise<EntitlementRuleView[]> {
  await loadOrganisation(ctx.db, organisationId);
  const rows = await ctx.db
    .select()
    .from(entitlementRules)
    .where(and(eq(entitlementRules.organisationId, organisationId), includeRetired ? undefined : isNull(entitlementRules.retiredAt)))
    .orderBy(asc(entitlementRules.createdAt), asc(entitlementRules.id));
  return views(ctx.db, rows);
}

/** The organisation's rules in force on some items. */
export async function activeRules(db: Queryable, organisationId: string, itemIds: readonly string[]): Promise<EntitlementRule[]> {
  if (itemIds.length === 0) return [];
  const rows = await db
    .select()
    .from(entitlementRules)
    .where(and(eq(entitlementRules.organisationId, organisationId), isNull(entitlementRules.retiredAt), inArray(entitlementRules.itemId, [...itemIds])))
    .orderBy(asc(entitlementRules.createdAt), asc(entitlementRules.id));
  return rows.map(ruleOf);
}
