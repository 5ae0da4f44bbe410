import { sql, type SQL } from 'drizzle-orm';
import { notFound } from '../../domain/errors.js';
import type { AccountEntryView, AccountHistoryView, AccountView, MovementsView } from '../../domain/ledger/views.js';
import type { Queryable } from '../../db/client.js';
import type { Ctx } from '../context.js';
import { transferView, type TransferRow } from './post.js';
import { rowsOf } from './sql.js';

interface AccountRow {
  id: string;
  code: string;
  kind: AccountView['kind'];
  organisation_id: string | null;
  location_id: string | null;
  consignment_id: string | null;
}

const accountView = (a: AccountRow): AccountView => ({
  id: a.id,
  code: a.code,
  kind: a.kind,
  organisationId: a.organisation_id,
  locationId: a.location_id,
  consignmentId: a.consignment_id,
});

/**
 * The accounts an organisation answers for: those recorded under it, and the holdings of the
 * sites it runs now (a site may have changed hands since its account was opened).
 */
const ownAccounts = (organisationId: string) =>
  sql`(a.organisation_id = ${organisationId} or a.location_id in (select id from locations where organisation_id = ${organisationId}))`;

export async function listAccounts(ctx: Ctx, organisationId: string): Promise<AccountView[]> {
  const rows = await rowsOf<AccountRow>(ctx.db, sql`select a.* from ledger_accounts a where ${ownAccounts(organisationId)} order by a.code`);
  return rows.map(accountView);
}

type EntryRow = TransferRow & { from_code: string; to_code: string };

async function entries(db: Queryable, where: SQL, limit: number): Promise<EntryRow[]> {
  return rowsOf<EntryRow>(
    db,
    sql`select t.*, fa.code as from_code, ta.code as to_code
        from transfers t
        join ledger_accounts fa on fa.id = t.from_account_id
        join ledger_accounts ta on ta.id = t.to_account_id
        where ${where}
        order by t.seq
        limit ${limit}`,
  );
}

const entryView = (r: EntryRow, deltaUnits: number): AccountEntryView => ({
  ...transferView(r, (id) => (id === r.from_account_id ? r.from_code : r.to_code)),
  deltaUnits,
});

/** What went in and out of one account, oldest first, a page at a time. */
export async function accountHistory(
  ctx: Ctx,
  organisationId: string,
  accountId: string,
  page: { afterSeq?: number; limit: number },
): Promise<AccountHistoryView> {
  const [account] = await rowsOf<AccountRow>(ctx.db, sql`select a.* from ledger_accounts a where a.id = ${accountId} and ${ownAccounts(organisationId)}`);
  if (!account) throw notFound('account', 'accountId');
  const after = page.afterSeq ?? 0;
  // Two index range scans (transfers_from_idx, transfers_to_idx) rather than one scan with OR.
  const rows = await entries(
    ctx.db,
    sql`t.seq in (
          (select seq from transfers where from_account_id = ${accountId} and seq > ${after} order by seq limit ${page.limit})
          union all
          (select seq from transfers where to_account_id = ${accountId} and seq > ${after} order by seq limit ${page.limit}))`,
    page.limit,
  );
  return {
    account: accountView(account),
    entries: rows.map((r) => entryView(r, r.to_account_id === accountId ? r.quantity_units : -r.quantity_units)),
    nextAfterSeq: rows.length === page.limit ? rows[rows.length - 1]!.seq : null,
  };
}

export interface MovementsQuery {
  itemId: string;
  from: string;
  to: string;
  limit: number;
}

/**
 * Every transfer of one item in a period that touched the organisation's accounts, with what it
 * meant for the organisation: in, out, or 0 for a move between its own sites.
 */
export async function itemMovements(ctx: Ctx, organisationId: string, query: MovementsQuery): Promise<MovementsView> {
  const owned = sql`(select a.id from ledger_accounts a where ${ownAccounts(organisationId)})`;
  const rows = await rowsOf<EntryRow & { from_owned: boolean; to_owned: boolean }>(
    ctx.db,
    sql`select t.*, fa.code as from_code, ta.code as to_code,
               t.from_account_id in ${owned} as from_owned, t.to_account_id in ${owned} as to_owned
        from transfers t
        join ledger_accounts fa on fa.id = t.from_account_id
        join ledger_accounts ta on ta.id = t.to_account_id
        where t.item_id = ${query.itemId}
          and t.occurred_at >= ${query.from}::timestamptz and t.occurred_at < ${query.to}::timestamptz
          and (t.from_account_id in ${owned} or t.to_account_id in ${owned})
        order by t.occurred_at, t.seq
        limit ${query.limit}`,
  );
  let inUnits = 0;
  let outUnits = 0;
  const transfers = rows.map((r) => {
    const delta = (r.to_owned ? r.quantity_units : 0) - (r.from_owned ? r.quantity_units : 0);
    if (delta > 0) inUnits += delta;
    else outUnits -= delta;
    return entryView(r, delta);
  });
  return { itemId: query.itemId, from: query.from, to: query.to, inUnits, outUnits, transfers };
}
