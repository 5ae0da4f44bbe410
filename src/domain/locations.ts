import { z } from 'zod';
import { Names } from './names.js';
import { CountryCode } from './organisations.js';
import { ruleViolated } from './errors.js';

/** The tree: country → admin-1 → admin-2 → site. A site may hang directly under an admin-1. */
export const locationLevels = ['country', 'admin1', 'admin2', 'site'] as const;
export type LocationLevel = (typeof locationLevels)[number];

export const siteKinds = [
  'warehouse',
  'transit_hub',
  'airport',
  'port',
  'border_crossing',
  'distribution_point',
  'health_facility',
  'school',
] as const;
export type SiteKind = (typeof siteKinds)[number];

const allowedParents: Record<LocationLevel, readonly (LocationLevel | null)[]> = {
  country: [null],
  admin1: ['country'],
  admin2: ['admin1'],
  site: ['admin1', 'admin2'],
};

export function checkParent(level: LocationLevel, parentLevel: LocationLevel | null): void {
  if (!allowedParents[level].includes(parentLevel)) {
    const expected = allowedParents[level].map((p) => p ?? 'no parent').join(' or ');
    throw ruleViolated('parentId', `a ${level} must have ${expected} as parent, not ${parentLevel ?? 'no parent'}`);
  }
}

export const PCode = z.string().regex(/^[A-Z]{2}[0-9A-Z]{0,12}$/, 'must be an OCHA P-code such as PS0265');

export const LocationInput = z
  .strictObject({
    level: z.enum(locationLevels),
    parentId: z.uuid().optional(),
    siteKind: z.enum(siteKinds).optional(),
    names: Names,
    pcode: PCode.optional(),
    isoCode: z.string().regex(/^[A-Z]{2}(-[0-9A-Z]{1,3})?$/, 'must be an ISO 3166 code such as PS-DEB').optional(),
    country: CountryCode.optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    organisationId: z.uuid().optional(),
  })
  .superRefine((l, ctx) => {
    if (l.level === 'site' && !l.siteKind) ctx.addIssue({ code: 'custom', path: ['siteKind'], message: 'a site needs a kind' });
    if (l.level !== 'site' && l.siteKind)
      ctx.addIssue({ code: 'custom', path: ['siteKind'], message: 'only sites have a kind' });
    if (l.level === 'country' && !l.country)
      ctx.addIssue({ code: 'custom', path: ['country'], message: 'a country needs its ISO code' });
    if ((l.latitude === undefined) !== (l.longitude === undefined))
      ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'give latitude and longitude together' });
  });
export type LocationInput = z.infer<typeof LocationInput>;

export const LocationPatch = z.strictObject({
  names: Names.optional(),
  siteKind: z.enum(siteKinds).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  organisationId: z.uuid().nullable().optional(),
});
export type LocationPatch = z.infer<typeof LocationPatch>;
