import { z } from 'zod';
import { permissions, roles } from './access.js';
import { KitComponent, sectors } from './catalogue.js';
import { locationLevels, siteKinds } from './locations.js';
import { languages, Names } from './names.js';
import { Contact, organisationKinds } from './organisations.js';

/**
 * What the API returns, one schema per kind of record. The services build these shapes, the
 * HTTP layer validates them on the way out, and the OpenAPI document (and the web app's typed
 * client) are generated from them, so the three cannot drift apart.
 */
const Timestamp = z.iso.datetime({ offset: true });

export const MembershipView = z.object({
  organisationId: z.uuid(),
  organisationNames: Names,
  role: z.enum(roles),
  // The web app shows only the actions a person may take; the server checks them again.
  permissions: z.array(z.enum(permissions)).describe('what the role allows in this organisation'),
});
export type MembershipView = z.infer<typeof MembershipView>;

export const UserView = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    isInstanceAdmin: z.boolean(),
    mustChangePassword: z.boolean(),
    preferredLanguage: z.enum(languages),
    memberships: z.array(MembershipView),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof UserView>;

export const TokenView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiToken' });
export type TokenView = z.infer<typeof TokenView>;

export const OrganisationView = z
  .object({
    id: z.uuid(),
    kind: z.enum(organisationKinds),
    names: Names,
    country: z.string(),
    contacts: z.array(Contact),
    createdAt: Timestamp,
  })
  .meta({ id: 'Organisation' });
export type OrganisationView = z.infer<typeof OrganisationView>;

export const MemberView = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(roles),
    disabled: z.boolean(),
    since: Timestamp,
  })
  .meta({ id: 'Member' });
export type MemberView = z.infer<typeof MemberView>;

export const LocationView = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    level: z.enum(locationLevels),
    siteKind: z.enum(siteKinds).nullable(),
    names: Names,
    pcode: z.string().nullable(),
    isoCode: z.string().nullable(),
    country: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    organisationId: z.uuid().nullable(),
  })
  .meta({ id: 'Location' });
export type LocationView = z.infer<typeof LocationView>;

export const ItemView = z
  .object({
    id: z.uuid(),
    code: z.string(),
    names: Names,
    sector: z.enum(sectors),
    unit: z.string(),
    packSizeUnits: z.number().int(),
    weightKgPerUnit: z.number(),
    volumeM3PerUnit: z.number(),
    shelfLifeDays: z.number().int().nullable(),
    coldChain: z.boolean(),
    dualUse: z.boolean(),
    kcalPerUnit: z.number().nullable(),
    isKit: z.boolean(),
    components: z.array(KitComponent),
  })
  .meta({ id: 'Item' });
export type ItemView = z.infer<typeof ItemView>;
