import { inArray, sql } from 'drizzle-orm';
import { monthRange, MIN_HOUSEHOLDS, suppressSmallCounts, type ServedCell, type ServedQuery } from '../../domain/distributions/aggregate.js';
import type { HouseholdsServedView } from '../../domain/distributions/views.js';
import type { Queryable } from '../../db/client.js';
import { locations } from '../../db/schema/index.js';
import { rowsOf } from '../ledger/sql.js';
import { itemRefs, locationRefs, mustGet, organisationRefs } from '../refs.js';

interface CellRow {
  period: string;
  location_id: string;
  area_id: string | null;
  households: number;
  distributions: number;
}

/**
 * Households served per month and site or governorate, for anyone signed in: no household is
 * named, and cells of fewer than MIN_HOUSEHOLDS households are suppressed (see aggregate.ts).
 * Reversed distributions do not count.
 */
export async function householdsServed(db: Queryable, query: ServedQuery): Promise<HouseholdsServedView> {
  const { firstDay, dayAfter } = monthRange(query.from, query.to);
  const place = query.by === 'site' ? sql`d.site_id` : sql`s.parent_id`;
  const served = sql`d.distributed_on >= ${firstDay}::date and d.distributed_on < ${dayAfter}::date
      and not exists (select 1 from distribution_reversals r where r.distribution_id = d.id)
      ${query.organisationId ? sql`and d.organisation_id = ${query.organisationId}` : sql``}`;
  const period = sql`to_char(d.distributed_on, 'YYYY-MM')`;
  const cells = await rowsOf<CellRow>(
    db,
    sql`select ${period} as period, ${place} as location_id, ${query.by === 'site' ? sql`min(s.parent_id::text)::uuid` : sql`null::uuid`} as area_id,
               count(distinct d.household_id)::int as households, count(*)::int as distributions
        from distributions d join locations s on s.id = d.site_id
        where ${served}
        group by 1, 2 order by 1, 2`,
  );
  const units = await rowsOf<{ period: string; location_id: string; item_id: string; units: number }>(
    db,
    sql`select ${period} as period, ${place} as location_id, l.item_id, sum(l.quantity_units)::int8 as units
        from distributions d join locations s on s.id = d.site_id join distribution_lines l on l.distribution_id = d.id
        where ${served}
        group by 1, 2, 3 order by 1, 2, 3`,
  );
  const shown = suppressSmallCounts<{ itemId: string; quantityUnits: number }>(
    cells.map(
      (c): ServedCell<{ itemId: string; quantityUnits: number }> => ({
        period: c.period,
        locationId: c.location_id,
        areaId: c.area_id,
        householdsServed: c.households,
        distributions: c.distributions,
        items: units.filter((u) => u.period === c.period && u.location_id === c.location_id).map((u) => ({ itemId: u.item_id, quantityUnits: u.units })),
      }),
    ),
  );
  const places = await locationRefs(db, cells.map((c) => c.location_id));
  const things = await itemRefs(db, units.map((u) => u.item_id));
  const sites =
    query.by === 'site' && cells.length > 0
      ? await db.select({ id: locations.id, organisationId: locations.organisationId }).from(locations).where(inArray(locations.id, cells.map((c) => c.location_id)))
      : [];
  const runBy = new Map(sites.flatMap((s) => (s.organisationId ? [[s.id, s.organisationId] as const] : [])));
  const orgs = await organisationRefs(db, runBy.values());
  return {
    from: query.from,
    to: query.to,
    by: query.by,
    minimumHouseholds: MIN_HOUSEHOLDS,
    rows: shown.map((c) => ({
      period: c.period,
      location: mustGet(places, c.locationId),
      organisation: runBy.has(c.locationId) ? mustGet(orgs, runBy.get(c.locationId)!) : null,
      suppressed: c.suppressed,
      householdsServed: c.householdsServed,
      distributions: c.distributions,
      items: c.items === null ? null : c.items.map((i) => ({ item: mustGet(things, i.itemId), quantityUnits: i.quantityUnits })),
    })),
  };
}
