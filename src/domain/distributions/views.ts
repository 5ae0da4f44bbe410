import { z } from 'zod';
import { entitlementBases } from '../entitlements/rules.js';
import { refusalFields } from '../errors.js';
import { ItemRef, LocationRef, OrganisationRef } from '../refs.js';
import { planStatuses } from './plan.js';
import { proofKinds } from './record.js';

const Timestamp = z.iso.datetime({ offset: true });
const Day = z.iso.date();

export const PlanItemProgressView = z.object({
  itemId: z.uuid(),
  issuedUnits: z.number().int().describe('sent from warehouses to the site for this plan, less what went back'),
  distributedUnits: z.number().int().describe('handed to households under this plan (reversed distributions left out)'),
});

export const DistributionPlanView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    title: z.string(),
    site: LocationRef,
    plannedOn: Day,
    householdsExpected: z.number().int().describe('compare with progress.householdsServed'),
    status: z.enum(planStatuses).describe('closed: no more stock is issued, and only hand-overs made before closedAt are recorded; leftovers can still be returned'),
    closedAt: Timestamp.nullable(),
    closedBy: z.uuid().nullable(),
    closedByDisplayName: z.string().nullable(),
    closingNote: z.string().nullable(),
    lines: z.array(
      z.object({
        item: ItemRef,
        quantityUnits: z.number().int(),
        per: z.enum(entitlementBases).describe('the quantity is given for each household, member, child under 5 or school-age child'),
        needLineId: z.uuid().nullable(),
      }),
    ),
    progress: z.object({
      householdsServed: z.number().int(),
      distributions: z.number().int(),
      exceptions: z.number().int().describe('distributions a coordinator allowed although they broke an entitlement rule'),
      items: z.array(PlanItemProgressView),
    }),
    createdBy: z.uuid(),
    createdAt: Timestamp,
  })
  .meta({ id: 'DistributionPlan' });
export type DistributionPlanView = z.infer<typeof DistributionPlanView>;

/**
 * A distribution record holds what the distribution needs and nothing more about the people:
 * which household (a pseudonymous id), what it received, when, where, who recorded it and the
 * proof of delivery.
 */
export const DistributionView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    planId: z.uuid(),
    householdId: z.uuid(),
    siteId: z.uuid(),
    distributedAt: Timestamp.describe('by the device clock'),
    distributedOn: Day.describe('the day at the site, as the device wrote it; entitlement windows count these days'),
    lines: z.array(
      z.object({
        itemId: z.uuid(),
        quantityUnits: z.number().int(),
        needLineId: z.uuid().nullable(),
        lots: z.array(z.object({ lotId: z.uuid(), quantityUnits: z.number().int() })).describe('taken from the site first-expiry-first-out'),
      }),
    ),
    proof: z.object({
      kind: z.enum(proofKinds),
      code: z.string().nullable().describe('the voucher code'),
      sha256: z.string().nullable().describe('of the signature or thumbprint image, which Karvan does not keep'),
      ref: z.string().nullable().describe('where the partner keeps that image'),
    }),
    exception: z
      .object({
        reason: z.string(),
        allowedBy: z.uuid(),
        brokenRuleIds: z.array(z.uuid()),
      })
      .nullable()
      .describe('set when a coordinator allowed the distribution although it broke these entitlement rules'),
    recordedBy: z.uuid(),
    recordedAt: Timestamp,
    reversal: z
      .object({ operationId: z.uuid(), reason: z.string(), reversedBy: z.uuid(), reversedAt: Timestamp })
      .nullable()
      .describe('a reversed distribution no longer counts for entitlements or figures; the stock went back to the site'),
  })
  .meta({ id: 'Distribution' });
export type DistributionView = z.infer<typeof DistributionView>;

const ErrorDetail = z.object({ code: z.string(), message: z.string(), field: z.string().optional(), ...refusalFields });

export const syncOutcomes = ['recorded', 'already-recorded', 'refused'] as const;

export const SyncResultView = z
  .object({
    results: z
      .array(
        z.object({
          id: z.uuid(),
          outcome: z.enum(syncOutcomes).describe('already-recorded: a retry of a record kept earlier; nothing new was written'),
          distribution: DistributionView.nullable(),
          error: ErrorDetail.nullable().describe('why the record was refused; nothing of it was written'),
        }),
      )
      .describe('one per record, in the order sent'),
  })
  .meta({ id: 'DistributionSyncResult' });
export type SyncResultView = z.infer<typeof SyncResultView>;

export const HouseholdsServedView = z
  .object({
    from: z.string(),
    to: z.string(),
    by: z.enum(['site', 'governorate']),
    minimumHouseholds: z.number().int().describe('cells with fewer households served are suppressed'),
    rows: z.array(
      z.object({
        period: z.string().describe('a calendar month, YYYY-MM (days at the site)'),
        location: LocationRef,
        organisation: OrganisationRef.nullable().describe('the partner running the site; null for a governorate'),
        suppressed: z.boolean().describe('true: fewer households than the minimum (or hidden so that such a cell cannot be worked out); no figures given'),
        householdsServed: z.number().int().nullable(),
        distributions: z.number().int().nullable(),
        items: z.array(z.object({ item: ItemRef, quantityUnits: z.number().int() })).nullable(),
      }),
    ),
  })
  .meta({ id: 'HouseholdsServed' });
export type HouseholdsServedView = z.infer<typeof HouseholdsServedView>;
