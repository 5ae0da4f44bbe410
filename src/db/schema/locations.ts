import { doublePrecision, index, pgEnum, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { locationLevels, siteKinds } from '../../domain/locations.js';
import { organisations } from './organisations.js';

export const locationLevel = pgEnum('location_level', locationLevels);
export const siteKind = pgEnum('site_kind', siteKinds);

export const locations = pgTable(
  'locations',
  {
    id: uuid('id').primaryKey(),
    parentId: uuid('parent_id').references((): AnyPgColumn => locations.id),
    level: locationLevel('level').notNull(),
    siteKind: siteKind('site_kind'),
    /** OCHA COD-AB P-code where one is published (PS0265 for Deir Al-Balah). */
    pcode: text('pcode').unique(),
    isoCode: text('iso_code').unique(),
    country: text('country').notNull(),
    nameEn: text('name_en'),
    nameFa: text('name_fa'),
    nameAr: text('name_ar'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** The organisation that runs a site (a warehouse, a distribution point); null for areas. */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('locations_parent_idx').on(t.parentId), index('locations_org_idx').on(t.organisationId)],
);
