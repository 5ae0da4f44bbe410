import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { can } from '../domain/access.js';
import { conflict, forbidden, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import { checkParent, type LocationInput, type LocationLevel, type LocationPatch, type SiteKind } from '../domain/locations.js';
import type { LocationView } from '../domain/views.js';
import type { Queryable } from '../db/client.js';
import { locations } from '../db/schema/index.js';
import type { Ctx } from './context.js';
import { loadOrganisation } from './organisations.js';
import { namesOf } from './users.js';


const view = (l: typeof locations.$inferSelect): LocationView => ({
  id: l.id,
  parentId: l.parentId,
  level: l.level,
  siteKind: l.siteKind,
  names: namesOf(l),
  pcode: l.pcode,
  isoCode: l.isoCode,
  country: l.country,
  latitude: l.latitude,
  longitude: l.longitude,
  organisationId: l.organisationId,
});

export interface LocationFilter {
  parentId?: string;
  level?: LocationLevel;
  siteKind?: SiteKind;
  organisationId?: string;
  q?: string;
}

/** The location tree is shared by all organisations: consignments cross from one to another. */
export async function listLocations(ctx: Ctx, filter: LocationFilter): Promise<LocationView[]> {
  const where: SQL[] = [];
  if (filter.parentId) where.push(eq(locations.parentId, filter.parentId));
  if (filter.level) where.push(eq(locations.level, filter.level));
  if (filter.siteKind) where.push(eq(locations.siteKind, filter.siteKind));
  if (filter.organisationId) where.push(eq(locations.organisationId, filter.organisationId));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(locations.nameEn, like), ilike(locations.nameFa, like), ilike(locations.nameAr, like), ilike(locations.pcode, like))!);
  }
  const rows = await ctx.db
    .select()
    .from(locations)
    .where(and(...where))
    .orderBy(asc(locations.level), asc(locations.nameEn), asc(locations.id))
    .limit(1000);
  return rows.map(view);
}

export async function loadLocation(db: Queryable, id: string, field = 'locationId'): Promise<LocationView> {
  const [row] = await db.select().from(locations).where(eq(locations.id, id));
  if (!row) throw notFound('location', field);
  return view(row);
}

export const getLocation = (ctx: Ctx, id: string) => loadLocation(ctx.db, id);

/** A site run by an organisation may only be added or changed by that organisation's people. */
function assertMayManageSite(ctx: Ctx, organisationId: string | null | undefined) {
  if (organisationId && !can(ctx.actor, 'locations:write', organisationId)) {
    throw forbidden('only people of the organisation that runs this site may change it');
  }
}

export async function createLocation(ctx: Ctx, input: LocationInput): Promise<LocationView> {
  assertMayManageSite(ctx, input.organisationId);
  return ctx.db.transaction(async (tx) => {
    const parent = input.parentId ? await loadLocation(tx, input.parentId, 'parentId') : null;
    checkParent(input.level, parent?.level ?? null);
    if (input.organisationId) await loadOrganisation(tx, input.organisationId);
    for (const [field, column, value] of [
      ['pcode', locations.pcode, input.pcode],
      ['isoCode', locations.isoCode, input.isoCode],
    ] as const) {
      if (value && (await tx.select({ id: locations.id }).from(locations).where(eq(column, value))).length) {
        throw conflict(`a location with ${field} ${value} exists already`, field);
      }
    }
    const [row] = await tx
      .insert(locations)
      .values({
        id: newId(),
        parentId: parent?.id ?? null,
        level: input.level,
        siteKind: input.siteKind ?? null,
        pcode: input.pcode ?? null,
        isoCode: input.isoCode ?? null,
        country: parent?.country ?? input.country!,
        nameEn: input.names.en ?? null,
        nameFa: input.names.fa ?? null,
        nameAr: input.names.ar ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        organisationId: input.organisationId ?? null,
      })
      .returning();
    return view(row!);
  });
}

export async function updateLocation(ctx: Ctx, id: string, patch: LocationPatch): Promise<LocationView> {
  return ctx.db.transaction(async (tx) => {
    const before = await loadLocation(tx, id);
    assertMayManageSite(ctx, before.organisationId);
    if (patch.organisationId) {
      assertMayManageSite(ctx, patch.organisationId);
      await loadOrganisation(tx, patch.organisationId);
    }
    if (patch.siteKind && before.level !== 'site') throw conflict('only sites have a kind', 'siteKind');
    const [row] = await tx
      .update(locations)
      .set({
        ...(patch.names ? { nameEn: patch.names.en ?? null, nameFa: patch.names.fa ?? null, nameAr: patch.names.ar ?? null } : {}),
        ...(patch.siteKind ? { siteKind: patch.siteKind } : {}),
        ...(patch.latitude !== undefined ? { latitude: patch.latitude } : {}),
        ...(patch.longitude !== undefined ? { longitude: patch.longitude } : {}),
        ...(patch.organisationId !== undefined ? { organisationId: patch.organisationId } : {}),
      })
      .where(eq(locations.id, id))
      .returning();
    return view(row!);
  });
}

/**
 * The ids of a place and every place under it, as a subquery: a coordinator filtering by a
 * governorate means the needs and households of its districts and sites too.
 */
export function placeAndBelow(locationId: string): SQL {
  return sql`(with recursive below(id) as (
      select id from locations where id = ${locationId}
      union all
      select l.id from locations l join below b on l.parent_id = b.id
    ) select id from below)`;
}
