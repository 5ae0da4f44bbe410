import { z } from 'zod';
import { MonthDay } from '../dates.js';
import type { HouseholdComposition } from '../households/household.js';

/**
 * The rule language. A rule says: a household may receive at most `quantityUnits` of one item or
 * kit, for each household / member / young child / school-age child it has, within every window.
 * Windows are either any N consecutive days (rolling), or a school year that starts every year on
 * the same day. Examples:
 *   one family food parcel per household per 30 days
 *     { itemId: <parcel>, quantityUnits: 1, per: 'household', window: { kind: 'rolling_days', days: 30 } }
 *   one school kit per school-age child per school year starting 1 September
 *     { itemId: <school kit>, quantityUnits: 1, per: 'school_age_child', window: { kind: 'school_year', startsOn: '09-01' } }
 * Several rules on one item must all hold. Counts are taken from the household as registered at
 * the time of the check.
 */
export const entitlementBases = ['household', 'member', 'child_under_5', 'school_age_child'] as const;
export type EntitlementBasis = (typeof entitlementBases)[number];

export const windowKinds = ['rolling_days', 'school_year'] as const;

export const EntitlementWindow = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rolling_days'), days: z.number().int().min(1).max(3660) }),
  z.strictObject({ kind: z.literal('school_year'), startsOn: MonthDay.describe('MM-DD, the first day of each school year') }),
]);
export type EntitlementWindow = z.infer<typeof EntitlementWindow>;

export const EntitlementRuleInput = z.strictObject({
  itemId: z.uuid(),
  quantityUnits: z.number().int().positive().max(10_000),
  per: z.enum(entitlementBases),
  window: EntitlementWindow,
});
export type EntitlementRuleInput = z.infer<typeof EntitlementRuleInput>;

export interface EntitlementRule extends EntitlementRuleInput {
  id: string;
}

export function basisCount(per: EntitlementBasis, household: HouseholdComposition): number {
  switch (per) {
    case 'household':
      return 1;
    case 'member':
      return household.memberCount;
    case 'child_under_5':
      return household.childrenUnder5Count;
    case 'school_age_child':
      return household.schoolAgeChildrenCount;
  }
}

/** The most a household may receive under the rule within one window. */
export const allowedUnits = (rule: EntitlementRuleInput, household: HouseholdComposition) =>
  rule.quantityUnits * basisCount(rule.per, household);
