import type { AccountKind } from '../ledger/vocabulary.js';
import type { SiteKind } from '../locations.js';
import { MIN_HOUSEHOLDS, suppressSmallCounts } from '../distributions/aggregate.js';

/**
 * "Where did my donation go?" as a graph drawn from the stock ledger: who gave, which pledge,
 * which lots, the places that held them, the consignments that carried them, the sites that
 * handed them out, how many households received them and in which governorates, and what was
 * lost and why. Pure: the service reads the rows, this turns them into nodes and edges.
 *
 * The trace follows lots, not single units: once a lot is traced, every movement of that lot is
 * in the graph, also the part of it another donor gave (a lot received twice under one code).
 * Kits are followed too: a component lot consumed into a kit lot leads to that kit lot, whose
 * movements are then counted in kits.
 */

/** The columns of the flow diagram, left to right (right to left in Persian and Arabic). */
export const traceStages = ['origin', 'pledge', 'lot', 'store', 'transit', 'site', 'outcome', 'area'] as const;
export type TraceStage = (typeof traceStages)[number];

export const traceNodeKinds = [
  'donor', // a donation account: an organisation, an individual (never named here) or anonymous
  'source', // goods that came from no donor: purchase, or found at a count
  'pledge',
  'lot',
  'location', // a site's shelves: a warehouse, a hub, a crossing, a distribution point
  'consignment', // goods on the road (a transit account); its checkpoints are listed on it
  'handling-unit', // a box, pallet or parcel of a consignment: the root of a handling unit's trace
  'distributed', // handed to households at a site
  'loss',
  'governorate',
] as const;
export type TraceNodeKind = (typeof traceNodeKinds)[number];

/** Sites that store and forward goods; the others hand them to people. */
const storeKinds: readonly SiteKind[] = ['warehouse', 'transit_hub', 'airport', 'port', 'border_crossing'];
export const stageOfSite = (siteKind: SiteKind | null): TraceStage => (siteKind === null || storeKinds.includes(siteKind) ? 'store' : 'site');

export interface TraceAccount {
  id: string;
  code: string;
  kind: AccountKind;
  organisationId: string | null;
  locationId: string | null;
  consignmentId: string | null;
}

/** The ledger's movements of the traced lots, summed per (from, to, kind, item, lot, pledge line); reversals already netted (see the service). */
export interface FlowRow {
  fromAccountId: string;
  toAccountId: string;
  kind: string;
  itemId: string;
  lotId: string;
  pledgeLineId: string | null;
  quantityUnits: number;
}

export interface SiteFacts {
  id: string;
  parentId: string | null;
  siteKind: SiteKind | null;
  organisationId: string | null;
}

/** Households that received goods of the traced lots at a site (distinct, reversals left out). */
export interface HouseholdsAtSite {
  siteId: string;
  householdsServed: number;
}

export interface GraphNode {
  id: string;
  kind: TraceNodeKind;
  stage: TraceStage;
  /** The record the node stands for: an organisation, pledge, lot, location or consignment id; a loss reason; null for anonymous and individual donors and purchases. */
  refId: string | null;
  /** For donors and sources: organisation, individual, anonymous, purchase, gain. */
  detail: string | null;
  /** Households served, for distributed and governorate nodes; null when fewer than MIN_HOUSEHOLDS (suppressed) or not applicable. */
  householdsServed: number | null;
  householdsSuppressed: boolean;
  /** The governorate a distribution site lies in (distributed nodes). */
  governorateId: string | null;
  /** The organisation that answers for the goods here (a site's operator, a consignment's sender). */
  organisationId: string | null;
}

export interface GraphEdge {
  from: string;
  to: string;
  itemId: string;
  quantityUnits: number;
  /** The ledger kinds of the transfers summed into the edge (intake, move, dispatch, …). */
  kinds: string[];
}

export interface TraceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A node with nothing counted on it yet. */
export const node = (id: string, kind: TraceNodeKind, stage: TraceStage, refId: string | null, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  kind,
  stage,
  refId,
  detail: null,
  householdsServed: null,
  householdsSuppressed: false,
  governorateId: null,
  organisationId: null,
  ...extra,
});

/** The node an account stands for. Individual donors are one node, never their reference. */
export function accountNode(a: TraceAccount, sites: ReadonlyMap<string, SiteFacts>): GraphNode {
  const [prefix, ...rest] = a.code.split(':');
  const tail = rest.join(':');
  switch (a.kind) {
    case 'source':
      if (prefix === 'donation') {
        if (tail.startsWith('org:')) return node(`donor:${tail}`, 'donor', 'origin', tail.slice(4), { detail: 'organisation', organisationId: tail.slice(4) });
        if (tail.startsWith('individual:')) return node('donor:individual', 'donor', 'origin', null, { detail: 'individual' });
        return node('donor:anonymous', 'donor', 'origin', null, { detail: 'anonymous' });
      }
      return node(`source:${prefix}`, 'source', 'origin', null, { detail: prefix ?? 'other' });
    case 'holding': {
      const site = a.locationId ? sites.get(a.locationId) : undefined;
      return node(`location:${a.locationId}`, 'location', stageOfSite(site?.siteKind ?? null), a.locationId, {
        organisationId: site?.organisationId ?? a.organisationId,
      });
    }
    case 'transit':
      return node(`consignment:${a.consignmentId ?? tail}`, 'consignment', 'transit', a.consignmentId ?? tail, { organisationId: a.organisationId });
    case 'kitting':
      // One kitting account per kit lot: the components go "into" the kit lot.
      return node(`lot:${tail}`, 'lot', 'lot', tail);
    case 'sink':
      if (prefix === 'distributed') {
        const site = a.locationId ? sites.get(a.locationId) : undefined;
        return node(`distributed:${a.locationId}`, 'distributed', 'outcome', a.locationId, {
          governorateId: site?.parentId ?? null,
          organisationId: site?.organisationId ?? a.organisationId,
        });
      }
      return node(`loss:${tail || prefix}`, 'loss', 'outcome', tail || prefix || null, { detail: tail || prefix || null });
  }
}

export interface GraphInput {
  flows: readonly FlowRow[];
  accounts: ReadonlyMap<string, TraceAccount>;
  sites: ReadonlyMap<string, SiteFacts>;
  /** The pledge each pledge line belongs to. */
  pledgeOfLine: ReadonlyMap<string, string>;
  households: readonly HouseholdsAtSite[];
  /** Households per governorate, counted distinct across its sites. */
  householdsByGovernorate: readonly { governorateId: string; householdsServed: number }[];
}

/**
 * Nodes and edges with quantities. An intake becomes donor → (pledge →) lot → where it went, so
 * the lot stands between its givers and its journey; every other movement links the places it
 * left and reached. Edges are per item (a kit lot's edges count kits), and only those with a
 * positive net quantity are kept (a movement undone by a reversal leaves no edge).
 */
export function buildTraceGraph(input: GraphInput): TraceGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const add = (n: GraphNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const link = (from: string, to: string, itemId: string, units: number, kind: string) => {
    if (from === to) return;
    const key = `${from}\u0000${to}\u0000${itemId}`;
    const e = edges.get(key) ?? { from, to, itemId, quantityUnits: 0, kinds: [] };
    e.quantityUnits += units;
    if (!e.kinds.includes(kind)) e.kinds.push(kind);
    edges.set(key, e);
  };
  const nodeOf = (accountId: string) => {
    const a = input.accounts.get(accountId);
    if (!a) throw new Error(`invariant violated: no account ${accountId} for a traced transfer`);
    return add(accountNode(a, input.sites));
  };

  for (const f of input.flows) {
    const from = input.accounts.get(f.fromAccountId);
    const to = nodeOf(f.toAccountId);
    const source = nodeOf(f.fromAccountId);
    if (from?.kind === 'source') {
      const lot = add(node(`lot:${f.lotId}`, 'lot', 'lot', f.lotId));
      const pledgeId = f.pledgeLineId ? input.pledgeOfLine.get(f.pledgeLineId) : undefined;
      if (pledgeId) {
        const pledge = add(node(`pledge:${pledgeId}`, 'pledge', 'pledge', pledgeId));
        link(source, pledge, f.itemId, f.quantityUnits, f.kind);
        link(pledge, lot, f.itemId, f.quantityUnits, f.kind);
      } else {
        link(source, lot, f.itemId, f.quantityUnits, f.kind);
      }
      link(lot, to, f.itemId, f.quantityUnits, f.kind);
    } else {
      link(source, to, f.itemId, f.quantityUnits, f.kind);
    }
  }

  const kept = [...edges.values()].filter((e) => e.quantityUnits > 0);

  // Distributed at a site → its governorate, with households counted and small counts suppressed.
  const siteCells = input.households.map((h) => ({
    period: 'trace',
    locationId: h.siteId,
    areaId: input.sites.get(h.siteId)?.parentId ?? null,
    householdsServed: h.householdsServed,
    distributions: 0,
    items: [],
  }));
  const areaCells = input.householdsByGovernorate.map((g) => ({
    period: 'trace',
    locationId: g.governorateId,
    areaId: null,
    householdsServed: g.householdsServed,
    distributions: 0,
    items: [],
  }));
  const shownSites = new Map(suppressSmallCounts(siteCells).map((c) => [c.locationId, c]));
  const shownAreas = new Map(suppressSmallCounts(areaCells).map((c) => [c.locationId, c]));
  for (const n of nodes.values()) {
    if (n.kind !== 'distributed' || n.refId === null) continue;
    const cell = shownSites.get(n.refId);
    n.householdsServed = cell && !cell.suppressed ? cell.householdsServed : null;
    n.householdsSuppressed = !cell || cell.suppressed;
  }
  for (const e of [...kept]) {
    const site = nodes.get(e.to);
    if (site?.kind !== 'distributed' || site.governorateId === null) continue;
    const cell = shownAreas.get(site.governorateId);
    const area = add(
      node(`governorate:${site.governorateId}`, 'governorate', 'area', site.governorateId, {
        householdsServed: cell && !cell.suppressed ? cell.householdsServed : null,
        householdsSuppressed: !cell || cell.suppressed,
      }),
    );
    const key = `${site.id}\u0000${area}\u0000${e.itemId}`;
    const existing = kept.find((k) => `${k.from}\u0000${k.to}\u0000${k.itemId}` === key);
    if (existing) existing.quantityUnits += e.quantityUnits;
    else kept.push({ from: site.id, to: area, itemId: e.itemId, quantityUnits: e.quantityUnits, kinds: ['distribution'] });
  }

  // Only nodes that an edge touches: a fully reversed movement leaves nothing behind.
  const touched = new Set(kept.flatMap((e) => [e.from, e.to]));
  const order = (s: TraceStage) => traceStages.indexOf(s);
  return {
    nodes: [...nodes.values()].filter((n) => touched.has(n.id)).sort((a, b) => order(a.stage) - order(b.stage) || (a.id < b.id ? -1 : 1)),
    edges: kept.sort((a, b) => order(nodes.get(a.from)!.stage) - order(nodes.get(b.from)!.stage) || b.quantityUnits - a.quantityUnits),
  };
}

/**
 * The flows a part of the traced lots could have taken if it passed through one account (a
 * consignment's transit account, for a handling unit): flows among the accounts that lead to it
 * (upstream), and among the accounts it leads to (downstream). A flow that branches off the way
 * in (stock that stayed behind, went elsewhere, was lost before) or that joins the way out from
 * elsewhere is left out. Bags of a lot are alike, so this is where the goods could have gone, not
 * which bag went where; a cycle (stock sent back and out again) keeps both ways. Without
 * `downstream`, only the way in (goods packed but not yet dispatched).
 */
export function onPathsThrough(flows: readonly FlowRow[], throughAccountId: string, { downstream: onwards = true } = {}): FlowRow[] {
  const moved = flows.filter((f) => f.quantityUnits > 0);
  const reach = (next: (f: FlowRow) => [string, string]) => {
    const seen = new Set([throughAccountId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const f of moved) {
        const [at, to] = next(f);
        if (seen.has(at) && !seen.has(to)) {
          seen.add(to);
          grew = true;
        }
      }
    }
    return seen;
  };
  const upstream = reach((f) => [f.toAccountId, f.fromAccountId]);
  const downstream = onwards ? reach((f) => [f.fromAccountId, f.toAccountId]) : new Set<string>();
  const within = (set: ReadonlySet<string>, f: FlowRow) => set.has(f.fromAccountId) && set.has(f.toAccountId);
  return flows.filter((f) => within(upstream, f) || within(downstream, f));
}

/** What became of the traced lots, per item, from the balances they stand at now. */
export interface BalanceRow {
  accountKind: AccountKind;
  accountCode: string;
  itemId: string;
  balanceUnits: number;
}

export interface ItemTotals {
  itemId: string;
  /** Brought in by intakes (from a donor or a purchase), net of reversals; kits made here are assembled, not received. */
  receivedUnits: number;
  /** Kits made of traced components (kit items only). */
  assembledUnits: number;
  inStockUnits: number;
  inTransitUnits: number;
  distributedUnits: number;
  lostUnits: number;
  /** Components that went into kits (and were not taken apart again). */
  inKitsUnits: number;
}

export function itemTotals(flows: readonly FlowRow[], accounts: ReadonlyMap<string, TraceAccount>, balances: readonly BalanceRow[]): ItemTotals[] {
  const byItem = new Map<string, ItemTotals>();
  const of = (itemId: string) => {
    let t = byItem.get(itemId);
    if (!t) {
      t = { itemId, receivedUnits: 0, assembledUnits: 0, inStockUnits: 0, inTransitUnits: 0, distributedUnits: 0, lostUnits: 0, inKitsUnits: 0 };
      byItem.set(itemId, t);
    }
    return t;
  };
  for (const f of flows) {
    const from = accounts.get(f.fromAccountId)?.kind;
    if (from === 'source') of(f.itemId).receivedUnits += f.quantityUnits;
  }
  for (const b of balances) {
    const t = of(b.itemId);
    if (b.accountKind === 'holding') t.inStockUnits += b.balanceUnits;
    else if (b.accountKind === 'transit') t.inTransitUnits += b.balanceUnits;
    else if (b.accountKind === 'sink' && b.accountCode.startsWith('distributed:')) t.distributedUnits += b.balanceUnits;
    else if (b.accountKind === 'sink' && b.accountCode.startsWith('loss:')) t.lostUnits += b.balanceUnits;
    // A kitting account holds the components (positive) and has given the kits (negative).
    else if (b.accountKind === 'kitting') {
      if (b.balanceUnits > 0) t.inKitsUnits += b.balanceUnits;
      else t.assembledUnits -= b.balanceUnits;
    }
  }
  return [...byItem.values()];
}

export { MIN_HOUSEHOLDS };
