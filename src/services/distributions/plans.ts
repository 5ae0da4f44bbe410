import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { notFound, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { assertPlanOpen, distributionSiteKinds, planStatus, type ClosePlanInput, type PlanInput, type PlanLine } from '../../domain/distributions/plan.js';
import type { DistributionPlanView } from '../../domain/distributions/views.js';
import { holdingAccount } from '../../domain/ledger/accounts.js';
import type { Queryable } from '../../db/client.js';
import { distributionPlanLines, distributionPlans, items, locations, needLines, needs, users } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { rowsOf } from '../ledger/sql.js';
import { assertOrganisationKind } from '../organisation-kind.js';
import { loadOrganisation } from '../organisations.js';
import { itemRefs, locationRefs, mustGet } from '../refs.js';

export type PlanRow = typeof distributionPlans.$inferSelect;
export type Plan = PlanRow & { lines: PlanLine[] };

async function linesOf(db: Queryable, planIds: readonly string[]): Promise<Map<string, PlanLine[]>> {
  const byPlan = new Map<string, PlanLine[]>(planIds.map((id) => [id, []]));
  if (planIds.length === 0) return byPlan;
  const rows = await db
    .select()
    .from(distributionPlanLines)
    .where(inArray(distributionPlanLines.planId, [...planIds]))
    .orderBy(asc(distributionPlanLines.planId), asc(distributionPlanLines.position));
  for (const r of rows) byPlan.get(r.planId)!.push({ itemId: r.itemId, quantityUnits: r.quantityUnits, per: r.per, needLineId: r.needLineId });
  return byPlan;
}

/**
 * The organisation's plan; another organisation's is answered as not found. `lock` 'share' is for
 * work that must not be recorded after a concurrent close (issues, hand-overs): it waits for a
 * close in progress and then sees it; 'update' is for the close itself.
 */
export async function loadPlan(db: Queryable, organisationId: string, planId: string, field = 'planId', lock?: 'share' | 'update'): Promise<Plan> {
  const query = db
    .select()
    .from(distributionPlans)
    .where(and(eq(distributionPlans.id, planId), eq(distributionPlans.organisationId, organisationId)));
  const [row] = lock ? await query.for(lock) : await query;
  if (!row) throw notFound('distribution plan', field, { reason: 'plan_not_found' });
  return { ...row, lines: (await linesOf(db, [row.id])).get(row.id)! };
}

async function checkSite(db: Queryable, organisationId: string, siteId: string) {
  const [site] = await db.select().from(locations).where(eq(locations.id, siteId));
  if (!site) throw ruleViolated('siteId', 'no location with this id');
  if (site.level !== 'site' || !site.siteKind || !(distributionSiteKinds as readonly string[]).includes(site.siteKind)) {
    throw ruleViolated('siteId', `aid is handed out at a ${distributionSiteKinds.join(', ')}; issue stock there from a warehouse`);
  }
  if (site.organisationId !== organisationId) throw ruleViolated('siteId', 'this site is run by another organisation');
}

/** Each need line served must be a line of an approved need of the organisation, for the same item. */
async function checkNeedLines(db: Queryable, organisationId: string, input: PlanInput) {
  const wanted = input.lines.flatMap((l) => (l.needLineId ? [l.needLineId] : []));
  const found = wanted.length
    ? await db
        .select({ id: needLines.id, itemId: needLines.itemId, organisationId: needs.organisationId, status: needs.status })
        .from(needLines)
        .innerJoin(needs, eq(needs.id, needLines.needId))
        .where(inArray(needLines.id, wanted))
    : [];
  const byId = new Map(found.map((f) => [f.id, f]));
  input.lines.forEach((line, i) => {
    if (!line.needLineId) return;
    const field = `lines.${i}.needLineId`;
    const needLine = byId.get(line.needLineId);
    if (!needLine || needLine.organisationId !== organisationId) throw ruleViolated(field, "no line of the organisation's needs with this id");
    if (needLine.status !== 'approved') throw ruleViolated(field, `this need is ${needLine.status}; a distribution serves an approved need`);
    if (needLine.itemId !== line.itemId) throw ruleViolated(field, 'this need line asks for another item');
  });
}

export async function createPlan(ctx: Ctx, organisationId: string, input: PlanInput): Promise<DistributionPlanView> {
  return ctx.db.transaction(async (tx) => {
    await assertOrganisationKind(tx, organisationId, 'partner', 'distributions are planned by');
    await checkSite(tx, organisationId, input.siteId);
    const known = new Set((await tx.select({ id: items.id }).from(items).where(inArray(items.id, input.lines.map((l) => l.itemId)))).map((r) => r.id));
    input.lines.forEach((line, i) => {
      if (!known.has(line.itemId)) throw ruleViolated(`lines.${i}.itemId`, 'no item with this id');
    });
    await checkNeedLines(tx, organisationId, input);
    const [plan] = await tx
      .insert(distributionPlans)
      .values({
        id: newId(),
        organisationId,
        title: input.title,
        siteId: input.siteId,
        plannedOn: input.plannedOn,
        householdsExpected: input.householdsExpected,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await tx.insert(distributionPlanLines).values(
      input.lines.map((l, position) => ({ planId: plan!.id, position, itemId: l.itemId, quantityUnits: l.quantityUnits, per: l.per, needLineId: l.needLineId ?? null })),
    );
    return (await planViews(tx, [plan!]))[0]!;
  });
}

export async function getPlan(ctx: Ctx, organisationId: string, planId: string): Promise<DistributionPlanView> {
  const plan = await loadPlan(ctx.db, organisationId, planId);
  return (await planViews(ctx.db, [plan]))[0]!;
}

/**
 * Closes a plan when its distribution is over, recording who closed it and when, with an optional
 * note. Closing a closed plan is refused (409, `plan_closed`); two coordinators closing at once
 * queue on the plan's row, so one closes it and the other is told.
 */
export async function closePlan(ctx: Ctx, organisationId: string, planId: string, input: ClosePlanInput, now = new Date()): Promise<DistributionPlanView> {
  return ctx.db.transaction(async (tx) => {
    const plan = await loadPlan(tx, organisationId, planId, 'planId', 'update');
    assertPlanOpen(plan, 'planId');
    const [closed] = await tx
      .update(distributionPlans)
      .set({ closedAt: now, closedBy: ctx.actor.userId, closingNote: input.note ?? null })
      .where(eq(distributionPlans.id, planId))
      .returning();
    return (await planViews(tx, [closed!]))[0]!;
  });
}

export interface PlanFilter {
  siteId?: string;
  limit: number;
  offset: number;
}

/** The organisation's plans, the latest day first. */
export async function listPlans(ctx: Ctx, organisationId: string, filter: PlanFilter): Promise<DistributionPlanView[]> {
  await loadOrganisation(ctx.db, organisationId);
  const where: SQL[] = [eq(distributionPlans.organisationId, organisationId)];
  if (filter.siteId) where.push(eq(distributionPlans.siteId, filter.siteId));
  const rows = await ctx.db
    .select()
    .from(distributionPlans)
    .where(and(...where))
    .orderBy(desc(distributionPlans.plannedOn), desc(distributionPlans.createdAt), asc(distributionPlans.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return planViews(ctx.db, rows);
}

/** Households served, distributions and exceptions per plan, reversed distributions left out. */
async function servedByPlan(db: Queryable, planIds: readonly string[]) {
  const rows = await rowsOf<{ plan_id: string; households: number; distributions: number; exceptions: number }>(
    db,
    sql`select d.plan_id, count(distinct d.household_id)::int as households, count(*)::int as distributions,
               count(d.exception_reason)::int as exceptions
        from distributions d
        where d.plan_id in ${planIds}
          and not exists (select 1 from distribution_reversals r where r.distribution_id = d.id)
        group by d.plan_id`,
  );
  return new Map(rows.map((r) => [r.plan_id, r]));
}

async function distributedByPlan(db: Queryable, planIds: readonly string[]) {
  return rowsOf<{ plan_id: string; item_id: string; units: number }>(
    db,
    sql`select d.plan_id, l.item_id, sum(l.quantity_units)::int8 as units
        from distributions d join distribution_lines l on l.distribution_id = d.id
        where d.plan_id in ${planIds}
          and not exists (select 1 from distribution_reversals r where r.distribution_id = d.id)
        group by d.plan_id, l.item_id`,
  );
}

/** What the plan's issue and return operations moved, and any reversal of them, per direction. */
async function movedByPlan(db: Queryable, planIds: readonly string[]) {
  return rowsOf<{ plan_id: string; item_id: string; from_account_id: string; to_account_id: string; units: number }>(
    db,
    sql`with moved as (
          select o.plan_id, t.item_id, t.from_account_id, t.to_account_id, t.quantity_units
          from distribution_plan_operations o join transfers t on t.operation_id = o.operation_id
          where o.plan_id in ${planIds}
          union all
          select o.plan_id, r.item_id, r.from_account_id, r.to_account_id, r.quantity_units
          from distribution_plan_operations o join transfers t on t.operation_id = o.operation_id
          join transfers r on r.reverses_transfer_id = t.id
          where o.plan_id in ${planIds})
        select plan_id, item_id, from_account_id, to_account_id, sum(quantity_units)::int8 as units
        from moved group by plan_id, item_id, from_account_id, to_account_id`,
  );
}

export async function planViews(db: Queryable, rows: readonly PlanRow[]): Promise<DistributionPlanView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines = await linesOf(db, ids);
  const things = await itemRefs(db, [...lines.values()].flat().map((l) => l.itemId));
  const places = await locationRefs(db, rows.map((r) => r.siteId));
  const served = await servedByPlan(db, ids);
  const distributed = await distributedByPlan(db, ids);
  const moved = await movedByPlan(db, ids);
  const closerIds = [...new Set(rows.flatMap((r) => (r.closedBy ? [r.closedBy] : [])))];
  const closers = new Map(
    closerIds.length ? (await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, closerIds))).map((u) => [u.id, u.displayName]) : [],
  );
  return rows.map((plan) => {
    const siteHolding = holdingAccount(plan.siteId, plan.organisationId).id;
    const planLines = mustGet(lines, plan.id);
    const s = served.get(plan.id);
    return {
      id: plan.id,
      organisationId: plan.organisationId,
      title: plan.title,
      site: mustGet(places, plan.siteId),
      plannedOn: plan.plannedOn,
      householdsExpected: plan.householdsExpected,
      status: planStatus(plan),
      closedAt: plan.closedAt?.toISOString() ?? null,
      closedBy: plan.closedBy,
      closedByDisplayName: plan.closedBy ? mustGet(closers, plan.closedBy) : null,
      closingNote: plan.closingNote,
      lines: planLines.map((l) => ({ item: mustGet(things, l.itemId), quantityUnits: l.quantityUnits, per: l.per, needLineId: l.needLineId })),
      progress: {
        householdsServed: s?.households ?? 0,
        distributions: s?.distributions ?? 0,
        exceptions: s?.exceptions ?? 0,
        items: planLines.map((l) => ({
          itemId: l.itemId,
          issuedUnits: moved
            .filter((m) => m.plan_id === plan.id && m.item_id === l.itemId)
            .reduce((sum, m) => sum + (m.to_account_id === siteHolding ? m.units : 0) - (m.from_account_id === siteHolding ? m.units : 0), 0),
          distributedUnits: distributed.filter((d) => d.plan_id === plan.id && d.item_id === l.itemId).reduce((sum, d) => sum + d.units, 0),
        })),
      },
      createdBy: plan.createdBy,
      createdAt: plan.createdAt.toISOString(),
    };
  });
}
