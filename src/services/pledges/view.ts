import { asc, eq, inArray } from 'drizzle-orm';
import { isMember, type Actor } from '../../domain/access.js';
import { notFound } from '../../domain/errors.js';
import { pledgeStatus } from '../../domain/pledges/pledge.js';
import type { PledgeLineView, PledgeView } from '../../domain/pledges/views.js';
import type { Queryable } from '../../db/client.js';
import { needLines, pledgeCashReceipts, pledgeLines, pledges } from '../../db/schema/index.js';
import { itemRefs, mustGet, organisationRefs } from '../refs.js';
import { pledgeCashReceived, pledgeGoodsReceived } from './receipts.js';

export type PledgeRow = typeof pledges.$inferSelect;

/**
 * Pledges are shared data: what was promised for a need is part of its coverage. The name of a
 * person who gave is not: only the organisation that took the pledge sees it.
 */
export async function pledgeViews(db: Queryable, actor: Actor, rows: readonly PledgeRow[]): Promise<PledgeView[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const lines = await db
    .select({ line: pledgeLines, needId: needLines.needId })
    .from(pledgeLines)
    .leftJoin(needLines, eq(needLines.id, pledgeLines.needLineId))
    .where(inArray(pledgeLines.pledgeId, ids))
    .orderBy(asc(pledgeLines.pledgeId), asc(pledgeLines.position));
  const lineIds = lines.map((l) => l.line.id);
  const goods = await pledgeGoodsReceived(db, lines.filter((l) => l.line.kind === 'goods').map((l) => l.line.id));
  const cash = await pledgeCashReceived(db, lines.filter((l) => l.line.kind === 'cash').map((l) => l.line.id));
  const receipts = lineIds.length
    ? await db.select().from(pledgeCashReceipts).where(inArray(pledgeCashReceipts.pledgeLineId, lineIds)).orderBy(asc(pledgeCashReceipts.recordedAt), asc(pledgeCashReceipts.id))
    : [];
  const orgs = await organisationRefs(db, rows.flatMap((r) => [r.organisationId, ...(r.donorOrganisationId ? [r.donorOrganisationId] : [])]));
  const things = await itemRefs(db, lines.flatMap((l) => (l.line.itemId ? [l.line.itemId] : [])));

  return rows.map((pledge) => {
    const mine = lines.filter((l) => l.line.pledgeId === pledge.id);
    const lineViews: PledgeLineView[] = mine.map(({ line, needId }) => {
      const received = line.kind === 'goods' ? mustGet(goods, line.id) : null;
      return {
        id: line.id,
        kind: line.kind,
        needLineId: line.needLineId,
        needId,
        item: line.itemId ? mustGet(things, line.itemId) : null,
        quantityUnits: line.quantityUnits,
        receivedUnits: received?.receivedUnits ?? null,
        unusableUnits: received?.unusableUnits ?? null,
        currency: line.currency,
        amountMinor: line.amountMinor,
        receivedMinor: line.kind === 'cash' ? mustGet(cash, line.id) : null,
      };
    });
    const currencyOf = new Map(mine.map(({ line }) => [line.id, line.currency]));
    return {
      id: pledge.id,
      organisation: mustGet(orgs, pledge.organisationId),
      donor: {
        kind: pledge.donorKind,
        organisation: pledge.donorOrganisationId ? mustGet(orgs, pledge.donorOrganisationId) : null,
        displayName: isMember(actor, pledge.organisationId) ? pledge.donorDisplayName : null,
      },
      expectedOn: pledge.expectedOn,
      status: pledgeStatus(
        pledge.cancelledAt !== null,
        lineViews.map((l) => (l.kind === 'goods' ? { promised: l.quantityUnits!, received: l.receivedUnits! } : { promised: l.amountMinor!, received: l.receivedMinor! })),
      ),
      lines: lineViews,
      cashReceipts: receipts
        .filter((r) => currencyOf.has(r.pledgeLineId))
        .map((r) => ({
          id: r.id,
          pledgeLineId: r.pledgeLineId,
          currency: currencyOf.get(r.pledgeLineId)!,
          amountMinor: r.amountMinor,
          receivedOn: r.receivedOn,
          recordedAt: r.recordedAt.toISOString(),
          recordedBy: r.recordedBy,
        })),
      createdAt: pledge.createdAt.toISOString(),
      createdBy: pledge.createdBy,
      cancelledAt: pledge.cancelledAt?.toISOString() ?? null,
      cancelReason: pledge.cancelReason,
    };
  });
}

export async function loadPledge(db: Queryable, pledgeId: string, forUpdate = false): Promise<PledgeRow> {
  const query = db.select().from(pledges).where(eq(pledges.id, pledgeId));
  const [pledge] = forUpdate ? await query.for('update') : await query;
  if (!pledge) throw notFound('pledge', 'pledgeId');
  return pledge;
}

export async function pledgeView(db: Queryable, actor: Actor, pledge: PledgeRow): Promise<PledgeView> {
  return (await pledgeViews(db, actor, [pledge]))[0]!;
}
