import { asc, eq, inArray, sql } from 'drizzle-orm';
import { MIN_HOUSEHOLDS } from '../../domain/distributions/aggregate.js';
import { holdingAccount, transitAccount } from '../../domain/ledger/accounts.js';
import { checkpointStays } from '../../domain/trace/checkpoints.js';
import { forbidden, notFound } from '../../domain/errors.js';
import type { SiteKind } from '../../domain/locations.js';
import type { AccountKind } from '../../domain/ledger/vocabulary.js';
import { mayTrace } from '../../domain/trace/access.js';
import {
  buildTraceGraph,
  itemTotals,
  node,
  onPathsThrough,
  type BalanceRow,
  type FlowRow,
  type GraphNode,
  type SiteFacts,
  type TraceAccount,
} from '../../domain/trace/graph.js';
import type { TraceCheckpointView, TraceHandlingUnitView, TraceNote, TraceNodeView, TraceRootKind, TraceView } from '../../domain/trace/views.js';
import type { Queryable } from '../../db/client.js';
import {
  consignmentEvents,
  consignmentInspectionLines,
  consignmentLines,
  consignments,
  handlingUnitContents,
  handlingUnits,
  locations,
  lots,
  pledgeLines,
  pledges,
} from '../../db/schema/index.js';
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

type ConsignmentRow = typeof consignments.$inferSelect;

/** A handling unit the trace starts from: the unit, its consignment, and what it holds per consignment line. */
interface UnitRoot {
  unit: typeof handlingUnits.$inferSelect;
  consignment: ConsignmentRow;
  contents: { lineId: string; lotId: string; itemId: string; quantityUnits: number }[];
}

interface Root {
  /** The root's own id: a handling unit asked for by the code on its label is answered by its id. */
  id: string;
  lotIds: string[];
  /** Organisations the root itself involves (who took the pledge, who sends, carries or receives). */
  involved: string[];
  unit?: UnitRoot;
}

const partiesOf = (c: ConsignmentRow) => [c.senderOrganisationId, c.consigneeOrganisationId, ...(c.carrierOrganisationId ? [c.carrierOrganisationId] : [])];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the trace starts: the lots of the root, and the organisations the root itself involves. */
async function rootOf(db: Queryable, kind: TraceRootKind, id: string): Promise<Root> {
  switch (kind) {
    case 'pledge': {
      const [pledge] = await db.select().from(pledges).where(eq(pledges.id, id));
      if (!pledge) throw notFound('pledge', 'pledgeId');
      // Transfers that honour a pledge line carry it (transfers_pledge_line_idx): its intakes.
      const found = await rowsOf<{ lot_id: string }>(
        db,
        sql`select distinct t.lot_id from transfers t join pledge_lines l on l.id = t.pledge_line_id where l.pledge_id = ${id}`,
      );
      return { id, lotIds: found.map((r) => r.lot_id), involved: [pledge.organisationId, ...(pledge.donorOrganisationId ? [pledge.donorOrganisationId] : [])] };
    }
    case 'lot': {
      const [lot] = await db.select({ id: lots.id }).from(lots).where(eq(lots.id, id));
      if (!lot) throw notFound('lot', 'lotId');
      return { id, lotIds: [id], involved: [] };
    }
    case 'consignment': {
      // Known by its record, or, for goods moved before consignments were recorded, by the
      // transit account `transit:<id>` that a dispatch opens.
      const [c] = await db.select().from(consignments).where(eq(consignments.id, id));
      const [account] = await rowsOf<{ id: string; organisation_id: string | null }>(db, sql`select id, organisation_id from ledger_accounts where code = ${`transit:${id}`}`);
      if (!c && !account) throw notFound('consignment', 'consignmentId');
      const found = account ? await rowsOf<{ lot_id: string }>(db, sql`select distinct lot_id from transfers where to_account_id = ${account.id}`) : [];
      return {
        id,
        lotIds: found.map((r) => r.lot_id),
        involved: [...(c ? partiesOf(c) : []), ...(account?.organisation_id ? [account.organisation_id] : [])],
      };
    }
    case 'handling-unit': {
      // By id, or by the code its label prints and its QR code holds (HU-XXXXXXXX).
      const [unit] = await db
        .select()
        .from(handlingUnits)
        .where(UUID.test(id) ? eq(handlingUnits.id, id) : eq(handlingUnits.code, id.toUpperCase()));
      if (!unit) throw notFound('handling unit', 'handlingUnitId');
      const [consignment] = await db.select().from(consignments).where(eq(consignments.id, unit.consignmentId));
      const contents = await db
        .select({ lineId: consignmentLines.id, lotId: consignmentLines.lotId, itemId: consignmentLines.itemId, quantityUnits: handlingUnitContents.quantityUnits })
        .from(handlingUnitContents)
        .innerJoin(consignmentLines, eq(consignmentLines.id, handlingUnitContents.lineId))
        .where(eq(handlingUnitContents.handlingUnitId, unit.id))
        .orderBy(asc(consignmentLines.position));
      return { id: unit.id, lotIds: [...new Set(contents.map((x) => x.lotId))], involved: partiesOf(consignment!), unit: { unit, consignment: consignment!, contents } };
    }
  }
}

/**
 * A handling unit carried part of its lots: keep the flows its goods could have taken, through
 * its consignment's transit account (or, before dispatch, into the warehouse it leaves from).
 */
function unitPaths(flows: FlowRow[], { consignment }: UnitRoot): FlowRow[] {
  const transit = transitAccount(consignment.id, consignment.senderOrganisationId).id;
  const dispatched = flows.some((f) => f.toAccountId === transit && f.quantityUnits > 0);
  if (dispatched) return onPathsThrough(flows, transit);
  return onPathsThrough(flows, holdingAccount(consignment.originLocationId, consignment.senderOrganisationId).id, { downstream: false });
}

/** Households served with the lots, at the given sites only when `siteIds` is given (a handling unit's reach). */
async function householdsOf(db: Queryable, lotsToItems: ReadonlyMap<string, string>, siteIds?: readonly string[]) {
  if (lotsToItems.size === 0 || siteIds?.length === 0) return { bySite: [], byGovernorate: [] };
  const served = sql`from transfers t
        join distributions d on d.id = t.distribution_id
        join locations s on s.id = d.site_id
        where t.kind = 'distribution' and t.item_id in ${[...new Set(lotsToItems.values())]} and t.lot_id in ${[...lotsToItems.keys()]}
          ${siteIds ? sql`and d.site_id in ${siteIds}` : sql``}
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

/** The checkpoints each consignment passed, with dwell and what was rejected there (of `onlyLines`, when given for a consignment). */
async function checkpointsOf(
  db: Queryable,
  consignmentIds: readonly string[],
  now: Date,
  onlyLines: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<Map<string, TraceCheckpointView[]>> {
  if (consignmentIds.length === 0) return new Map();
  const records = await db.select({ id: consignments.id, status: consignments.status }).from(consignments).where(inArray(consignments.id, [...consignmentIds]));
  if (records.length === 0) return new Map();
  const events = await db
    .select()
    .from(consignmentEvents)
    .where(inArray(consignmentEvents.consignmentId, records.map((r) => r.id)))
    .orderBy(asc(consignmentEvents.consignmentId), asc(consignmentEvents.sequence));
  const inspectedIds = events.filter((e) => e.kind === 'inspected').map((e) => e.id);
  const rejected = inspectedIds.length
    ? (
        await db
          .select({ inspection: consignmentInspectionLines, line: consignmentLines })
          .from(consignmentInspectionLines)
          .innerJoin(consignmentLines, eq(consignmentLines.id, consignmentInspectionLines.lineId))
          .where(inArray(consignmentInspectionLines.eventId, inspectedIds))
      ).filter((r) => r.inspection.rejectedUnits > 0 && (onlyLines.get(r.line.consignmentId)?.has(r.line.id) ?? true))
    : [];
  const stays = records.map((r) => {
    const mine = events.filter((e) => e.consignmentId === r.id);
    // A finished journey's last stay ended with it; an open one is still being waited out.
    const until = r.status === 'received' || r.status === 'closed' ? (mine.at(-1)?.occurredAt ?? now) : now;
    return { consignmentId: r.id, stays: checkpointStays(mine, until) };
  });
  const placeIds = [...stays.flatMap((c) => c.stays.map((x) => x.locationId)), ...rejected.flatMap((r) => (r.inspection.toLocationId ? [r.inspection.toLocationId] : []))];
  const places = await locationRefs(db, placeIds);
  const kindRows = placeIds.length ? await db.select({ id: locations.id, siteKind: locations.siteKind }).from(locations).where(inArray(locations.id, placeIds)) : [];
  const siteKindOf = new Map(kindRows.map((r) => [r.id, r.siteKind as SiteKind | null]));
  const things = await itemRefs(db, rejected.map((r) => r.inspection.componentItemId ?? r.line.itemId));
  const lotIds = [...new Set(rejected.map((r) => r.line.lotId))];
  const lotCodes = new Map((lotIds.length ? await db.select({ id: lots.id, lotCode: lots.lotCode }).from(lots).where(inArray(lots.id, lotIds)) : []).map((l) => [l.id, l.lotCode]));
  return new Map(
    stays.map(({ consignmentId, stays }) => [
      consignmentId,
      stays.map((stay) => ({
        location: mustGet(places, stay.locationId),
        siteKind: siteKindOf.get(stay.locationId) ?? null,
        arrivedAt: stay.arrivedAt.toISOString(),
        leftAt: stay.leftAt?.toISOString() ?? null,
        dwellHours: stay.dwellHours,
        underReviewSince: stay.underReviewSince,
        steps: stay.steps,
        rejections: rejected
          .filter((r) => stay.eventIds.includes(r.inspection.eventId))
          .map(({ inspection, line }) => ({
            item: mustGet(things, inspection.componentItemId ?? line.itemId),
            lot: { id: line.lotId, lotCode: mustGet(lotCodes, line.lotId) },
            rejectedUnits: inspection.rejectedUnits,
            kitsOpened: inspection.kitsOpened,
            reason: inspection.reason,
            toLocation: inspection.toLocationId ? mustGet(places, inspection.toLocationId) : null,
          })),
      })),
    ]),
  );
}

/**
 * Where the goods of a pledge, a lot, a consignment or a handling unit came from and went: a
 * graph for a flow diagram, and totals per item. Reads only, in one read-only transaction so the
 * answer is one consistent snapshot.
 */
export async function traceFrom(ctx: Ctx, kind: TraceRootKind, id: string, now = new Date()): Promise<TraceView> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    const root = await rootOf(tx, kind, id);

    // Follow the lots, and the kit lots their components went into.
    const lotsToItems = new Map<string, string>();
    const donorsOfLots = new Set<string>();
    let allFlows: FlowRow[] = [];
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
      allFlows = allFlows.concat(found);
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
    // A handling unit carried part of its lots: the graph keeps only the ways its goods could have gone.
    const flows = root.unit ? unitPaths(allFlows, root.unit) : allFlows;

    const allAccounts = await accountsById(tx, allFlows.flatMap((f) => [f.fromAccountId, f.toAccountId]));
    const touched = new Set(flows.flatMap((f) => [f.fromAccountId, f.toAccountId]));
    const accounts = new Map([...allAccounts].filter(([accountId]) => touched.has(accountId)));
    const siteIds = [...new Set([...accounts.values()].flatMap((a) => (a.locationId ? [a.locationId] : [])))];
    const siteRows = siteIds.length
      ? await tx
          .select({ id: locations.id, parentId: locations.parentId, siteKind: locations.siteKind, organisationId: locations.organisationId })
          .from(locations)
          .where(inArray(locations.id, siteIds))
      : [];
    const sites = new Map<string, SiteFacts>(siteRows.map((s) => [s.id, { ...s, siteKind: s.siteKind as SiteKind | null }]));
    const lineIds = [...new Set(allFlows.flatMap((f) => (f.pledgeLineId ? [f.pledgeLineId] : [])))];
    const lineRows = lineIds.length
      ? await tx
          .select({ id: pledgeLines.id, pledgeId: pledgeLines.pledgeId, organisationId: pledges.organisationId })
          .from(pledgeLines)
          .innerJoin(pledges, eq(pledges.id, pledgeLines.pledgeId))
          .where(inArray(pledgeLines.id, lineIds))
      : [];
    const reachedSites = root.unit ? [...accounts.values()].flatMap((a) => (a.code.startsWith('distributed:') && a.locationId ? [a.locationId] : [])) : undefined;
    const households = await householdsOf(tx, lotsToItems, reachedSites);
    const graph = buildTraceGraph({
      flows,
      accounts,
      sites,
      pledgeOfLine: new Map(lineRows.map((l) => [l.id, l.pledgeId])),
      households: households.bySite,
      householdsByGovernorate: households.byGovernorate,
    });

    // Who may read it: monitors, and the organisations the goods came from or passed through.
    // A handling unit is read as its consignment is: by everyone its lots involve.
    const involved = new Set<string>([
      ...root.involved,
      ...donorsOfLots,
      ...lineRows.map((l) => l.organisationId),
      ...[...allAccounts.values()].flatMap((a) => (a.organisationId ? [a.organisationId] : [])),
      ...graph.nodes.flatMap((n) => (n.organisationId ? [n.organisationId] : [])),
    ]);
    if (!mayTrace(ctx.actor, involved)) {
      throw forbidden('only monitors and the organisations that gave, took, held, carried or handed out these goods may trace them');
    }

    const rootId = `${kind}:${root.id}`;
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    if (root.unit) {
      // The unit goes into its consignment with what it holds, per item.
      const { unit, consignment, contents } = root.unit;
      const road = `consignment:${consignment.id}`;
      if (!nodeIds.has(road)) graph.nodes.push(node(road, 'consignment', 'transit', consignment.id, { organisationId: consignment.senderOrganisationId }));
      graph.nodes.unshift(node(rootId, 'handling-unit', 'transit', unit.id, { organisationId: consignment.senderOrganisationId }));
      const perItem = new Map<string, number>();
      for (const x of contents) perItem.set(x.itemId, (perItem.get(x.itemId) ?? 0) + x.quantityUnits);
      graph.edges.unshift(...[...perItem].map(([itemId, quantityUnits]) => ({ from: rootId, to: road, itemId, quantityUnits, kinds: ['packed'] })));
    } else if (!nodeIds.has(rootId)) {
      // Nothing moved yet (a pledge not yet received, a lot never booked): the root alone.
      const [nodeKind, stage] = kind === 'pledge' ? (['pledge', 'pledge'] as const) : kind === 'lot' ? (['lot', 'lot'] as const) : (['consignment', 'transit'] as const);
      graph.nodes.unshift(node(rootId, nodeKind, stage, root.id));
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
    // Totals are for the whole lots, also for a handling unit: the ledger counts lots, not boxes.
    const totals = itemTotals(
      allFlows,
      allAccounts,
      balances.map((b): BalanceRow => ({ accountKind: b.kind, accountCode: b.code, itemId: b.item_id, balanceUnits: Number(b.units) })),
    );

    // A traced lot that other donors (or a purchase) also brought in carries their part along.
    const givers = new Map<string, Set<string>>();
    for (const f of allFlows) {
      const a = allAccounts.get(f.fromAccountId);
      if (a?.kind !== 'source') continue;
      givers.set(f.lotId, (givers.get(f.lotId) ?? new Set()).add(a.code));
    }
    const notes: TraceNote[] = [];
    if ([...givers.values()].some((g) => g.size > 1)) notes.push('shared-lot');
    if (keptKits) notes.push('kits-followed');
    if (root.unit) notes.push('handling-unit-part');

    const consignmentIds = graph.nodes.flatMap((n) => (n.kind === 'consignment' && n.refId ? [n.refId] : []));
    const unitLines = root.unit ? new Map([[root.unit.consignment.id, new Set(root.unit.contents.map((x) => x.lineId))]]) : new Map<string, Set<string>>();
    const checkpoints = await checkpointsOf(tx, consignmentIds, now, unitLines);
    const nodeViews = await decorate(tx, graph.nodes, rootId, lotsToItems, checkpoints, root.unit);
    const things = await itemRefs(tx, [...graph.edges.map((e) => e.itemId), ...totals.map((t) => t.itemId)]);
    return {
      root: { kind, id: root.id },
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
async function decorate(
  db: Queryable,
  nodes: readonly GraphNode[],
  rootId: string,
  lotsToItems: ReadonlyMap<string, string>,
  checkpoints: ReadonlyMap<string, TraceCheckpointView[]>,
  unit: UnitRoot | undefined,
): Promise<TraceNodeView[]> {
  const placeIds = nodes.flatMap((n) => ((n.kind === 'location' || n.kind === 'distributed' || n.kind === 'governorate') && n.refId ? [n.refId] : []));
  const governorateIds = nodes.flatMap((n) => (n.governorateId ? [n.governorateId] : []));
  const places = await locationRefs(db, [...placeIds, ...governorateIds]);
  const kindRows = placeIds.length
    ? await db.select({ id: locations.id, siteKind: locations.siteKind }).from(locations).where(inArray(locations.id, placeIds))
    : [];
  const siteKindOf = new Map(kindRows.map((r) => [r.id, r.siteKind]));
  const orgs = await organisationRefs(db, nodes.flatMap((n) => (n.organisationId ? [n.organisationId] : [])));
  const lotIds = [...new Set([...nodes.flatMap((n) => (n.kind === 'lot' && n.refId ? [n.refId] : [])), ...lotsToItems.keys()])];
  const lotRows = lotIds.length ? await db.select().from(lots).where(inArray(lots.id, lotIds)) : [];
  const things = await itemRefs(db, [...lotRows.map((l) => l.itemId), ...(unit?.contents.map((x) => x.itemId) ?? [])]);
  const consignmentIds = [...nodes.flatMap((n) => (n.kind === 'consignment' && n.refId ? [n.refId] : [])), ...(unit ? [unit.consignment.id] : [])];
  const references = consignmentIds.length
    ? await rowsOf<{ id: string; reference: string }>(db, sql`select id, reference from consignments where id in ${consignmentIds}`)
    : [];
  const referenceOf = new Map(references.map((r) => [r.id, r.reference]));
  const lotOf = new Map(lotRows.map((l) => [l.id, { id: l.id, lotCode: l.lotCode, expiryDate: l.expiryDate, item: mustGet(things, l.itemId) }]));
  const unitView: TraceHandlingUnitView | null = unit
    ? {
        id: unit.unit.id,
        code: unit.unit.code,
        number: unit.unit.number,
        total: unit.unit.total,
        kind: unit.unit.kind,
        contents: unit.contents.map((x) => ({ item: mustGet(things, x.itemId), lot: { id: x.lotId, lotCode: mustGet(lotOf, x.lotId).lotCode }, quantityUnits: x.quantityUnits })),
      }
    : null;
  // The consignment a node stands for: its own, or the one a handling unit travels in.
  const consignmentOf = (n: GraphNode) => (n.kind === 'consignment' ? n.refId : n.kind === 'handling-unit' && unit ? unit.consignment.id : null);
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
    consignmentId: consignmentOf(n),
    consignmentReference: referenceOf.get(consignmentOf(n) ?? '') ?? null,
    lossReason: n.kind === 'loss' ? n.detail : null,
    householdsServed: n.householdsServed,
    householdsSuppressed: n.householdsSuppressed,
    governorate: n.governorateId ? (places.get(n.governorateId) ?? null) : null,
    checkpoints: n.kind === 'consignment' && n.refId ? (checkpoints.get(n.refId) ?? []) : [],
    handlingUnit: n.kind === 'handling-unit' ? unitView : null,
  }));
}
