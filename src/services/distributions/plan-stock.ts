import { sql } from 'drizzle-orm';
import { ruleViolated } from '../../domain/errors.js';
import { assertPlanOpen, type IssueInput, type ReturnInput } from '../../domain/distributions/plan.js';
import { isoDate } from '../../domain/ledger/expiry.js';
import { fefoPick } from '../../domain/ledger/fefo.js';
import type { OperationView } from '../../domain/ledger/views.js';
import type { Tx } from '../../db/client.js';
import { distributionPlanOperations } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { loadLots } from '../ledger/lots.js';
import { lineId, runStockOperation } from '../ledger/operations.js';
import { postTransfers, type TransferLine } from '../ledger/post.js';
import { assertRunBy, loadSite, type StockSite } from '../ledger/sites.js';
import { holdings, holdingsOfItem } from '../ledger/stock.js';
import { loadPlan, type Plan } from './plans.js';

/** The warehouse at the other end of an issue or a return: a site of the organisation, not the plan's. */
async function warehouseOf(tx: Tx, organisationId: string, plan: Plan, locationId: string, field: string): Promise<{ warehouse: StockSite; site: StockSite }> {
  const warehouse = await loadSite(tx, locationId, field);
  assertRunBy(warehouse, organisationId, field);
  if (locationId === plan.siteId) throw ruleViolated(field, "this is the plan's own site; name the warehouse the goods come from or go back to");
  return { warehouse, site: await loadSite(tx, plan.siteId, 'planId') };
}

/**
 * Issues stock for a plan: from a warehouse of the partner to the plan's site, picked
 * first-expiry-first-out among lots still good on the day of the distribution (ledger kind `issue`).
 * A closed plan takes no more stock.
 */
export async function issueToSite(ctx: Ctx, organisationId: string, planId: string, input: IssueInput, now = new Date()): Promise<OperationView> {
  const spec = { id: input.id, kind: 'issue', organisationId, request: { planId, ...input } };
  return runStockOperation(ctx, spec, now, async (tx) => {
    const plan = await loadPlan(tx, organisationId, planId, 'planId', 'share');
    assertPlanOpen(plan, 'planId');
    const { warehouse, site } = await warehouseOf(tx, organisationId, plan, input.fromLocationId, 'fromLocationId');
    const today = isoDate(now);
    const lines: TransferLine[] = [];
    const fields: string[] = [];
    for (const [i, line] of input.lines.entries()) {
      if (!plan.lines.some((l) => l.itemId === line.itemId)) throw ruleViolated(`lines.${i}.itemId`, 'this plan does not give this item');
      const usableUntil = plan.plannedOn > today ? plan.plannedOn : undefined;
      const pick = fefoPick(await holdingsOfItem(tx, warehouse.holding.id, line.itemId), line.quantityUnits, today, usableUntil);
      if (pick.shortUnits > 0) {
        throw ruleViolated(
          `lines.${i}.quantityUnits`,
          `the warehouse has ${line.quantityUnits - pick.shortUnits} units of this item that are available and good on ${plan.plannedOn}; ${line.quantityUnits} were asked for`,
        );
      }
      for (const p of pick.lines) {
        lines.push({ id: lineId(input.id, lines.length), kind: 'issue', from: warehouse.holding, to: site.holding, itemId: line.itemId, lotId: p.lotId, quantityUnits: p.quantityUnits, occurredAt: now });
        fields.push(`lines.${i}.quantityUnits`);
      }
    }
    const transfers = await postTransfers(tx, ctx.actor, { organisationId, operationId: input.id, lines, fieldOf: (k) => fields[k]! });
    await tx.insert(distributionPlanOperations).values({ operationId: input.id, planId, kind: 'issue', warehouseId: warehouse.id });
    return { transfers, lots: [...(await loadLots(tx, lines.map((l) => l.lotId), () => 'lines')).values()] };
  });
}

/**
 * Returns what the site did not hand out to a warehouse of the partner: the lots named, or
 * everything the site holds of the plan's items, whatever their status (a recalled lot goes back
 * too), a closed plan's too: returning the leftovers is usually a distribution's last step.
 * Recorded as a `move` between the partner's own sites, with the plan in the reason.
 */
export async function returnFromSite(ctx: Ctx, organisationId: string, planId: string, input: ReturnInput, now = new Date()): Promise<OperationView> {
  const spec = { id: input.id, kind: 'distribution-return', organisationId, request: { planId, ...input } };
  return runStockOperation(ctx, spec, now, async (tx) => {
    const plan = await loadPlan(tx, organisationId, planId);
    const { warehouse, site } = await warehouseOf(tx, organisationId, plan, input.toLocationId, 'toLocationId');
    const planItems = plan.lines.map((l) => l.itemId);
    let wanted: { lotId: string; itemId: string; quantityUnits: number; field: string }[];
    if (input.lines) {
      const lots = await loadLots(tx, input.lines.map((l) => l.lotId), (i) => `lines.${i}.lotId`);
      wanted = input.lines.map((l, i) => {
        const itemId = lots.get(l.lotId)!.itemId;
        if (!planItems.includes(itemId)) throw ruleViolated(`lines.${i}.lotId`, 'this lot is of an item the plan does not give');
        return { lotId: l.lotId, itemId, quantityUnits: l.quantityUnits, field: `lines.${i}.quantityUnits` };
      });
    } else {
      const held = await holdings(tx, sql`b.account_id = ${site.holding.id} and b.item_id in ${planItems}`);
      if (held.length === 0) throw ruleViolated('lines', "the site holds nothing of this plan's items");
      wanted = held.map((h) => ({ lotId: h.lotId, itemId: h.itemId, quantityUnits: h.availableUnits, field: 'lines' }));
    }
    const lines: TransferLine[] = wanted.map((w, k) => ({
      id: lineId(input.id, k),
      kind: 'move',
      from: site.holding,
      to: warehouse.holding,
      itemId: w.itemId,
      lotId: w.lotId,
      quantityUnits: w.quantityUnits,
      reason: `unused, returned from distribution plan ${plan.id}`,
      occurredAt: now,
    }));
    const transfers = await postTransfers(tx, ctx.actor, { organisationId, operationId: input.id, lines, fieldOf: (k) => wanted[k]!.field });
    await tx.insert(distributionPlanOperations).values({ operationId: input.id, planId, kind: 'return', warehouseId: warehouse.id });
    return { transfers, lots: [...(await loadLots(tx, lines.map((l) => l.lotId), () => 'lines')).values()] };
  });
}
