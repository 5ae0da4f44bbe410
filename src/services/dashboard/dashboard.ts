import { sql, type SQL } from 'drizzle-orm';
import { isMember } from '../../domain/access.js';
import type { Sector } from '../../domain/catalogue.js';
import { funnelOf, lossCauseOf, type DashboardQuery, type DashboardView, type FunnelStage, type LossCauseView } from '../../domain/dashboard/views.js';
import { forbidden, ruleViolated } from '../../domain/errors.js';
import { addMonths, isoDate } from '../../domain/ledger/expiry.js';
import { lossReasons, type LossReason } from '../../domain/ledger/vocabulary.js';
import { isMonitor } from '../../domain/trace/access.js';
import type { Queryable } from '../../db/client.js';
import type { Ctx } from '../context.js';
import { rowsOf, toDate } from '../ledger/sql.js';
import { coverageOfLines } from '../needs/coverage.js';
import { itemRefs, locationRefs, mustGet, organisationRefs } from '../refs.js';

/**
 * The dashboard: one answer with the pipeline funnel, coverage by governorate and sector, stock
 * about to expire, consignments waiting at checkpoints, and losses by account and by cause.
 *
 * Cheap by construction: needs, pledges and distributions are read from their own tables; stock,
 * distributed goods and (for everything shared) receipts and losses from the balances table; the
 * ledger itself only through its account indexes — the transfers in and out of transit accounts
 * (dispatch, receipt, rejection, loss in transit), in and out of loss accounts (what caused each
 * loss) and, for one organisation, those into its own holdings. Never a scan of all transfers.
 */
export async function dashboard(ctx: Ctx, query: DashboardQuery, now = new Date()): Promise<DashboardView> {
  const organisationId = scopeOf(ctx, query);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    const today = isoDate(now);
    const needLines = await sharedNeedLines(tx, organisationId);
    const coverage = await coverageOfLines(tx, needLines.map((l) => ({ id: l.id, quantityUnits: l.quantity_units })));

    const sum = (rows: readonly { item_id: string; units: number | string }[]) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r.item_id, (m.get(r.item_id) ?? 0) + Number(r.units));
      return m;
    };
    const transit = await transitFlows(tx, organisationId);
    const ofKind = (kind: string) => sum(transit.filter((r) => r.kind === kind));
    const delivered = ofKind('receipt');
    const lostOnRoad = ofKind('transit-loss');
    const figures: Record<FunnelStage, Map<string, number>> = {
      needed: sum(needLines.map((l) => ({ item_id: l.item_id, units: l.quantity_units }))),
      pledged: sum(await pledged(tx, organisationId)),
      received: sum(await received(tx, organisationId)),
      dispatched: ofKind('dispatch'),
      // Until consignments record checkpoint outcomes: what left transit other than by rejection.
      cleared: sum([...delivered, ...lostOnRoad].map(([item_id, units]) => ({ item_id, units }))),
      delivered,
      distributed: sum(await distributed(tx, organisationId)),
    };
    const funnel = funnelOf(figures);

    // Coverage by governorate and by sector, from each need line's coverage.
    type Cover = { neededUnits: number; coveredUnits: number; distributedUnits: number };
    const add = (m: Map<string, Cover>, key: string, c: Cover) => {
      const a = m.get(key) ?? { neededUnits: 0, coveredUnits: 0, distributedUnits: 0 };
      m.set(key, { neededUnits: a.neededUnits + c.neededUnits, coveredUnits: a.coveredUnits + c.coveredUnits, distributedUnits: a.distributedUnits + c.distributedUnits });
    };
    const byArea = new Map<string, Cover>();
    const bySector = new Map<string, Cover>();
    for (const l of needLines) {
      const c = mustGet(coverage, l.id);
      const figures = { neededUnits: c.neededUnits, coveredUnits: c.coveredUnits, distributedUnits: c.distributedUnits };
      add(byArea, l.area_id, figures);
      add(bySector, l.sector, figures);
    }
    const ratio = (c: Cover) => ({ ...c, coverageRatio: c.neededUnits > 0 ? c.coveredUnits / c.neededUnits : 0 });

    const expiring = await expiringStock(tx, organisationId, today);
    const losses = await lossesByAccount(tx, organisationId);
    const lossCauses = await lossesByCause(tx, organisationId);

    const things = await itemRefs(tx, [...funnel.byItem.map((r) => r.itemId), ...expiring.map((e) => e.item_id)]);
    const places = await locationRefs(tx, byArea.keys());
    const org = organisationId ? mustGet(await organisationRefs(tx, [organisationId]), organisationId) : null;
    return {
      scope: { organisation: org },
      today,
      funnel: { stages: funnel.stages, byItem: funnel.byItem.map(({ itemId, ...r }) => ({ item: mustGet(things, itemId), ...r })) },
      coverage: {
        byGovernorate: [...byArea].map(([id, c]) => ({ location: mustGet(places, id), ...ratio(c) })).sort((a, b) => b.neededUnits - a.neededUnits),
        bySector: [...bySector].map(([sector, c]) => ({ sector: sector as Sector, ...ratio(c) })).sort((a, b) => b.neededUnits - a.neededUnits),
      },
      expiring: {
        within3MonthsUnits: expiring.reduce((s, e) => s + Number(e.within3), 0),
        within9MonthsUnits: expiring.reduce((s, e) => s + Number(e.within9), 0),
        byItem: expiring.map((e) => ({ item: mustGet(things, e.item_id), within3MonthsUnits: Number(e.within3), within9MonthsUnits: Number(e.within9) })),
      },
      checkpoints: { available: true, waiting: await waitingAtCheckpoints(tx, organisationId, now) },
      losses,
      lossCauses,
    };
  });
}

/**
 * Consignments standing at a checkpoint or offloaded at a crossing, with how long since they
 * arrived there (their latest arrival), longest wait first. One organisation: those it sends,
 * receives or carries.
 */
async function waitingAtCheckpoints(db: Queryable, organisationId: string | null, now: Date) {
  const scope = organisationId
    ? sql`and (c.sender_organisation_id = ${organisationId} or c.consignee_organisation_id = ${organisationId} or c.carrier_organisation_id = ${organisationId})`
    : sql``;
  const rows = await rowsOf<{ id: string; reference: string; location_id: string; occurred_at: Date | string }>(
    db,
    sql`select c.id, c.reference, e.location_id, e.occurred_at
        from consignments c
        join lateral (select location_id, occurred_at from consignment_events
                      where consignment_id = c.id and kind = 'arrived' and location_id is not null
                      order by occurred_at desc limit 1) e on true
        where c.status in ('at_checkpoint', 'offloaded') ${scope}
        order by e.occurred_at
        limit 50`,
  );
  const places = await locationRefs(db, rows.map((r) => r.location_id));
  return rows.map((r) => {
    const arrived = toDate(r.occurred_at);
    return {
      consignmentId: r.id,
      reference: r.reference,
      checkpoint: mustGet(places, r.location_id),
      arrivedAt: arrived.toISOString(),
      daysWaited: Math.max(0, (now.getTime() - arrived.getTime()) / 86_400_000),
    };
  });
}

/** Whose figures: one organisation (the reader's own; any for a monitor), or everything shared (null, monitors only). */
function scopeOf(ctx: Ctx, query: DashboardQuery): string | null {
  const monitor = isMonitor(ctx.actor);
  if (query.organisationId) {
    if (!monitor && !isMember(ctx.actor, query.organisationId)) {
      throw forbidden("only monitors may see another organisation's dashboard");
    }
    return query.organisationId;
  }
  if (monitor) return null;
  const first = ctx.actor.memberships[0];
  if (!first) throw ruleViolated('organisationId', 'name the organisation whose figures to show');
  return first.organisationId;
}

/** The accounts an organisation answers for: recorded under it, or the holdings of the sites it runs. */
const ownAccounts = (organisationId: string) =>
  sql`(select a.id from ledger_accounts a where a.organisation_id = ${organisationId}
        or a.location_id in (select id from locations where organisation_id = ${organisationId}))`;
const ownHoldings = (organisationId: string) =>
  sql`(select a.id from ledger_accounts a where a.kind = 'holding' and a.location_id in (select id from locations where organisation_id = ${organisationId}))`;

interface NeedLineRow {
  id: string;
  item_id: string;
  quantity_units: number;
  sector: Sector;
  area_id: string;
}

/**
 * Lines of the needs that are shared (submitted once, not cancelled; drafts are the partner's
 * alone) — raised by the organisation or addressed to it. Each is placed in its governorate:
 * the need's place, or the area a site lies in.
 */
async function sharedNeedLines(db: Queryable, organisationId: string | null): Promise<NeedLineRow[]> {
  const scope: SQL = organisationId
    ? sql`and (n.organisation_id = ${organisationId} or exists (select 1 from need_addressees x where x.need_id = n.id and x.organisation_id = ${organisationId}))`
    : sql``;
  return rowsOf<NeedLineRow>(
    db,
    sql`select l.id, l.item_id, l.quantity_units, n.sector, case when p.level = 'site' then p.parent_id else p.id end as area_id
        from need_lines l join needs n on n.id = l.need_id join locations p on p.id = n.location_id
        where n.status in ('submitted', 'approved', 'closed') ${scope}`,
  );
}

/** Goods promised by pledges that stand, per item (taken by the organisation, or given by it). */
async function pledged(db: Queryable, organisationId: string | null) {
  const scope = organisationId ? sql`and (p.organisation_id = ${organisationId} or p.donor_organisation_id = ${organisationId})` : sql``;
  return rowsOf<{ item_id: string; units: number }>(
    db,
    sql`select l.item_id, sum(l.quantity_units)::int8 as units
        from pledge_lines l join pledges p on p.id = l.pledge_id
        where l.kind = 'goods' and p.cancelled_at is null ${scope}
        group by l.item_id`,
  );
}

/**
 * Usable goods received at intake, per item. Everything shared: what the donation and purchase
 * accounts gave (their balances are minus what they gave), less what went straight to
 * loss:unusable-donation. One organisation: intakes into its holdings, net of reversals.
 */
async function received(db: Queryable, organisationId: string | null) {
  if (!organisationId) {
    // Source balances are −given and the unusable sink's is +unusable, so −(their sum) = given − unusable.
    return rowsOf<{ item_id: string; units: number }>(
      db,
      sql`select b.item_id, -sum(b.balance_units)::int8 as units
          from account_balances b join ledger_accounts a on a.id = b.account_id
          where (a.kind = 'source' and (a.code like 'donation:%' or a.code = 'purchase')) or a.code = 'loss:unusable-donation'
          group by b.item_id`,
    );
  }
  return rowsOf<{ item_id: string; units: number }>(
    db,
    sql`select item_id, sum(units)::int8 as units from (
          select t.item_id, t.quantity_units as units from transfers t
          where t.to_account_id in ${ownHoldings(organisationId)} and t.kind = 'intake'
          union all
          select t.item_id, -t.quantity_units from transfers t join transfers o on o.id = t.reverses_transfer_id
          where t.from_account_id in ${ownHoldings(organisationId)} and t.kind = 'reversal' and o.kind = 'intake'
        ) x group by item_id`,
  );
}

/**
 * What passed through transit accounts, per item and kind (dispatch, receipt, inspection-rejection,
 * transit-loss), a reversal counted as minus the movement it undoes. Read through the account
 * indexes of the transit accounts only. One organisation: the consignments it sent, and those it
 * received goods from.
 */
async function transitFlows(db: Queryable, organisationId: string | null) {
  const accounts = organisationId
    ? sql`(select a.id from ledger_accounts a where a.kind = 'transit' and (a.organisation_id = ${organisationId}
            or a.id in (select t.from_account_id from transfers t where t.to_account_id in ${ownHoldings(organisationId)} and t.kind in ('receipt', 'inspection-rejection'))))`
    : sql`(select a.id from ledger_accounts a where a.kind = 'transit')`;
  return rowsOf<{ item_id: string; kind: string; units: number }>(
    db,
    sql`select t.item_id, case when t.kind = 'reversal' then o.kind::text else t.kind::text end as kind,
               sum(case when t.kind = 'reversal' then -t.quantity_units else t.quantity_units end)::int8 as units
        from transfers t left join transfers o on o.id = t.reverses_transfer_id
        where t.to_account_id in ${accounts} or t.from_account_id in ${accounts}
        group by 1, 2`,
  );
}

/** Handed to households, per item: the balances of the distributed:<site> accounts. */
async function distributed(db: Queryable, organisationId: string | null) {
  const scope = organisationId ? sql`and a.id in ${ownAccounts(organisationId)}` : sql``;
  return rowsOf<{ item_id: string; units: number }>(
    db,
    sql`select b.item_id, sum(b.balance_units)::int8 as units
        from account_balances b join ledger_accounts a on a.id = b.account_id
        where a.kind = 'sink' and a.code like 'distributed:%' ${scope}
        group by b.item_id`,
  );
}

/** Stock on shelves expiring within 3 and within 9 months (not yet expired), per item, from the balances. */
async function expiringStock(db: Queryable, organisationId: string | null, today: string) {
  const scope = organisationId ? sql`and a.location_id in (select id from locations where organisation_id = ${organisationId})` : sql``;
  const in3 = addMonths(today, 3);
  const in9 = addMonths(today, 9);
  return rowsOf<{ item_id: string; within3: number; within9: number }>(
    db,
    sql`select b.item_id,
               sum(case when l.expiry_date < ${in3}::date then b.balance_units else 0 end)::int8 as within3,
               sum(b.balance_units)::int8 as within9
        from account_balances b join ledger_accounts a on a.id = b.account_id join lots l on l.id = b.lot_id
        where a.kind = 'holding' and b.balance_units > 0 and l.expiry_date >= ${today}::date and l.expiry_date < ${in9}::date ${scope}
        group by b.item_id order by within3 desc, within9 desc`,
  );
}

const lossAccounts = sql`(select id from ledger_accounts where kind = 'sink' and code like 'loss:%')`;

/**
 * The transfers into loss accounts and out of them (reversals, counted minus), each with its
 * loss account, read through the accounts' indexes. One organisation: those from or back to its
 * own accounts, and the unusable goods of its intakes (from the donor's account straight to the
 * loss, in the receiver's chain) with their reversals.
 */
function lossMovements(organisationId: string | null): SQL {
  const into = organisationId ? sql`and (t.from_account_id in ${ownAccounts(organisationId)} or (t.kind = 'intake' and t.organisation_id = ${organisationId}))` : sql``;
  const backOut = organisationId
    ? sql`and (t.to_account_id in ${ownAccounts(organisationId)}
            or (t.kind = 'reversal' and t.organisation_id = ${organisationId} and t.to_account_id in (select id from ledger_accounts where kind = 'source')))`
    : sql``;
  return sql`select t.id, t.reverses_transfer_id, t.to_account_id as account_id, t.quantity_units as units from transfers t
             where t.to_account_id in ${lossAccounts} ${into}
             union all
             select t.id, t.reverses_transfer_id, t.from_account_id, -t.quantity_units from transfers t
             where t.from_account_id in ${lossAccounts} ${backOut}`;
}

const asLossReason = (code: string) => code.slice('loss:'.length) as LossReason;
const isLossReason = (reason: string): reason is LossReason => lossReasons.includes(reason as LossReason);

/**
 * Losses by loss account. Everything shared: the balances of the loss:<reason> accounts (shared
 * by all organisations). One organisation: its loss movements, net of reversals.
 */
async function lossesByAccount(db: Queryable, organisationId: string | null): Promise<{ reason: LossReason; quantityUnits: number }[]> {
  const rows = organisationId
    ? await rowsOf<{ code: string; units: number }>(
        db,
        sql`select a.code, sum(m.units)::int8 as units from (${lossMovements(organisationId)}) m join ledger_accounts a on a.id = m.account_id group by a.code`,
      )
    : await rowsOf<{ code: string; units: number }>(
        db,
        sql`select a.code, sum(b.balance_units)::int8 as units from account_balances b join ledger_accounts a on a.id = b.account_id
            where a.id in ${lossAccounts} group by a.code`,
      );
  return rows
    .map((r) => ({ reason: asLossReason(r.code), quantityUnits: Number(r.units) }))
    .filter((r) => r.quantityUnits > 0 && isLossReason(r.reason))
    .sort((a, b) => b.quantityUnits - a.quantityUnits);
}

/**
 * The same movements by what the records say caused them. A reversal counts against the transfer
 * it undoes (followed back to the first transfer, should a reversal itself be reversed), so the
 * units are the ledger's and each account's rows add up to its figure above.
 *
 * Damaged and short units take the code from the receipt line: it is kept there as an enum,
 * while the transfer's reason mixes it with the receiver's words; the line is exactly the one of
 * the receipt's operation with the transfer's lot and need line. A rejection takes the
 * inspectors' words from its own transfer, which holds them whole; the inspection line cannot
 * always be told from the transfer (a component taken out of kits leaves from a loose line's lot).
 */
async function lossesByCause(db: Queryable, organisationId: string | null): Promise<LossCauseView[]> {
  const rows = await rowsOf<{ code: string; recorded: string | null; units: number }>(
    db,
    sql`with recursive m as (${lossMovements(organisationId)}),
        origin(movement_id, id, reverses) as (
          select id, id, reverses_transfer_id from m
          union all
          select o.movement_id, t.id, t.reverses_transfer_id from origin o join transfers t on t.id = o.reverses
        )
        select a.code,
               case a.code when 'loss:damaged-in-transit' then r.damaged_reason::text
                           when 'loss:missing-in-transit' then r.short_reason::text
                           when 'loss:rejected-at-inspection' then t.reason end as recorded,
               sum(m.units)::int8 as units
        from m
        join ledger_accounts a on a.id = m.account_id
        join origin o on o.movement_id = m.id and o.reverses is null
        join transfers t on t.id = o.id
        left join lateral (
          select rl.damaged_reason, rl.short_reason
          from consignment_events e
          join consignment_receipt_lines rl on rl.event_id = e.id
          join consignment_lines l on l.id = rl.line_id
          where t.kind = 'transit-loss' and e.operation_id = t.operation_id and e.kind = 'received'
            and l.lot_id = t.lot_id and l.need_line_id is not distinct from t.need_line_id
          limit 1
        ) r on true
        group by 1, 2`,
  );
  // Rows of the same cause meet here: a rejection's words come the same with or without the transfer's wording around them.
  const causes = new Map<string, LossCauseView>();
  for (const r of rows) {
    const account = asLossReason(r.code);
    if (!isLossReason(account)) continue;
    const cause = lossCauseOf(account, r.recorded, Number(r.units));
    const key = JSON.stringify([cause.kind, cause.reason]);
    const seen = causes.get(key);
    causes.set(key, seen ? { ...seen, quantityUnits: seen.quantityUnits + cause.quantityUnits } : cause);
  }
  return [...causes.values()].filter((c) => c.quantityUnits > 0).sort((a, b) => b.quantityUnits - a.quantityUnits);
}
