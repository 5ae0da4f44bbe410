import { z } from 'zod';
import { LocalDate } from '../dates.js';
import { ItemRef } from '../refs.js';
import { EntitlementWindow, entitlementBases } from './rules.js';

const Timestamp = z.iso.datetime({ offset: true });

export const EntitlementRuleView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    item: ItemRef,
    quantityUnits: z.number().int(),
    per: z.enum(entitlementBases),
    window: EntitlementWindow,
    createdAt: Timestamp,
    createdBy: z.uuid(),
    retiredAt: Timestamp.nullable().describe('a retired rule is kept for the record and no longer applies'),
  })
  .meta({ id: 'EntitlementRule' });
export type EntitlementRuleView = z.infer<typeof EntitlementRuleView>;

export const EntitlementCheckInput = z.strictObject({
  householdId: z.uuid(),
  /** The day of the distribution at the site; a record synced late carries its own, earlier day. */
  on: LocalDate,
  lines: z
    .array(z.strictObject({ itemId: z.uuid(), quantityUnits: z.number().int().positive().max(10_000) }))
    .min(1, 'give at least one line')
    .max(100),
});
export type EntitlementCheckInput = z.infer<typeof EntitlementCheckInput>;

export const RuleOutcomeView = z
  .object({
    ruleId: z.uuid(),
    itemId: z.uuid(),
    allowedUnits: z.number().int(),
    usedUnits: z.number().int().describe('already received in the fullest window around the day'),
    proposedUnits: z.number().int(),
    remainingUnits: z.number().int(),
    ok: z.boolean(),
    window: z.object({ from: z.iso.date(), to: z.iso.date() }),
  })
  .meta({ id: 'EntitlementRuleOutcome' });

export const EntitlementCheckView = z
  .object({
    allowed: z.boolean().describe('true when every rule on the items given holds'),
    outcomes: z.array(RuleOutcomeView),
  })
  .meta({ id: 'EntitlementCheck' });
