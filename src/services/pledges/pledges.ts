import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { can } from '../../domain/access.js';
import { forbidden, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { checkPledgeLines, type CashReceiptInput, type NeedLineFacts, type PledgeInput } from '../../domain/pledges/pledge.js';
import type { PledgeView } from '../../domain/pledges/views.js';
import type { Queryable } from '../../db/client.js';
import { items, needLines, needs, pledgeCashReceipts, pledgeLines, pledges } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { assertOrganisationKind } from '../organisation-kind.js';
import { loadOrganisation } from '../organisations.js';
import { loadPledge, pledgeView, pledgeViews } from './view.js';

/**
 * The need lines a pledge names, with their needs' status. The needs' rows are share-locked until
 * the pledge is written, so a need cannot be cancelled or closed in between.
 */
async function needLineFacts(db: Queryable, needLineIds: string[]): Promise<Map<string, NeedLineFacts>> {
  if (needLineIds.length === 0) return new Map();
  const rows = await db
    .select({ id: needLines.id, itemId: needLines.itemId, needStatus: needs.status })
    .from(needLines)
    .innerJoin(needs, eq(needs.id, needLines.needId))
    .where(inArray(needLines.id, needLineIds))
    .for('share', { of: needs });
  return new Map(rows.map((r) => [r.id, { itemId: r.itemId, needStatus: r.needStatus }]));
}

/**
 * Records a pledge taken by a sending organisation (which will receive what is given), from a
 * donor organisation, a named individual, or an anonymous donor.
 */
export async function createPledge(ctx: Ctx, organisationId: string, input: PledgeInput): Promise<PledgeView> {
  return ctx.db.transaction(async (tx) => {
    await assertOrganisationKind(tx, organisationId, 'sending', 'pledges are taken by');
    if (input.donor.kind === 'organisation') {
      const donorId = input.donor.organisationId;
      await loadOrganisation(tx, donorId).catch(() => {
        throw ruleViolated('donor.organisationId', 'no organisation with this id');
      });
    }
    const goodsItems = input.lines.flatMap((l) => (l.kind === 'goods' ? [l.itemId] : []));
    const known = new Set(goodsItems.length ? (await tx.select({ id: items.id }).from(items).where(inArray(items.id, goodsItems))).map((r) => r.id) : []);
    input.lines.forEach((line, i) => {
      if (line.kind === 'goods' && !known.has(line.itemId)) throw ruleViolated(`lines.${i}.itemId`, 'no item with this id');
    });
    checkPledgeLines(input.lines, await needLineFacts(tx, input.lines.flatMap((l) => (l.needLineId ? [l.needLineId] : []))));

    const [pledge] = await tx
      .insert(pledges)
      .values({
        id: newId(),
        organisationId,
        donorKind: input.donor.kind,
        donorOrganisationId: input.donor.kind === 'organisation' ? input.donor.organisationId : null,
        donorDisplayName: input.donor.kind === 'individual' ? input.donor.displayName : null,
        expectedOn: input.expectedOn,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await tx.insert(pledgeLines).values(
      input.lines.map((line, position) => ({
        id: newId(),
        pledgeId: pledge!.id,
        position,
        kind: line.kind,
        needLineId: line.needLineId ?? null,
        ...(line.kind === 'goods'
          ? { itemId: line.itemId, quantityUnits: line.quantityUnits }
          : { currency: line.currency, amountMinor: line.amountMinor }),
      })),
    );
    return pledgeView(tx, ctx.actor, pledge!);
  });
}

function assertMayManage(ctx: Ctx, organisationId: string) {
  if (!can(ctx.actor, 'pledges:write', organisationId)) throw forbidden('only the organisation that took this pledge may change it');
}

/** The donor will give nothing more. What had arrived stays recorded on the lines. */
export async function cancelPledge(ctx: Ctx, pledgeId: string, reason: string): Promise<PledgeView> {
  return ctx.db.transaction(async (tx) => {
    const pledge = await loadPledge(tx, pledgeId, true);
    assertMayManage(ctx, pledge.organisationId);
    if (pledge.cancelledAt) throw ruleViolated('status', 'this pledge is cancelled already');
    const [updated] = await tx
      .update(pledges)
      .set({ cancelledAt: new Date(), cancelledBy: ctx.actor.userId, cancelReason: reason })
      .where(eq(pledges.id, pledgeId))
      .returning();
    return pledgeView(tx, ctx.actor, updated!);
  });
}

/** Cash handed over against a cash line of the pledge, in the line's currency. */
export async function recordCashReceipt(ctx: Ctx, pledgeId: string, input: CashReceiptInput): Promise<PledgeView> {
  return ctx.db.transaction(async (tx) => {
    const pledge = await loadPledge(tx, pledgeId, true);
    assertMayManage(ctx, pledge.organisationId);
    if (pledge.cancelledAt) throw ruleViolated('status', 'this pledge is cancelled; record a new pledge for a new gift');
    const [line] = await tx
      .select({ kind: pledgeLines.kind })
      .from(pledgeLines)
      .where(and(eq(pledgeLines.id, input.pledgeLineId), eq(pledgeLines.pledgeId, pledgeId)));
    if (!line) throw ruleViolated('pledgeLineId', 'this pledge has no line with this id');
    if (line.kind !== 'cash') throw ruleViolated('pledgeLineId', 'goods are received at intake into stock, not here; name a cash line');
    await tx.insert(pledgeCashReceipts).values({
      id: newId(),
      pledgeLineId: input.pledgeLineId,
      amountMinor: input.amountMinor,
      receivedOn: input.receivedOn,
      recordedBy: ctx.actor.userId,
    });
    return pledgeView(tx, ctx.actor, pledge);
  });
}

export async function getPledge(ctx: Ctx, pledgeId: string): Promise<PledgeView> {
  return pledgeView(ctx.db, ctx.actor, await loadPledge(ctx.db, pledgeId));
}

export interface PledgeFilter {
  organisationId?: string;
  donorOrganisationId?: string;
  needId?: string;
  limit: number;
  offset: number;
}

export async function listPledges(ctx: Ctx, filter: PledgeFilter): Promise<PledgeView[]> {
  const where: SQL[] = [];
  if (filter.organisationId) where.push(eq(pledges.organisationId, filter.organisationId));
  if (filter.donorOrganisationId) where.push(eq(pledges.donorOrganisationId, filter.donorOrganisationId));
  if (filter.needId) {
    const linesOfNeed = ctx.db.select({ id: needLines.id }).from(needLines).where(eq(needLines.needId, filter.needId));
    where.push(inArray(pledges.id, ctx.db.select({ id: pledgeLines.pledgeId }).from(pledgeLines).where(inArray(pledgeLines.needLineId, linesOfNeed))));
  }
  const rows = await ctx.db
    .select()
    .from(pledges)
    .where(and(...where))
    .orderBy(desc(pledges.createdAt), desc(pledges.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return pledgeViews(ctx.db, ctx.actor, rows);
}
