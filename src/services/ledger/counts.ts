import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { conflict, notFound, ruleViolated } from '../../domain/errors.js';
import { gainAccount, lossAccount } from '../../domain/ledger/accounts.js';
import { countAdjustment } from '../../domain/ledger/counts.js';
import type { StockCountCloseInput, StockCountLinesInput, StockCountOpenInput } from '../../domain/ledger/inputs.js';
import type { StockCountSummaryView, StockCountView } from '../../domain/ledger/views.js';
import type { Queryable } from '../../db/client.js';
import { lots, stockCountLines, stockCounts } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { loadOrganisation } from '../organisations.js';
import { locationRefs, mustGet } from '../refs.js';
import { loadLots } from './lots.js';
import { inTransaction, lineId, occurredAt, runOperation } from './operations.js';
import { postTransfers, type TransferLine } from './post.js';
import { assertRunBy, loadSite } from './sites.js';
import { holdings } from './stock.js';

type CountRow = typeof stockCounts.$inferSelect;

async function loadCount(db: Queryable, organisationId: string, countId: string, lock = false): Promise<CountRow> {
  const query = db
    .select()
    .from(stockCounts)
    .where(and(eq(stockCounts.id, countId), eq(stockCounts.organisationId, organisationId)));
  // Another organisation's count is not found rather than forbidden: its existence is not ours to know.
  const [count] = lock ? await query.for('update') : await query;
  if (!count) throw notFound('stock count', 'countId');
  return count;
}

/**
 * The counting sheet: every lot the books say is at the site, and every lot counted. While the
 * count is open, the books are read afresh; once closed, the figures are those it closed with.
 */
async function countView(db: Queryable, count: CountRow): Promise<StockCountView> {
  const counted = await db
    .select({ line: stockCountLines, lotCode: lots.lotCode })
    .from(stockCountLines)
    .innerJoin(lots, eq(lots.id, stockCountLines.lotId))
    .where(eq(stockCountLines.countId, count.id))
    .orderBy(asc(lots.lotCode));
  const site = await loadSite(db, count.locationId, 'locationId');
  const books = count.status === 'open' ? await holdings(db, sql`b.account_id = ${site.holding.id}`) : [];
  const booked = new Map(books.map((h) => [h.lotId, h]));
  const lines: StockCountView['lines'] = counted.map(({ line, lotCode }) => {
    const expectedUnits = count.status === 'open' ? (booked.get(line.lotId)?.availableUnits ?? 0) : line.expectedUnits!;
    return {
      itemId: line.itemId,
      lotId: line.lotId,
      lotCode,
      expectedUnits,
      countedUnits: line.countedUnits,
      differenceUnits: line.countedUnits - expectedUnits,
      reason: line.reason,
      adjustmentTransferId: line.adjustmentTransferId,
    };
  });
  const countedLots = new Set(counted.map((c) => c.line.lotId));
  for (const h of books.filter((b) => !countedLots.has(b.lotId))) {
    lines.push({ itemId: h.itemId, lotId: h.lotId, lotCode: h.lotCode, expectedUnits: h.availableUnits, countedUnits: null, differenceUnits: null, reason: null, adjustmentTransferId: null });
  }
  return {
    id: count.id,
    organisationId: count.organisationId,
    locationId: count.locationId,
    status: count.status,
    note: count.note,
    openedBy: count.openedBy,
    openedAt: count.openedAt.toISOString(),
    closedBy: count.closedBy,
    closedAt: count.closedAt?.toISOString() ?? null,
    closingOperationId: count.closingOperationId,
    lines,
  };
}

/** Opens a count at a site; opening the same id again returns the same count. */
export async function openStockCount(ctx: Ctx, organisationId: string, input: StockCountOpenInput, now = new Date()): Promise<StockCountView> {
  return inTransaction(ctx.db, async (tx) => {
    const site = await loadSite(tx, input.locationId, 'locationId');
    assertRunBy(site, organisationId, 'locationId');
    await tx
      .insert(stockCounts)
      .values({ id: input.id, organisationId, locationId: input.locationId, note: input.note ?? null, openedBy: ctx.actor.userId, openedAt: now })
      .onConflictDoNothing();
    const [count] = await tx.select().from(stockCounts).where(eq(stockCounts.id, input.id));
    if (count!.organisationId !== organisationId || count!.locationId !== input.locationId || count!.note !== (input.note ?? null)) {
      throw conflict('a stock count with this id exists for another site; make a new id', 'id');
    }
    return countView(tx, count!);
  });
}

export async function getStockCount(ctx: Ctx, organisationId: string, countId: string): Promise<StockCountView> {
  return countView(ctx.db, await loadCount(ctx.db, organisationId, countId));
}

export interface StockCountFilter {
  status?: StockCountView['status'];
  locationId?: string;
  limit: number;
  offset: number;
}

/**
 * The organisation's counts, open ones first (a count left open is work to finish), then the
 * newest opened. Each with how far its sheet got: lots counted out of the lots on it.
 */
export async function listStockCounts(ctx: Ctx, organisationId: string, filter: StockCountFilter): Promise<StockCountSummaryView[]> {
  await loadOrganisation(ctx.db, organisationId);
  const where: SQL[] = [eq(stockCounts.organisationId, organisationId)];
  if (filter.status) where.push(eq(stockCounts.status, filter.status));
  if (filter.locationId) where.push(eq(stockCounts.locationId, filter.locationId));
  const rows = await ctx.db
    .select()
    .from(stockCounts)
    .where(and(...where))
    .orderBy(sql`${stockCounts.status} = 'open' desc`, desc(stockCounts.openedAt), asc(stockCounts.id))
    .limit(filter.limit)
    .offset(filter.offset);
  if (rows.length === 0) return [];
  const counted = await ctx.db
    .select({ countId: stockCountLines.countId, lotId: stockCountLines.lotId })
    .from(stockCountLines)
    .where(inArray(stockCountLines.countId, rows.map((r) => r.id)));
  const lotsOf = new Map<string, Set<string>>(rows.map((r) => [r.id, new Set()]));
  for (const c of counted) lotsOf.get(c.countId)!.add(c.lotId);
  // While a count is open its sheet also lists what the books hold at the site: one read of the books per site.
  const booked = new Map<string, string[]>();
  for (const locationId of new Set(rows.filter((r) => r.status === 'open').map((r) => r.locationId))) {
    const site = await loadSite(ctx.db, locationId, 'locationId');
    booked.set(locationId, (await holdings(ctx.db, sql`b.account_id = ${site.holding.id}`)).map((h) => h.lotId));
  }
  const places = await locationRefs(ctx.db, rows.map((r) => r.locationId));
  return rows.map((r) => {
    const countedLots = lotsOf.get(r.id)!;
    const uncounted = r.status === 'open' ? mustGet(booked, r.locationId).filter((lot) => !countedLots.has(lot)).length : 0;
    return {
      id: r.id,
      organisationId: r.organisationId,
      site: mustGet(places, r.locationId),
      status: r.status,
      note: r.note,
      openedBy: r.openedBy,
      openedAt: r.openedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      linesCounted: countedLots.size,
      linesTotal: countedLots.size + uncounted,
    };
  });
}

/** Records counted quantities (and, where they differ from the books, why); a lot counted again is replaced. */
export async function recordCountLines(ctx: Ctx, organisationId: string, countId: string, input: StockCountLinesInput, now = new Date()): Promise<StockCountView> {
  return inTransaction(ctx.db, async (tx) => {
    const count = await loadCount(tx, organisationId, countId, true);
    if (count.status !== 'open') throw ruleViolated('countId', 'this count is closed; open a new one');
    const found = await loadLots(tx, input.lines.map((l) => l.lotId), (i) => `lines.${i}.lotId`);
    for (const l of input.lines) {
      const values = {
        countId,
        itemId: found.get(l.lotId)!.itemId,
        lotId: l.lotId,
        countedUnits: l.countedUnits,
        reason: l.reason ?? null,
        countedBy: ctx.actor.userId,
        countedAt: now,
      };
      await tx
        .insert(stockCountLines)
        .values(values)
        .onConflictDoUpdate({ target: [stockCountLines.countId, stockCountLines.lotId], set: values });
    }
    return countView(tx, count);
  });
}

/**
 * Closes a count: each counted lot is compared with the books at this moment, and every
 * difference is posted as an adjustment — to `loss:<reason>` for a shortage, from
 * `gain:<reason>` for a surplus. A difference without a fitting reason stops the close.
 * Lots not counted are left as they are.
 */
export async function closeStockCount(ctx: Ctx, organisationId: string, countId: string, input: StockCountCloseInput, now = new Date()): Promise<StockCountView> {
  const spec = { id: input.id, kind: 'stock-count', organisationId, request: { countId, ...input } };
  return runOperation(ctx, spec, async (tx) => {
    const count = await loadCount(tx, organisationId, countId, true);
    if (count.status !== 'open') throw ruleViolated('countId', 'this count is closed already');
    const site = await loadSite(tx, count.locationId, 'locationId');
    const counted = await tx
      .select({ line: stockCountLines, lotCode: lots.lotCode })
      .from(stockCountLines)
      .innerJoin(lots, eq(lots.id, stockCountLines.lotId))
      .where(eq(stockCountLines.countId, countId))
      .orderBy(asc(lots.lotCode));
    // Lock the site's balances of these lots, so nothing moves between reading and adjusting them.
    const books = await holdings(tx, sql`b.account_id = ${site.holding.id}`, { lock: true });
    const booked = new Map(books.map((h) => [h.lotId, h.availableUnits]));
    const when = occurredAt(input.occurredAt, now);
    const lines: TransferLine[] = [];
    const lineOfLot = new Map<string, number>();
    for (const { line, lotCode } of counted) {
      const adjustment = countAdjustment(booked.get(line.lotId) ?? 0, line.countedUnits, line.reason ?? undefined);
      if ('error' in adjustment) throw ruleViolated('lines', `lot ${lotCode}: ${adjustment.error}; record the line again with a reason`);
      if (adjustment.direction === 'none') continue;
      lineOfLot.set(line.lotId, lines.length);
      lines.push({
        id: lineId(input.id, lines.length),
        kind: 'adjustment',
        from: adjustment.direction === 'loss' ? site.holding : gainAccount(adjustment.reason),
        to: adjustment.direction === 'loss' ? lossAccount(adjustment.reason) : site.holding,
        itemId: line.itemId,
        lotId: line.lotId,
        quantityUnits: adjustment.quantityUnits,
        reason: adjustment.reason,
        occurredAt: when,
      });
    }
    const transfers = await postTransfers(tx, ctx.actor, { organisationId, operationId: input.id, lines, fieldOf: () => 'lines' });
    for (const { line } of counted) {
      const index = lineOfLot.get(line.lotId);
      await tx
        .update(stockCountLines)
        .set({ expectedUnits: booked.get(line.lotId) ?? 0, adjustmentTransferId: index === undefined ? null : transfers[index]!.id })
        .where(and(eq(stockCountLines.countId, countId), eq(stockCountLines.lotId, line.lotId)));
    }
    const [closed] = await tx
      .update(stockCounts)
      .set({ status: 'closed', closedBy: ctx.actor.userId, closedAt: now, closingOperationId: input.id })
      .where(eq(stockCounts.id, countId))
      .returning();
    return countView(tx, closed!);
  }, async (tx) => countView(tx, await loadCount(tx, organisationId, countId)));
}
