import { inArray } from 'drizzle-orm';
import type { ItemRef, LocationRef, OrganisationRef } from '../domain/refs.js';
import type { Queryable } from '../db/client.js';
import { items, locations, organisations } from '../db/schema/index.js';
import { namesOf } from './users.js';

/** Short references for many ids in one query each, for views that list records of several kinds. */
export async function organisationRefs(db: Queryable, ids: Iterable<string>): Promise<Map<string, OrganisationRef>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.select().from(organisations).where(inArray(organisations.id, wanted));
  return new Map(rows.map((r) => [r.id, { id: r.id, names: namesOf(r) }]));
}

export async function locationRefs(db: Queryable, ids: Iterable<string>): Promise<Map<string, LocationRef>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.select().from(locations).where(inArray(locations.id, wanted));
  return new Map(rows.map((r) => [r.id, { id: r.id, names: namesOf(r), level: r.level }]));
}

export async function itemRefs(db: Queryable, ids: Iterable<string>): Promise<Map<string, ItemRef>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.select().from(items).where(inArray(items.id, wanted));
  return new Map(rows.map((r) => [r.id, { id: r.id, code: r.code, names: namesOf(r), unit: r.unit, isKit: r.isKit }]));
}

/** Reads a reference that a foreign key guarantees; a miss is a bug, not bad input. */
export function mustGet<V>(map: ReadonlyMap<string, V>, id: string): V {
  const value = map.get(id);
  if (value === undefined) throw new Error(`invariant violated: no row for referenced id ${id}`);
  return value;
}
