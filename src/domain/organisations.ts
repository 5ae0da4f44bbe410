import { z } from 'zod';
import { Names } from './names.js';

export const organisationKinds = ['sending', 'partner', 'donor', 'logistics', 'monitor'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as IR or PS');

export const Contact = z.strictObject({
  name: z.string().trim().min(1).max(200),
  role: z.string().trim().max(200).optional(),
  email: z.email('must be an email address').max(320).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'must be a phone number with digits, spaces, ( ) and -')
    .optional(),
});
export type Contact = z.infer<typeof Contact>;

export const OrganisationInput = z.strictObject({
  kind: z.enum(organisationKinds),
  names: Names,
  country: CountryCode,
  contacts: z.array(Contact).max(20).default([]),
});
export type OrganisationInput = z.infer<typeof OrganisationInput>;

export const OrganisationPatch = z.strictObject({
  names: Names.optional(),
  country: CountryCode.optional(),
  contacts: z.array(Contact).max(20).optional(),
});
export type OrganisationPatch = z.infer<typeof OrganisationPatch>;
