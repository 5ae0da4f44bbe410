import { z } from 'zod';
import { LocalDate } from '../dates.js';
import { entitlementBases, basisCount, type EntitlementBasis } from '../entitlements/rules.js';
import { conflict } from '../errors.js';
import type { HouseholdComposition } from '../households/household.js';
import { OperationId, Quantity } from '../ledger/inputs.js';
import { distinctBy } from './distinct.js';

/** The kinds of site a partner hands aid out at; warehouses issue stock to them. */
export const distributionSiteKinds = ['distribution_point', 'health_facility', 'school'] as const;

/**
 * What each household receives: so many units of an item or kit, per household or per member,
 * child under 5 or school-age child (the bases of the entitlement rules), so a plan of "one
 * school kit per school-age child" gives a family with three such children three kits.
 */
export const PlanLineInput = z.strictObject({
  itemId: z.uuid(),
  quantityUnits: z.number().int('must be a whole number of units').positive('must be at least 1').max(10_000),
  per: z.enum(entitlementBases).default('household'),
  needLineId: z.uuid().optional().describe('the line of an approved need of the organisation that this line serves (same item)'),
});
export type PlanLineInput = z.infer<typeof PlanLineInput>;

export const PlanInput = z
  .strictObject({
    /** A short label people recognise, e.g. "March food round, Al-Maghazi school". Never a person. */
    title: z.string().trim().min(1, 'must not be empty').max(200),
    siteId: z.uuid().describe('a distribution point, health facility or school run by the organisation'),
    plannedOn: LocalDate.describe('the day of the distribution at the site (the first day, when it lasts several)'),
    householdsExpected: z.number().int().positive().max(1_000_000),
    lines: z.array(PlanLineInput).min(1, 'a plan gives at least one item').max(50),
  })
  .superRefine((plan, ctx) => {
    distinctBy(plan.lines, (l) => l.itemId, 'lines', 'list each item once', ctx);
    const serving = plan.lines.flatMap((l, i) => (l.needLineId ? [{ needLineId: l.needLineId, i }] : []));
    const seen = new Set<string>();
    for (const { needLineId, i } of serving) {
      if (seen.has(needLineId)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'needLineId'], message: 'a need line is served by one plan line' });
      seen.add(needLineId);
    }
  });
export type PlanInput = z.infer<typeof PlanInput>;

/** Stock sent from a warehouse of the organisation to the plan's site, picked first-expiry-first-out. */
export const IssueInput = z
  .strictObject({
    id: OperationId,
    fromLocationId: z.uuid().describe("a warehouse (any site) of the organisation, not the plan's site"),
    lines: z
      .array(z.strictObject({ itemId: z.uuid().describe("one of the plan's items"), quantityUnits: Quantity }))
      .min(1)
      .max(50),
  })
  .superRefine((input, ctx) => distinctBy(input.lines, (l) => l.itemId, 'lines', 'list each item once', ctx));
export type IssueInput = z.infer<typeof IssueInput>;

/** What was not handed out goes back from the site to a warehouse of the organisation. */
export const ReturnInput = z
  .strictObject({
    id: OperationId,
    toLocationId: z.uuid().describe("a warehouse (any site) of the organisation, not the plan's site"),
    lines: z
      .array(z.strictObject({ lotId: z.uuid(), quantityUnits: Quantity }))
      .min(1)
      .max(500)
      .optional()
      .describe("omitted: everything the site holds of the plan's items"),
  })
  .superRefine((input, ctx) => distinctBy(input.lines, (l) => l.lotId, 'lines', 'list each lot once', ctx));
export type ReturnInput = z.infer<typeof ReturnInput>;

/** Closing a plan when its distribution is over: who closed it and when are recorded, with an optional note. */
export const ClosePlanInput = z.strictObject({
  note: z.string().trim().min(1, 'must not be empty').max(1000).optional().describe('why, or what is left to do (returns, late records); never a person'),
});
export type ClosePlanInput = z.infer<typeof ClosePlanInput>;

/**
 * A plan is open until a coordinator closes it. A closed plan takes no more stock and no
 * hand-over made after the close; what the site still holds can be returned, and hand-overs made
 * before the close (kept on a device that was offline) are still recorded when they sync.
 */
export const planStatuses = ['open', 'closed'] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const planStatus = (plan: { closedAt: Date | null }): PlanStatus => (plan.closedAt ? 'closed' : 'open');

/**
 * Refuses what a closed plan no longer takes: anything at all (`at` omitted: issuing stock,
 * closing again), or a hand-over made at `at` or later. The refusal carries the closing time,
 * and the hand-over's time when there is one.
 */
export function assertPlanOpen(plan: { closedAt: Date | null }, field: string, at?: Date): void {
  const { closedAt } = plan;
  if (!closedAt || (at && at < closedAt)) return;
  const when = closedAt.toISOString();
  throw conflict(
    at ? `this plan was closed at ${when}; only what was handed out before then can be recorded against it` : `this plan was closed at ${when}`,
    field,
    { reason: 'plan_closed', details: { closedAt: when, ...(at ? { distributedAt: at.toISOString() } : {}) } },
  );
}

export interface PlanLine {
  itemId: string;
  quantityUnits: number;
  per: EntitlementBasis;
  needLineId: string | null;
}

/**
 * What one household receives under the plan: each line's quantity times the household's count
 * on the line's basis. Lines that come to nothing (a school kit for a family without school-age
 * children) are left out.
 */
export function householdShare(lines: readonly PlanLine[], household: HouseholdComposition): { itemId: string; quantityUnits: number }[] {
  return lines
    .map((l) => ({ itemId: l.itemId, quantityUnits: l.quantityUnits * basisCount(l.per, household) }))
    .filter((l) => l.quantityUnits > 0);
}
