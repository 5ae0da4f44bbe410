import { sql } from 'drizzle-orm';
import { plannedNotDispatched } from '../../domain/consignments/states.js';
import { epochDay } from '../../domain/dates.js';
import { effectiveStatus } from '../../domain/ledger/expiry.js';
import type { PlanInput, PlanKitRecipe, PlanLot, PlanNeedLine, PlanPledge, PlanRoute } from '../../domain/planner/types.js';
import type { PlanRequest } from '../../domain/planning/plans.js';
import type { Priority } from '../../domain/needs/need.js';
import type { Sector } from '../../domain/catalogue.js';
import type { Queryable } from '../../db/client.js';
import { coverageOfLines } from '../needs/coverage.js';
import { pledgeGoodsReceived } from '../pledges/receipts.js';
import { rowsOf } from '../ledger/sql.js';
import { holdings, type Holding } from '../ledger/stock.js';

/** What the planner is given, and what the plan's view needs to name each record it mentions. */
export interface Snapshot {
  input: PlanInput;
  needLines: Map<string, NeedLineFact>;
  /** By the planner's lot id (lot at a location). */
  lots: Map<string, Holding>;
  /** By pledge line id (the planner's pledge id). */
  pledges: Map<string, { pledgeId: string; expectedOn: string }>;
  lanes: Map<string, LaneFact>;
  items: Map<string, { weightKgPerUnit: number; volumeM3PerUnit: number; sector: Sector }>;
}

export interface NeedLineFact {
  needId: string;
  needTitle: string;
  partnerId: string;
  priority: Priority;
  neededBy: string;
  itemId: string;
  needLocationId: string;
}

export interface LaneFact {
  id: string;
  fromLocationId: string;
  toLocationId: string;
  leadTimeDays: number;
}

/** A lot held at one place: a lot split over two warehouses is two sources for the planner. */
export const plannerLotId = (lotId: string, locationId: string) => `${lotId}@${locationId}`;

/**
 * Reads, for a sending organisation, everything the allocation planner works from
 * (docs/planner.md, "Where the numbers come from"):
 * - need lines of approved needs addressed to it, each with what is still to find (needed − covered,
 *   as need coverage computes it: pledged and not yet sent, in pipeline and delivered count as covered);
 * - available lots on its sites (not quarantined, recalled, damaged or expired today), except lots
 *   that came in against a pledge for a need line still open: the line's coverage already counts them;
 * - goods still expected on its general pledges (not cancelled, not for a need line), expected at
 *   its first warehouse;
 * - the recipes of kits that need lines ask for, so kits can be assembled from components;
 * - what its draft and packed consignments will carry is taken off both the lots and the need
 *   lines it serves (a draft reserves nothing in the ledger and counts in no coverage until dispatch);
 * - its transport lanes. A need line's destination is the nearest place at or above the need's
 *   location where a lane ends (a need at a site in Deir al-Balah is served by a lane to the governorate).
 */
export async function readSnapshot(db: Queryable, organisationId: string, planDate: string, request: PlanRequest): Promise<Snapshot> {
  const lanes = await rowsOf<{
    id: string;
    from_location_id: string;
    to_location_id: string;
    lead_time_days: number;
    period_days: number;
    capacity_kg_per_period: number;
    capacity_m3_per_period: number;
  }>(
    db,
    sql`select id, from_location_id, to_location_id, lead_time_days, period_days, capacity_kg_per_period, capacity_m3_per_period
        from transport_lanes where organisation_id = ${organisationId} order by id`,
  );
  const laneEnds = new Set(lanes.map((l) => l.to_location_id));

  const needRows = await rowsOf<{
    need_line_id: string;
    item_id: string;
    quantity_units: number;
    need_id: string;
    title: string;
    partner_id: string;
    priority: Priority;
    needed_by: string;
    location_id: string;
  }>(
    db,
    sql`select nl.id as need_line_id, nl.item_id, nl.quantity_units, n.id as need_id, n.title, n.organisation_id as partner_id,
               n.priority, n.needed_by::text as needed_by, n.location_id
        from need_lines nl
        join needs n on n.id = nl.need_id
        where n.status = 'approved'
          and exists (select 1 from need_addressees a where a.need_id = n.id and a.organisation_id = ${organisationId})
        order by n.needed_by, nl.id`,
  );
  const coverage = await coverageOfLines(db, needRows.map((r) => ({ id: r.need_line_id, quantityUnits: r.quantity_units })));
  // Drafts and packed consignments reserve nothing in the ledger and count in no coverage until
  // dispatch; what they plan to carry is neither outstanding nor free to plan again.
  const drafted = await rowsOf<{ need_line_id: string | null; lot_id: string; origin_location_id: string; units: number }>(
    db,
    sql`select cl.need_line_id, cl.lot_id, c.origin_location_id, sum(cl.quantity_units)::int8 as units
        from consignment_lines cl join consignments c on c.id = cl.consignment_id
        where c.sender_organisation_id = ${organisationId} and c.status::text in ${[...plannedNotDispatched]}
        group by cl.need_line_id, cl.lot_id, c.origin_location_id`,
  );
  const draftedForLine = new Map<string, number>();
  const draftedOfLot = new Map<string, number>();
  for (const d of drafted) {
    if (d.need_line_id) draftedForLine.set(d.need_line_id, (draftedForLine.get(d.need_line_id) ?? 0) + d.units);
    const key = plannerLotId(d.lot_id, d.origin_location_id);
    draftedOfLot.set(key, (draftedOfLot.get(key) ?? 0) + d.units);
  }
  const destinationOf = await nearestLaneEnd(db, [...new Set(needRows.map((r) => r.location_id))], laneEnds);
  const needLines = new Map<string, NeedLineFact>();
  const needs: PlanNeedLine[] = [];
  for (const r of needRows) {
    const outstanding = coverage.get(r.need_line_id)!.gapUnits - (draftedForLine.get(r.need_line_id) ?? 0);
    if (outstanding <= 0) continue;
    needLines.set(r.need_line_id, {
      needId: r.need_id,
      needTitle: r.title,
      partnerId: r.partner_id,
      priority: r.priority,
      neededBy: r.needed_by,
      itemId: r.item_id,
      needLocationId: r.location_id,
    });
    needs.push({
      id: r.need_line_id,
      itemId: r.item_id,
      quantityUnits: outstanding,
      priority: r.priority,
      neededBy: r.needed_by,
      destinationId: destinationOf.get(r.location_id)!,
    });
  }

  const held = await holdings(
    db,
    sql`a.kind = 'holding' and a.location_id in (select id from locations where organisation_id = ${organisationId})
        and l.status = 'available'
        and not exists (select 1 from pledge_lines pl join need_lines nl on nl.id = pl.need_line_id join needs n on n.id = nl.need_id
                        where pl.id = l.pledge_line_id and n.status = 'approved')`,
    { limit: 10_000_000 },
  );
  const lots = new Map<string, Holding>();
  const planLots: PlanLot[] = [];
  for (const h of held) {
    if (effectiveStatus(h.status, h.expiryDate, planDate) !== 'available') continue;
    const id = plannerLotId(h.lotId, h.locationId!);
    const free = h.availableUnits - (draftedOfLot.get(id) ?? 0);
    if (free <= 0) continue;
    lots.set(id, h);
    planLots.push({ id, itemId: h.itemId, warehouseId: h.locationId!, quantityUnits: free, expiresOn: h.expiryDate });
  }

  const [firstWarehouse] = await rowsOf<{ id: string }>(
    db,
    sql`select id from locations where organisation_id = ${organisationId} and level = 'site' and site_kind = 'warehouse'
        order by created_at, id limit 1`,
  );
  const pledgeRows = firstWarehouse
    ? await rowsOf<{ line_id: string; pledge_id: string; item_id: string; quantity_units: number; expected_on: string }>(
        db,
        sql`select pl.id as line_id, p.id as pledge_id, pl.item_id, pl.quantity_units, p.expected_on::text as expected_on
            from pledge_lines pl join pledges p on p.id = pl.pledge_id
            where p.organisation_id = ${organisationId} and p.cancelled_at is null and pl.kind = 'goods' and pl.need_line_id is null
            order by p.expected_on, pl.id`,
      )
    : [];
  const received = await pledgeGoodsReceived(db, pledgeRows.map((p) => p.line_id));
  const pledges = new Map<string, { pledgeId: string; expectedOn: string }>();
  const planPledges: PlanPledge[] = [];
  for (const p of pledgeRows) {
    const left = p.quantity_units - received.get(p.line_id)!.receivedUnits;
    if (left <= 0) continue;
    // A pledge overdue is still expected; it can leave with the first departure.
    const expectedOn = epochDay(p.expected_on) < epochDay(planDate) ? planDate : p.expected_on;
    pledges.set(p.line_id, { pledgeId: p.pledge_id, expectedOn: p.expected_on });
    planPledges.push({ id: p.line_id, itemId: p.item_id, warehouseId: firstWarehouse!.id, quantityUnits: left, expectedOn });
  }

  const neededItems = [...new Set(needs.map((n) => n.itemId))];
  const recipeRows = neededItems.length
    ? await rowsOf<{ kit_item_id: string; component_item_id: string; quantity_units: number }>(
        db,
        sql`select kit_item_id, component_item_id, quantity_units from kit_components
            where kit_item_id in ${neededItems} order by kit_item_id, component_item_id`,
      )
    : [];
  const recipes = new Map<string, PlanKitRecipe>();
  for (const r of recipeRows) {
    const recipe = recipes.get(r.kit_item_id) ?? { kitItemId: r.kit_item_id, components: [] };
    recipe.components.push({ itemId: r.component_item_id, quantityUnits: r.quantity_units });
    recipes.set(r.kit_item_id, recipe);
  }

  const itemIds = [...new Set([...neededItems, ...planLots.map((l) => l.itemId), ...planPledges.map((p) => p.itemId), ...recipeRows.map((r) => r.component_item_id)])];
  const itemRows = itemIds.length
    ? await rowsOf<{ id: string; weight_kg_per_unit: number; volume_m3_per_unit: number; sector: Sector }>(
        db,
        sql`select id, weight_kg_per_unit, volume_m3_per_unit, sector from items where id in ${itemIds}`,
      )
    : [];
  const items = new Map(itemRows.map((i) => [i.id, { weightKgPerUnit: i.weight_kg_per_unit, volumeM3PerUnit: i.volume_m3_per_unit, sector: i.sector }]));

  const routes: PlanRoute[] = lanes.map((l) => ({
    id: l.id,
    warehouseId: l.from_location_id,
    destinationId: l.to_location_id,
    leadTimeDays: l.lead_time_days,
    periodDays: l.period_days,
    capacityKgPerPeriod: l.capacity_kg_per_period,
    capacityM3PerPeriod: l.capacity_m3_per_period,
  }));
  return {
    input: {
      planDate,
      needs,
      lots: planLots,
      pledges: planPledges,
      kits: [...recipes.values()],
      items: itemRows.map((i) => ({ id: i.id, weightKgPerUnit: i.weight_kg_per_unit, volumeM3PerUnit: i.volume_m3_per_unit, category: i.sector })),
      routes,
      minShelfLifeDaysByCategory: request.minShelfLifeDaysBySector as Record<string, number>,
      defaultMinShelfLifeDays: request.minShelfLifeDays,
    },
    needLines,
    lots,
    pledges,
    lanes: new Map(lanes.map((l) => [l.id, { id: l.id, fromLocationId: l.from_location_id, toLocationId: l.to_location_id, leadTimeDays: l.lead_time_days }])),
    items,
  };
}

/**
 * For each location, the nearest place at or above it where a lane ends; the location itself when
 * no lane reaches it or any place above it (the planner then reports "no route").
 */
async function nearestLaneEnd(db: Queryable, locationIds: readonly string[], laneEnds: ReadonlySet<string>): Promise<Map<string, string>> {
  const nearest = new Map(locationIds.map((id) => [id, id]));
  if (locationIds.length === 0 || laneEnds.size === 0) return nearest;
  const chain = await rowsOf<{ start: string; id: string; depth: number }>(
    db,
    sql`with recursive up(start, id, parent_id, depth) as (
          select id, id, parent_id, 0 from locations where id in ${[...locationIds]}
          union all
          select up.start, l.id, l.parent_id, up.depth + 1 from up join locations l on l.id = up.parent_id where up.depth < 20)
        select start, id, depth from up order by start, depth`,
  );
  const found = new Set<string>();
  for (const step of chain) {
    if (found.has(step.start) || !laneEnds.has(step.id)) continue;
    nearest.set(step.start, step.id);
    found.add(step.start);
  }
  return nearest;
}
