import { eq, inArray, sql } from 'drizzle-orm';
import { MIN_HOUSEHOLDS } from '../../domain/distributions/aggregate.js';
import { forbidden, notFound } from '../../domain/errors.js';
import type { SiteKind } from '../../domain/locations.js';
import type { AccountKind } from '../../domain/ledger/vocabulary.js';
import { mayTrace } from '../../domain/trace/access.js';
import {
  buildTraceGraph,
  itemTotals,
  type BalanceRow,
  type FlowRow,
  type GraphNode,
  type SiteFacts,
  type TraceAccount,
} from '../../domain/trace/graph.js';
import type { TraceNote, TraceNodeView, TraceRootKind, TraceView } from '../../domain/trace/views.js';
import type { Queryable } from '../../db/client.js';
import { locations, lots, pledgeLines, pledges } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { rowsOf } from '../ledger/sql.js';
import { itemRefs, locationRefs, mustGet, organisationRefs } from '../refs.js';

/** Kits of kits are rare; three levels is more than any bill of materials in use. */
const MAX_KIT_DEPTH = 4;

interface FlowSqlRow {
  from_id: string;
  to_id: string;
  kind: string;
  item_id: string;
  lot_id: string;
  pledge_line_id: string | null;
  units: number;
}

/**
 * The movements of some lots, summed per (from, to, kind, item, lot, pledge line). A reversal is
 * counted as minus the movement it undoes (same direction, same kind), so an intake entered by
 * mistake and reversed adds up to nothing; a reversal of a reversal counts as the movement again.
 * Reads the ledger through its item index (transfers_item_time_idx), filtered by lot.
 */
async function flowsOf(db: Queryable, lotsToItems: ReadonlyMap<string, string>): Promise<FlowRow[]> {
  if (lotsToItems.size === 0) return [];
  const undoes = sql`(t.kind = 'reversal' and o.kind <> 'reversal')`;
  const rows = await rowsOf<FlowSqlRow>(
    db,
    sql`select case when ${undoes} then t.to_account_id else t.from_account_id end as from_id,
               case when ${undoes} then t.from_account_id else t.to_account_id end as to_id,
               case when t.kind <> 'reversal' then t.kind::text when o.kind <> 'reversal' then o.kind::text
                    else coalesce(oo.kind::text, 'reversal') end as kind,
               t.item_id, t.lot_id, t.pledge_line_id,
               sum(case when ${undoes} then -t.quantity_units else t.quantity_units end)::int8 as units
        from transfers t
        left join transfers o on o.id = t.reverses_transfer_id
        left join transfers oo on oo.id = o.reverses_transfer_id
        where t.item_id in ${[...new Set(lotsToItems.values())]} and t.lot_id in ${[...lotsToItems.keys()]}
        group by 1, 2, 3, 4, 5, 6`,
  );
  return rows.map((r) => ({
    fromAccountId: r.from_id,
    toAccountId: r.to_id,
    kind: r.kind,
    itemId: r.item_id,
    lotId: r.lot_id,
    pledgeLineId: r.pledge_line_id,
    quantityUnits: Number(r.units),
  }));
}

interface AccountSqlRow {
  id: string;
  code: string;
  kind: AccountKind;
  organisation_id: string | null;
  location_id: string | null;
  consignment_id: string | null;
}

async function accountsById(db: Queryable, ids: Iterable<string>): Promise<Map<string, TraceAccount>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await rowsOf<AccountSqlRow>(db, sql`select * from ledger_accounts where id in ${wanted}`);
  return new Map(
    rows.map((a) => [
      a.id,
      { id: a.id, code: a.code, kind: a.kind, organisationId: a.organisation_id, locationId: a.location_id, consignmentId: a.consignment_id },
    ]),
  );
}

const lotItems = async (db: Queryable, lotIds: readonly string[]) =>
  lotIds.length === 0 ? [] : db.select({ id: lots.id, itemId: lots.itemId, donorOrganisationId: lots.donorOrganisationId }).from(lots).where(inArray(lots.id, [...lotIds]));

/** Where the trace starts: the lots of the root, and the organisations the root itself involves. */
async function rootLots(db: Queryable, kind: TraceRootKind, id: string): Promise<{ lotIds: string[]; involved: string[] }> {
  switch (kind) {
    case 'pledge': {
      const [pledge] = await db.select().from(pledges).where(eq(pledges.id, id));
      if (!pledge) throw notFound('pledge', 'pledgeId');
      // Transfers that honour a pledge line carry it (transfers_pledge_line_idx): its intakes.
      const found = await rowsOf<{ lot_id: string }>(
        db,
        sql`select distinct t.lot_id from transfers t join pledge_lines l on l.id = t.pledge_line_id where l.pledge_id = ${id}`,
      );
      return { lotIds: found.map((r) => r.lot_id), involved: [pledge.organisationId, ...(pledge.donorOrganisationId ? [pledge.donorOrganisationId] : [])] };
    }
    case 'lot': {
      const [lot] = await db.select({ id: lots.id }).from(lots).where(eq(lots.id, id));
      if (!lot) throw notFound('lot', 'lotId');
      return { lotIds: [id], involved: [] };
    }
    case 'consignment': {
      // Until consignments are recorded (they arrive on their own branch), a consignment is known
      // by its transit account `transit:<id>`, which dispatch opens.
      const [account] = await rowsOf<{ id: string; organisation_id: string | null }>(db, sql`select id, organisation_id from ledger_accounts where code = ${`transit:${id}`}`);
      if (!account) throw notFound('consignment', 'consignmentId');
      const found = await rowsOf<{ lot_id: string }>(db, sql`select distinct lot_id from transfers where to_account_id = ${account.id}`);
      return { lotIds: found.map((r) => r.lot_id), involved: account.organisation_id ? [account.organisation_id] : [] };
    }
    case 'handling-unit':
      throw notFound('handling unit', 'handlingUnitId');
  }
}

async function householdsOf(db: Queryable, lotsToItems: ReadonlyMap<string, string>) {
  if (lotsToItems.size === 0) return { bySite: [], byGovernorate: [] };
  const served = sql`from transfers t
        join distributions d on d.id = t.distribution_id
        join locations s on s.id = d.site_id
        where t.kind = 'distribution' and t.item_id in ${[...new Set(lotsToItems.values())]} and t.lot_id in ${[...lotsToItems.keys()]}
          and not exists (select 1 from distribution_reversals r where r.distribution_id = d.id)`;
  const bySite = await rowsOf<{ site_id: string; households: number }>(
    db,
    sql`select d.site_id, count(distinct d.household_id)::int as households ${served} group by d.site_id`,
  );
  const byGovernorate = await rowsOf<{ area_id: string; households: number }>(
    db,
    sql`select s.parent_id as area_id, count(distinct d.household_id)::int as households ${served} and s.parent_id is not null group by s.parent_id`,
  );
  return {
    bySite: bySite.map((r) => ({ siteId: r.site_id, householdsServed: r.households })),
    byGovernorate: byGovernorate.map((r) => ({ governorateId: r.area_id, householdsServed: r.households })),
  };
}

/**
 * Where the goods of a pledge, a lot or a consignment came from and went: a graph for a flow
 * diagram, and totals per item. Reads only; no transaction is needed beyond one consistent
 * snapshot, which a single read-only transaction gives.
 */
export async function traceFrom(ctx: Ctx, kind: TraceRootKind, id: string): Promise<TraceView> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    const root = await rootLots(tx, kind, id);

    // Follow the lots, and the kit lots their components went into.
    const lotsToItems = new Map<string, string>();
    const donorsOfLots = new Set<string>();
    let flows: FlowRow[] = [];
    let next = root.lotIds;
    let keptKits = false;
    for (let depth = 0; next.length > 0 && depth < MAX_KIT_DEPTH; depth++) {
      const fresh = new Map<string, string>();
      for (const l of await lotItems(tx, next)) {
        fresh.set(l.id, l.itemId);
        lotsToItems.set(l.id, l.itemId);
        if (l.donorOrganisationId) donorsOfLots.add(l.donorOrganisationId);
      }
      const found = await flowsOf(tx, fresh);
      flows = flows.concat(found);
      const accounts = await accountsById(tx, found.map((f) => f.toAccountId));
      next = [
        ...new Set(
          found.flatMap((f) => {
            const a = accounts.get(f.toAccountId);
            return a?.kind === 'kitting' && f.quantityUnits > 0 ? [a.code.slice('kitting:'.length)] : [];
          }),
        ),
      ].filter((lotId) => !lotsToItems.has(lotId));
      if (next.length > 0) keptKits = true;
    }

    const accounts = await accountsById(tx, flows.flatMap((f) => [f.fromAccountId, f.toAccountId]));
    const siteIds = [...new Set([...accounts.values()].flatMap((a) => (a.locationId ? [a.locationId] : [])))];
    const siteRows = siteIds.length
      ? await tx
          .select({ id: locations.id, parentId: locations.parentId, siteKind: locations.siteKind, organisationId: locations.organisationId })
          .from(locations)
          .where(inArray(locations.id, siteIds))
      : [];
    const sites = new Map<string, SiteFacts>(siteRows.map((s) => [s.id, { ...s, siteKind: s.siteKind as SiteKind | null }]));
    const lineIds = [...new Set(flows.flatMap((f) => (f.pledgeLineId ? [f.pledgeLineId] : [])))];
    const lineRows = lineIds.length
      ? await tx
          .select({ id: pledgeLines.id, pledgeId: pledgeLines.pledgeId, organisationId: pledges.organisationId })
          .from(pledgeLines)
          .innerJoin(pledges, eq(pledges.id, pledgeLines.pledgeId))
          .where(inArray(pledgeLines.id, lineIds))
      : [];
    const households = await householdsOf(tx, lotsToItems);
    const graph = buildTraceGraph({
      flows,
      accounts,
      sites,
      pledgeOfLine: new Map(lineRows.map((l) => [l.id, l.pledgeId])),
      households: households.bySite,
      householdsByGovernorate: households.byGovernorate,
    });

    // Who may read it: monitors, and the organisations the goods came from or passed through.
    const involved = new Set<string>([
      ...root.involved,
      ...donorsOfLots,
      ...lineRows.map((l) => l.organisationId),
      ...[...accounts.values()].flatMap((a) => (a.organisationId ? [a.organisationId] : [])),
      ...graph.nodes.flatMap((n) => (n.organisationId ? [n.organisationId] : [])),
    ]);
    if (!mayTrace(ctx.actor, involved)) {
      throw forbidden('only monitors and the organisations that gave, took, held, carried or handed out these goods may trace them');
    }

    const rootId = `${kind}:${id}`;
    if (!graph.nodes.some((n) => n.id === rootId)) {
      // Nothing moved yet (a pledge not yet received, a lot never booked): the root alone.
      const [nodeKind, stage] = kind === 'pledge' ? (['pledge', 'pledge'] as const) : kind === 'lot' ? (['lot', 'lot'] as const) : (['consignment', 'transit'] as const);
      graph.nodes.unshift({
        id: rootId,
        kind: nodeKind,
        stage,
        refId: id,
        detail: null,
        householdsServed: null,
        householdsSuppressed: false,
        governorateId: null,
        organisationId: null,
      });
    }

    const balances = await rowsOf<{ kind: AccountKind; code: string; item_id: string; units: number }>(
      tx,
      lotsToItems.size === 0
        ? sql`select null where false`
        : sql`select a.kind, a.code, b.item_id, sum(b.balance_units)::int8 as units
              from account_balances b join ledger_accounts a on a.id = b.account_id
              where b.lot_id in ${[...lotsToItems.keys()]}
              group by 1, 2, 3`,
    );
    const totals = itemTotals(
      flows,
      accounts,
      balances.map((b): BalanceRow => ({ accountKind: b.kind, accountCode: b.code, itemId: b.item_id, balanceUnits: Number(b.units) })),
    );

    // A traced lot that other donors (or a purchase) also brought in carries their part along.
    const givers = new Map<string, Set<string>>();
    for (const f of flows) {
      const a = accounts.get(f.fromAccountId);
      if (a?.kind !== 'source') continue;
      givers.set(f.lotId, (givers.get(f.lotId) ?? new Set()).add(a.code));
    }
    const notes: TraceNote[] = [];
    if ([...givers.values()].some((g) => g.size > 1)) notes.push('shared-lot');
    if (keptKits) notes.push('kits-followed');

    const nodeViews = await decorate(tx, graph.nodes, rootId, lotsToItems);
    const things = await itemRefs(tx, [...graph.edges.map((e) => e.itemId), ...totals.map((t) => t.itemId)]);
    return {
      root: { kind, id },
      lotIds: [...lotsToItems.keys()],
      nodes: nodeViews,
      edges: graph.edges.map((e) => ({ from: e.from, to: e.to, item: mustGet(things, e.itemId), quantityUnits: e.quantityUnits, kinds: e.kinds })),
      totals: totals.map(({ itemId, ...t }) => ({ item: mustGet(things, itemId), ...t })),
      minimumHouseholds: MIN_HOUSEHOLDS,
      notes,
    };
  });
}

/** The names and facts a reader needs for each node, fetched in one query per kind of record. */
async function decorate(db: Queryable, nodes: readonly GraphNode[], rootId: string, lotsToItems: ReadonlyMap<string, string>): Promise<TraceNodeView[]> {
  const placeIds = nodes.flatMap((n) =>
    (n.kind === 'location' || n.kind === 'distributed' || n.kind === 'governorate' || n.kind === 'checkpoint') && n.refId ? [n.refId] : [],
  );
  const governorateIds = nodes.flatMap((n) => (n.governorateId ? [n.governorateId] : []));
  const places = await locationRefs(db, [...placeIds, ...governorateIds]);
  const kindRows = placeIds.length
    ? await db.select({ id: locations.id, siteKind: locations.siteKind }).from(locations).where(inArray(locations.id, placeIds))
    : [];
  const siteKindOf = new Map(kindRows.map((r) => [r.id, r.siteKind]));
  const orgs = await organisationRefs(db, nodes.flatMap((n) => (n.organisationId ? [n.organisationId] : [])));
  const lotIds = [...new Set([...nodes.flatMap((n) => (n.kind === 'lot' && n.refId ? [n.refId] : [])), ...lotsToItems.keys()])];
  const lotRows = lotIds.length ? await db.select().from(lots).where(inArray(lots.id, lotIds)) : [];
  const things = await itemRefs(db, lotRows.map((l) => l.itemId));
  const consignmentIds = nodes.flatMap((n) => (n.kind === 'consignment' && n.refId ? [n.refId] : []));
  const references = consignmentIds.length
    ? await rowsOf<{ id: string; reference: string }>(db, sql`select id, reference from consignments where id in ${consignmentIds}`)
    : [];
  const referenceOf = new Map(references.map((r) => [r.id, r.reference]));
  const lotOf = new Map(lotRows.map((l) => [l.id, { id: l.id, lotCode: l.lotCode, expiryDate: l.expiryDate, item: mustGet(things, l.itemId) }]));
  return nodes.map((n) => ({
    id: n.id,
    kind: n.kind,
    stage: n.stage,
    root: n.id === rootId,
    organisation: n.organisationId ? (orgs.get(n.organisationId) ?? null) : null,
    donorKind: (n.kind === 'donor' || n.kind === 'source' ? (n.detail as TraceNodeView['donorKind']) : null) ?? null,
    pledgeId: n.kind === 'pledge' ? n.refId : null,
    lot: n.kind === 'lot' && n.refId ? (lotOf.get(n.refId) ?? null) : null,
    location: n.refId && places.has(n.refId) ? places.get(n.refId)! : null,
    siteKind: n.refId ? (siteKindOf.get(n.refId) ?? null) : null,
    consignmentId: n.kind === 'consignment' ? n.refId : null,
    consignmentReference: n.kind === 'consignment' && n.refId ? (referenceOf.get(n.refId) ?? null) : null,
    lossReason: n.kind === 'loss' ? n.detail : null,
    householdsServed: n.householdsServed,
    householdsSuppressed: n.householdsSuppressed,
    governorate: n.governorateId ? (places.get(n.governorateId) ?? null) : null,
    dwellHours: null,
  }));
}
