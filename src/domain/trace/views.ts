import { z } from 'zod';
import { consignmentEventKinds } from '../consignments/states.js';
import { handlingUnitKinds } from '../consignments/packing.js';
import { siteKinds } from '../locations.js';
import { ItemRef, LocationRef, OrganisationRef } from '../refs.js';
import { traceNodeKinds, traceStages } from './graph.js';

export const traceNotes = ['shared-lot', 'kits-followed', 'handling-unit-part'] as const;
export type TraceNote = (typeof traceNotes)[number];

export const traceRootKinds = ['pledge', 'lot', 'consignment', 'handling-unit'] as const;
export type TraceRootKind = (typeof traceRootKinds)[number];

const Timestamp = z.iso.datetime({ offset: true });
const LotRef = z.object({ id: z.uuid(), lotCode: z.string() });

export const TraceCheckpointView = z
  .object({
    location: LocationRef,
    siteKind: z.enum(siteKinds).nullable(),
    arrivedAt: Timestamp,
    leftAt: Timestamp.nullable().describe('departed, offloaded or received; null while it is still there'),
    dwellHours: z.number().describe('from arrival to departure (or to now, while it is still there), to a tenth of an hour'),
    underReviewSince: z.iso.date().nullable().describe('the day the inspection authority started holding it, if it did'),
    steps: z.array(z.enum(consignmentEventKinds)).describe('what was recorded there, in order: arrived, under_review, inspected, departed, offloaded, collected'),
    rejections: z
      .array(
        z.object({
          item: ItemRef.describe('for a component taken out of kits: the component'),
          lot: LotRef.describe("the consignment line's lot"),
          rejectedUnits: z.number().int().positive(),
          kitsOpened: z.number().int(),
          reason: z.string().nullable(),
          toLocation: LocationRef.nullable().describe('where the rejected units were taken; null: written off (loss:rejected-at-inspection)'),
        }),
      )
      .describe('units rejected at inspection at this checkpoint (for a handling unit: of the lines it carried)'),
  })
  .meta({ id: 'TraceCheckpoint' });
export type TraceCheckpointView = z.infer<typeof TraceCheckpointView>;

export const TraceHandlingUnitView = z
  .object({
    id: z.uuid(),
    code: z.string().describe('the code on its label and in its QR code'),
    number: z.number().int(),
    total: z.number().int(),
    kind: z.enum(handlingUnitKinds),
    contents: z.array(z.object({ item: ItemRef, lot: LotRef, quantityUnits: z.number().int().positive() })).describe('as packed'),
  })
  .meta({ id: 'TraceHandlingUnit' });
export type TraceHandlingUnitView = z.infer<typeof TraceHandlingUnitView>;

export const TraceNodeView = z
  .object({
    id: z.string().describe('unique within this trace; edges name nodes by it'),
    kind: z.enum(traceNodeKinds),
    stage: z.enum(traceStages).describe('the column of the flow diagram, from origin to area'),
    root: z.boolean().describe('the record the trace was asked for'),
    organisation: OrganisationRef.nullable().describe('a donor organisation, or the organisation that answers for the goods here'),
    donorKind: z.enum(['organisation', 'individual', 'anonymous', 'purchase', 'gain', 'other']).nullable(),
    pledgeId: z.uuid().nullable(),
    lot: z
      .object({ id: z.uuid(), lotCode: z.string(), expiryDate: z.string().nullable(), item: ItemRef })
      .nullable(),
    location: LocationRef.nullable().describe('a site (location, distributed, checkpoint) or a governorate'),
    siteKind: z.enum(siteKinds).nullable(),
    consignmentId: z.uuid().nullable(),
    consignmentReference: z.string().nullable(),
    lossReason: z.string().nullable(),
    householdsServed: z.number().int().nullable().describe('distinct households that received these goods here; null when suppressed (fewer than 5)'),
    householdsSuppressed: z.boolean(),
    governorate: LocationRef.nullable().describe('for a distribution site: the area it lies in'),
    checkpoints: z.array(TraceCheckpointView).describe('consignments (and a handling unit): the checkpoints passed, in order, with dwell and rejections; empty for other nodes'),
    handlingUnit: TraceHandlingUnitView.nullable().describe('the handling unit a trace starts from'),
  })
  .meta({ id: 'TraceNode' });
export type TraceNodeView = z.infer<typeof TraceNodeView>;

export const TraceEdgeView = z
  .object({
    from: z.string(),
    to: z.string(),
    item: ItemRef,
    quantityUnits: z.number().int().positive().describe('in the units of the item (kits for a kit)'),
    kinds: z.array(z.string()).describe('the ledger kinds of the movements summed here (intake, move, dispatch, receipt, distribution, …)'),
  })
  .meta({ id: 'TraceEdge' });
export type TraceEdgeView = z.infer<typeof TraceEdgeView>;

export const TraceTotalsView = z
  .object({
    item: ItemRef,
    receivedUnits: z.number().int(),
    assembledUnits: z.number().int(),
    inStockUnits: z.number().int(),
    inTransitUnits: z.number().int(),
    distributedUnits: z.number().int(),
    lostUnits: z.number().int(),
    inKitsUnits: z.number().int(),
  })
  .meta({ id: 'TraceTotals' });

export const TraceView = z
  .object({
    root: z.object({ kind: z.enum(traceRootKinds), id: z.uuid() }),
    lotIds: z.array(z.uuid()).describe('the lots followed, kit lots made of them included'),
    nodes: z.array(TraceNodeView),
    edges: z.array(TraceEdgeView),
    totals: z.array(TraceTotalsView).describe('per item: what came in, and where it is now'),
    minimumHouseholds: z.number().int(),
    notes: z
      .array(z.enum(traceNotes))
      .describe(
        'shared-lot: a traced lot was also given by others, whose part moves with it; kits-followed: components went into kit lots, followed in kits; handling-unit-part: the unit carried part of its lots, the graph keeps the paths its goods could have taken and the totals are for the whole lots',
      ),
  })
  .meta({ id: 'Trace' });
export type TraceView = z.infer<typeof TraceView>;
