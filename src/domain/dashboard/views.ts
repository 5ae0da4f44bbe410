import { z } from 'zod';
import { sectors } from '../catalogue.js';
import { damagedReasons, inspectorsWords, shortReasons } from '../consignments/receipt.js';
import { lossReasons, type LossReason } from '../ledger/vocabulary.js';
import { ItemRef, LocationRef, OrganisationRef } from '../refs.js';

/**
 * The pipeline's stages, each counted in units of the item as catalogued (a sack, a bottle, a
 * kit). The totals add units of different items as they are — a kit counts one like a bottle —
 * because a common measure (weight, kcal, value) does not exist for every item; the per-item
 * rows are the honest figures, the totals show the shape of the funnel.
 */
export const funnelStages = ['needed', 'pledged', 'received', 'dispatched', 'cleared', 'delivered', 'distributed'] as const;
export type FunnelStage = (typeof funnelStages)[number];

const units = z.number().int();

export const FunnelItemView = z
  .object({
    item: ItemRef,
    neededUnits: units,
    pledgedUnits: units,
    receivedUnits: units,
    dispatchedUnits: units,
    clearedUnits: units,
    deliveredUnits: units,
    distributedUnits: units,
  })
  .meta({ id: 'DashboardFunnelItem' });
export type FunnelItemView = z.infer<typeof FunnelItemView>;

const CoverageFigures = {
  neededUnits: units,
  coveredUnits: units.describe('pledged not yet sent + on the way + delivered, as a need line counts it'),
  distributedUnits: units,
  coverageRatio: z.number(),
};

/**
 * What kind of loss a loss account holds: units found damaged or short when a consignment was
 * counted in, rejected at an inspection on the road, or written off from stock (a count's
 * shortage, an unusable donation at intake…).
 */
export type LossKind = LossCauseView['kind'];

export function lossKindOf(account: LossReason): LossKind {
  if (account === 'damaged-in-transit') return 'damaged';
  if (account === 'missing-in-transit') return 'short';
  if (account === 'rejected-at-inspection') return 'rejected';
  return 'written-off';
}

const known = <T extends string>(values: readonly T[], value: string | null): T | null => (values.includes(value as T) ? (value as T) : null);

/**
 * One row of losses by cause: `recorded` is what the records say beyond the account — the
 * receipt line's code for damaged and short units, the words on the rejection transfer for a
 * rejection; a write-off's reason is its account.
 */
export function lossCauseOf(account: LossReason, recorded: string | null, quantityUnits: number): LossCauseView {
  const kind = lossKindOf(account);
  switch (kind) {
    case 'damaged':
      return { kind, reason: known(damagedReasons, recorded), account, quantityUnits };
    case 'short':
      return { kind, reason: known(shortReasons, recorded), account, quantityUnits };
    case 'rejected':
      return { kind, reason: recorded === null ? null : inspectorsWords(recorded), account, quantityUnits };
    case 'written-off':
      return { kind, reason: account, account, quantityUnits };
  }
}

const LossFigures = {
  account: z.enum(lossReasons).describe('the loss account holding the units; the rows of one account add up to its figure in losses'),
  quantityUnits: units,
};

/** Losses by the most specific reason on record, per kind. */
export const LossCauseView = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('damaged'),
      reason: z.enum(damagedReasons).nullable().describe('the code the consignee gave at receipt; null for receipts recorded before receipts took reasons'),
      ...LossFigures,
    }),
    z.object({
      kind: z.literal('short'),
      reason: z.enum(shortReasons).nullable().describe('the code the consignee gave at receipt; null for receipts recorded before receipts took reasons'),
      ...LossFigures,
    }),
    z.object({ kind: z.literal('rejected'), reason: z.string().nullable().describe('the inspectors’ reason, in their words'), ...LossFigures }),
    z.object({ kind: z.literal('written-off'), reason: z.enum(lossReasons).describe('the reason the stock was written off with: the loss account'), ...LossFigures }),
  ])
  .meta({ id: 'DashboardLossCause' });
export type LossCauseView = z.infer<typeof LossCauseView>;

export const DashboardView = z
  .object({
    scope: z.object({ organisation: OrganisationRef.nullable().describe('null: everything shared (monitors)') }),
    today: z.string().describe('the day the figures are for (UTC), YYYY-MM-DD'),
    funnel: z.object({
      stages: z.array(z.object({ stage: z.enum(funnelStages), quantityUnits: units })).describe('units of all items added as they are'),
      byItem: z.array(FunnelItemView),
    }),
    coverage: z.object({
      byGovernorate: z.array(z.object({ location: LocationRef, ...CoverageFigures })),
      bySector: z.array(z.object({ sector: z.enum(sectors), ...CoverageFigures })),
    }),
    expiring: z.object({
      within3MonthsUnits: units,
      within9MonthsUnits: units.describe('includes those within 3 months'),
      byItem: z.array(z.object({ item: ItemRef, within3MonthsUnits: units, within9MonthsUnits: units })),
    }),
    checkpoints: z.object({
      available: z.boolean().describe('whether checkpoint arrivals are recorded on this server (true since consignments landed)'),
      waiting: z.array(
        z.object({
          consignmentId: z.uuid(),
          reference: z.string(),
          checkpoint: LocationRef,
          arrivedAt: z.string(),
          daysWaited: z.number(),
        }),
      ),
    }),
    losses: z.array(z.object({ reason: z.enum(lossReasons), quantityUnits: units })).describe('units in each loss account, most first'),
    lossCauses: z.array(LossCauseView).describe('the same losses by kind and by the reason given (receipt codes, inspectors’ words), most first'),
  })
  .meta({ id: 'Dashboard' });
export type DashboardView = z.infer<typeof DashboardView>;

export const DashboardQuery = z.strictObject({
  organisationId: z
    .uuid()
    .optional()
    .describe("one organisation's figures (its own, or any for a monitor); without it, a monitor sees everything shared and others their first organisation"),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

/** Per-item figures of each stage, as the service reads them. */
export type StageFigures = Record<FunnelStage, ReadonlyMap<string, number>>;

/**
 * The funnel, per item and in total. "Cleared" is what passed the checkpoints: until consignments
 * record checkpoint outcomes, that is what left transit other than by rejection (delivered, or
 * found missing or damaged at receipt).
 */
export function funnelOf(figures: StageFigures): { stages: { stage: FunnelStage; quantityUnits: number }[]; byItem: (Omit<FunnelItemView, 'item'> & { itemId: string })[] } {
  const itemIds = [...new Set(funnelStages.flatMap((s) => [...figures[s].keys()]))].sort();
  const byItem = itemIds
    .map((itemId) => {
      const at = (s: FunnelStage) => Math.max(0, figures[s].get(itemId) ?? 0);
      return {
        itemId,
        neededUnits: at('needed'),
        pledgedUnits: at('pledged'),
        receivedUnits: at('received'),
        dispatchedUnits: at('dispatched'),
        clearedUnits: at('cleared'),
        deliveredUnits: at('delivered'),
        distributedUnits: at('distributed'),
      };
    })
    .filter((r) => Object.entries(r).some(([k, v]) => k !== 'itemId' && v !== 0));
  const key = (s: FunnelStage) => `${s}Units` as const;
  return {
    stages: funnelStages.map((stage) => ({ stage, quantityUnits: byItem.reduce((sum, r) => sum + r[key(stage)], 0) })),
    byItem,
  };
}
