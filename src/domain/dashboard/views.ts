import { z } from 'zod';
import { sectors } from '../catalogue.js';
import { lossReasons } from '../ledger/vocabulary.js';
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
    losses: z.array(z.object({ reason: z.enum(lossReasons), quantityUnits: units })),
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
