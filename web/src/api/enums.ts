import type { Item, Location, Member, Organisation } from './client';

/**
 * The values of the API's enumerations, for selects and filters. `every<T>()` refuses to compile
 * unless all members of T are listed, so a value added on the server shows up here as a type error
 * (and then, through the translation test, as a missing label).
 */
const every =
  <T extends string>() =>
  <const A extends readonly T[]>(...values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : 'missing a value')) =>
    values as A;

export const sectors = every<Item['sector']>()('health', 'education', 'food_security', 'wash', 'shelter', 'other');
export const organisationKinds = every<Organisation['kind']>()('sending', 'partner', 'donor', 'logistics', 'monitor');
export const roles = every<Member['role']>()('admin', 'coordinator', 'warehouse', 'field', 'monitor');
export const locationLevels = every<Location['level']>()('country', 'admin1', 'admin2', 'site');
export const siteKinds = every<NonNullable<Location['siteKind']>>()(
  'warehouse',
  'transit_hub',
  'airport',
  'port',
  'border_crossing',
  'distribution_point',
  'health_facility',
  'school',
);
