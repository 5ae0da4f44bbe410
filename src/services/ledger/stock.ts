import { sql, type SQL } from 'drizzle-orm';
import { effectiveStatus, expiryBand, isoDate, type ExpiryBand, type IsoDate } from '../../domain/ledger/expiry.js';
import { fefoPick, type PickCandidate } from '../../domain/ledger/fefo.js';
import type { LotStatus } from '../../domain/ledger/vocabulary.js';
import type { PickView, StockRowView } from '../../domain/ledger/views.js';
import type { Queryable } from '../../db/client.js';
import type { Ctx } from '../context.js';
import { assertRunBy, loadSite } from './sites.js';
import { rowsOf } from './sql.js';

/** A positive balance of one lot in one account, with what FEFO and people need to know of the lot. */
export interface Holding extends PickCandidate {
  accountId: string;
  locationId: string | null;
  itemId: string;
  itemCode: string;
}

interface HoldingRow {
  account_id: string;
  location_id: string | null;
  item_id: string;
  item_code: string;
  lot_id: string;
  lot_code: string;
  expiry_date: IsoDate | null;
  status: LotStatus;
  units: number;
}

/**
 * Positive balances, read from the balances table only (never the ledger), for the accounts and
 * lots `where` selects. Joins the accounts (a), balances (b), lots (l) and items (i). `lock`
 * holds the balance rows until the transaction ends, so what was read stays true.
 */
export async function holdings(db: Queryable, where: SQL, { limit = 10_000, lock = false } = {}): Promise<Holding[]> {
  const rows = await rowsOf<HoldingRow>(
    db,
    sql`select b.account_id, a.location_id, b.item_id, i.code as item_code, b.lot_id, l.lot_code, l.expiry_date, l.status,
               b.balance_units as units
        from account_balances b
        join ledger_accounts a on a.id = b.account_id
        join lots l on l.id = b.lot_id
        join items i on i.id = b.item_id
        where b.balance_units > 0 and ${where}
        order by a.location_id, i.code, l.expiry_date nulls last, l.lot_code
        limit ${limit}
        ${lock ? sql`for update of b` : sql``}`,
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    locationId: r.location_id,
    itemId: r.item_id,
    itemCode: r.item_code,
    lotId: r.lot_id,
    lotCode: r.lot_code,
    expiryDate: r.expiry_date,
    status: r.status,
    availableUnits: r.units,
  }));
}

export interface StockFilter {
  locationId?: string;
  itemId?: string;
  lotId?: string;
  band?: ExpiryBand;
}

/** What an organisation has on its shelves, site by site and lot by lot, with how soon it expires. */
export async function stockOnHand(ctx: Ctx, organisationId: string, filter: StockFilter, now = new Date()): Promise<StockRowView[]> {
  const today = isoDate(now);
  const where: SQL[] = [
    sql`a.kind = 'holding'`,
    sql`a.location_id in (select id from locations where organisation_id = ${organisationId})`,
  ];
  if (filter.locationId) where.push(sql`a.location_id = ${filter.locationId}`);
  if (filter.itemId) where.push(sql`b.item_id = ${filter.itemId}`);
  if (filter.lotId) where.push(sql`b.lot_id = ${filter.lotId}`);
  const rows = (await holdings(ctx.db, sql.join(where, sql` and `))).map((h) => ({
    locationId: h.locationId!,
    itemId: h.itemId,
    itemCode: h.itemCode,
    lotId: h.lotId,
    lotCode: h.lotCode,
    expiryDate: h.expiryDate,
    status: effectiveStatus(h.status, h.expiryDate, today),
    expiryBand: expiryBand(h.expiryDate, today),
    quantityUnits: h.availableUnits,
  }));
  return filter.band ? rows.filter((r) => r.expiryBand === filter.band) : rows;
}

/** The stock of one item at one site, every lot, for FEFO picking. */
export const holdingsOfItem = (db: Queryable, holdingAccountId: string, itemId: string) =>
  holdings(db, sql`b.account_id = ${holdingAccountId} and b.item_id = ${itemId}`);

export interface PickQuery {
  locationId: string;
  itemId: string;
  quantityUnits: number;
  usableUntil?: IsoDate;
}

/** Which lots to take for a requested quantity: first expiry first out, only available lots. */
export async function pickSuggestion(ctx: Ctx, organisationId: string, query: PickQuery, now = new Date()): Promise<PickView> {
  const site = await loadSite(ctx.db, query.locationId, 'locationId');
  assertRunBy(site, organisationId, 'locationId');
  const candidates = await holdingsOfItem(ctx.db, site.holding.id, query.itemId);
  const pick = fefoPick(candidates, query.quantityUnits, isoDate(now), query.usableUntil);
  return { locationId: site.id, itemId: query.itemId, requestedUnits: query.quantityUnits, ...pick };
}
