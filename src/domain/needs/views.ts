import { z } from 'zod';
import { sectors } from '../catalogue.js';
import { CashAmount } from '../money.js';
import { ItemRef, LocationRef, OrganisationRef } from '../refs.js';
import { needStatuses, priorities } from './need.js';
import { needEventKinds } from './workflow.js';

const Timestamp = z.iso.datetime({ offset: true });

export const NeedLineCoverageView = z
  .object({
    neededUnits: z.number().int(),
    pledgedUnits: z.number().int().describe('what open pledges promise for the line (what donors brought, for a cancelled pledge)'),
    pledgedNotSentUnits: z.number().int().describe('pledged and not yet dispatched for the line'),
    inPipelineUnits: z.number().int().describe('dispatched for the line, not yet received by the partner'),
    deliveredUnits: z.number().int().describe('received by the partner for the line'),
    lostInTransitUnits: z.number().int().describe('dispatched for the line and rejected, short or damaged on the way'),
    distributedUnits: z.number().int().describe('handed to households from the line'),
    coveredUnits: z.number().int().describe('pledged not sent + in pipeline + delivered'),
    gapUnits: z.number().int().describe('still to find: needed − covered, at least 0'),
    coverageRatio: z.number().describe('covered ÷ needed; above 1 when more is promised than needed'),
    fulfilmentRatio: z.number().describe('distributed ÷ needed'),
    cashPledged: z.array(CashAmount).describe('cash promised against the line, per currency; not part of the unit figures'),
  })
  .meta({ id: 'NeedLineCoverage' });

export const NeedLineView = z
  .object({ id: z.uuid(), item: ItemRef, quantityUnits: z.number().int(), coverage: NeedLineCoverageView })
  .meta({ id: 'NeedLine' });
export type NeedLineView = z.infer<typeof NeedLineView>;

export const NeedEventView = z
  .object({
    kind: z.enum(needEventKinds),
    fromStatus: z.enum(needStatuses).nullable(),
    toStatus: z.enum(needStatuses),
    at: Timestamp,
    userId: z.uuid(),
    userDisplayName: z.string(),
    organisationId: z.uuid().nullable().describe('the organisation the person acted for; null for an instance administrator'),
    note: z.string().nullable(),
  })
  .meta({ id: 'NeedEvent' });
export type NeedEventView = z.infer<typeof NeedEventView>;

const needFields = {
  id: z.uuid(),
  organisation: OrganisationRef,
  title: z.string(),
  addressedTo: z.array(OrganisationRef),
  location: LocationRef,
  priority: z.enum(priorities),
  neededBy: z.iso.date(),
  peopleToReach: z.number().int(),
  sector: z.enum(sectors),
  justification: z.string(),
  status: z.enum(needStatuses),
  linesCovered: z.number().int().describe('lines whose coverage is at least 1'),
  linesFulfilled: z.number().int().describe('lines whose fulfilment is at least 1'),
  lines: z.array(NeedLineView),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const NeedSummaryView = z.object(needFields).meta({ id: 'NeedSummary' });
export type NeedSummaryView = z.infer<typeof NeedSummaryView>;

export const NeedView = z.object({ ...needFields, events: z.array(NeedEventView) }).meta({ id: 'Need' });
export type NeedView = z.infer<typeof NeedView>;
