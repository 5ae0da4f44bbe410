import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { stableId } from '../domain/ids.js';
import type { LocationLevel } from '../domain/locations.js';
import type { Database } from './client.js';
import { locations } from './schema/index.js';

interface Place {
  pcode?: string;
  iso?: string;
  iso2?: string;
  country?: string;
  parent?: string;
  name_en?: string;
  name_fa?: string;
  name_ar?: string;
  lat?: number;
  lon?: number;
}

interface ReferenceFile {
  countries: Place[];
  admin1: Place[];
  admin2: Place[];
}

const file = new URL('./reference/locations.json', import.meta.url);

/** The id every installation gives a reference place, from its P-code or ISO code. */
export const referenceLocationId = (code: string) => stableId('karvan:location', code);

/**
 * Countries, the Gaza Strip and its five governorates, Isfahan province and North Sinai. Applied
 * at every migration; an existing row keeps its id and gets the names and coordinates shipped now.
 */
export async function seedReferenceLocations(db: Database): Promise<void> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as ReferenceFile;
  const countryOf = new Map<string, string>();
  const rows: (typeof locations.$inferInsert)[] = [];
  const add = (level: LocationLevel, place: Place, code: string, country: string, parentCode?: string) => {
    countryOf.set(code, country);
    rows.push({
      id: referenceLocationId(code),
      parentId: parentCode ? referenceLocationId(parentCode) : null,
      level,
      pcode: place.pcode ?? null,
      isoCode: place.iso ?? place.iso2 ?? null,
      country,
      nameEn: place.name_en ?? null,
      nameFa: place.name_fa ?? null,
      nameAr: place.name_ar ?? null,
      latitude: place.lat ?? null,
      longitude: place.lon ?? null,
    });
  };
  for (const c of data.countries) add('country', c, c.iso2!, c.iso2!);
  for (const a of data.admin1) add('admin1', a, a.pcode ?? a.iso!, a.country!, a.country!);
  for (const a of data.admin2) add('admin2', a, a.pcode ?? a.iso!, countryOf.get(a.parent!)!, a.parent!);

  await db
    .insert(locations)
    .values(rows)
    .onConflictDoUpdate({
      target: locations.id,
      set: {
        nameEn: sql`excluded.name_en`,
        nameFa: sql`excluded.name_fa`,
        nameAr: sql`excluded.name_ar`,
        latitude: sql`excluded.latitude`,
        longitude: sql`excluded.longitude`,
      },
    });
}
