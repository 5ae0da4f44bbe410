import { z } from 'zod';
import { locationLevels } from './locations.js';
import { Names } from './names.js';

/** Short references to shared records, embedded in views so a list shows names without more calls. */
export const OrganisationRef = z.object({ id: z.uuid(), names: Names }).meta({ id: 'OrganisationRef' });
export type OrganisationRef = z.infer<typeof OrganisationRef>;

export const LocationRef = z.object({ id: z.uuid(), names: Names, level: z.enum(locationLevels) }).meta({ id: 'LocationRef' });
export type LocationRef = z.infer<typeof LocationRef>;

export const ItemRef = z
  .object({ id: z.uuid(), code: z.string(), names: Names, unit: z.string(), isKit: z.boolean() })
  .meta({ id: 'ItemRef' });
export type ItemRef = z.infer<typeof ItemRef>;
