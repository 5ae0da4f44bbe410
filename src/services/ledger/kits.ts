import { eq, sql } from 'drizzle-orm';
import { notFound, ruleViolated } from '../../domain/errors.js';
import { kittingAccount } from '../../domain/ledger/accounts.js';
import { isoDate } from '../../domain/ledger/expiry.js';
import { fefoPick, isPickable } from '../../domain/ledger/fefo.js';
import type { KitAssemblyInput, KitDisassemblyInput } from '../../domain/ledger/inputs.js';
import { checkComponentPicks, componentNeeds, disassemblyReturns, kitExpiry, type ComponentPick } from '../../domain/ledger/kits.js';
import type { OperationView } from '../../domain/ledger/views.js';
import { lots } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { loadItem } from '../catalogue.js';
import { createLot, loadLots } from './lots.js';
import { lineId, occurredAt, runStockOperation } from './operations.js';
import { postTransfers, type TransferLine } from './post.js';
import { assertRunBy, loadSite } from './sites.js';
import { rowsOf } from './sql.js';
import { holdings, holdingsOfItem } from './stock.js';

const madeUpKitLotCode = (operationId: string, now: Date) => `KIT-${isoDate(now).replaceAll('-', '')}-${operationId.slice(0, 8)}`;

/**
 * Assembles kits at a site: the components (picked first-expiry-first-out unless named) go into
 * the new kit lot's kitting account, and the kits come out of it into the site's stock. The kit
 * lot expires with its first-expiring component.
 */
export async function assembleKits(ctx: Ctx, organisationId: string, input: KitAssemblyInput, now = new Date()): Promise<OperationView> {
  return runStockOperation(ctx, { id: input.id, kind: 'kit-assembly', organisationId, request: input }, now, async (tx) => {
    const site = await loadSite(tx, input.locationId, 'locationId');
    assertRunBy(site, organisationId, 'locationId');
    const kit = await loadItem(tx, input.kitItemId, 'kitItemId');
    if (!kit.isKit) throw ruleViolated('kitItemId', 'this item is not a kit; give it components in the catalogue first');
    const needs = componentNeeds(kit.components, input.kits);
    const today = isoDate(now);

    let picks: ComponentPick[];
    if (input.components) {
      checkComponentPicks(needs, input.components);
      const chosen = await loadLots(tx, input.components.map((c) => c.lotId), (i) => `components.${i}.lotId`);
      input.components.forEach((c, i) => {
        const lot = chosen.get(c.lotId)!;
        if (lot.itemId !== c.itemId) throw ruleViolated(`components.${i}.lotId`, 'this lot is of another item');
        const pickable = isPickable({ ...lot, lotId: lot.id, availableUnits: c.quantityUnits }, today);
        if (!pickable) throw ruleViolated(`components.${i}.lotId`, `lot ${lot.lotCode} is not available (quarantined, recalled, damaged or expired)`);
      });
      picks = input.components;
    } else {
      picks = [];
      for (const need of needs) {
        const pick = fefoPick(await holdingsOfItem(tx, site.holding.id, need.itemId), need.quantityUnits, today);
        if (pick.shortUnits > 0) {
          throw ruleViolated('kits', `not enough available stock of component ${need.itemId} here: ${pick.shortUnits} units short`);
        }
        picks.push(...pick.lines.map((l) => ({ itemId: need.itemId, lotId: l.lotId, quantityUnits: l.quantityUnits })));
      }
    }

    const componentLots = await loadLots(tx, picks.map((p) => p.lotId), () => 'components');
    const kitLot = await createLot(
      tx,
      {
        itemId: kit.id,
        lotCode: input.lotCode ?? madeUpKitLotCode(input.id, now),
        expiryDate: kitExpiry([...componentLots.values()]),
        triageClass: null,
        donorOrganisationId: null,
        pledgeLineId: null,
      },
      'lotCode',
    );
    const kitting = kittingAccount(kitLot.id, organisationId, site.id);
    const when = occurredAt(input.occurredAt, now);
    const lines: TransferLine[] = picks.map((p, i) => ({
      id: lineId(input.id, i),
      kind: 'kit-assembly',
      from: site.holding,
      to: kitting,
      itemId: p.itemId,
      lotId: p.lotId,
      quantityUnits: p.quantityUnits,
      occurredAt: when,
    }));
    lines.push({ id: lineId(input.id, picks.length), kind: 'kit-assembly', from: kitting, to: site.holding, itemId: kit.id, lotId: kitLot.id, quantityUnits: input.kits, occurredAt: when });
    const transfers = await postTransfers(tx, ctx.actor, {
      organisationId,
      operationId: input.id,
      lines,
      fieldOf: (i) => (input.components && i < input.components.length ? `components.${i}.quantityUnits` : 'kits'),
    });
    return { transfers, lots: [kitLot, ...componentLots.values()] };
  });
}

/**
 * Takes kits apart: the kit units go back into the kit lot's kitting account and the components
 * come out of it, into the site's stock. Per kit, each component comes back in the proportion
 * the lot was assembled with (the kitting account remembers it, even if the kit's bill of
 * materials changed since).
 */
export async function disassembleKits(ctx: Ctx, organisationId: string, input: KitDisassemblyInput, now = new Date()): Promise<OperationView> {
  return runStockOperation(ctx, { id: input.id, kind: 'kit-disassembly', organisationId, request: input }, now, async (tx) => {
    const site = await loadSite(tx, input.locationId, 'locationId');
    assertRunBy(site, organisationId, 'locationId');
    const [kitLot] = await tx.select().from(lots).where(eq(lots.id, input.kitLotId));
    if (!kitLot) throw notFound('lot', 'kitLotId');
    const [account] = await rowsOf<{ organisation_id: string; location_id: string }>(
      tx,
      sql`select organisation_id, location_id from ledger_accounts where code = ${`kitting:${kitLot.id}`}`,
    );
    if (!account) throw ruleViolated('kitLotId', 'this lot was not assembled in Karvan, so which components it holds is unknown');
    const kitting = kittingAccount(kitLot.id, account.organisation_id, account.location_id);

    const inKitting = await holdings(tx, sql`b.account_id = ${kitting.id}`);
    const [kitsOut] = await rowsOf<{ units: number }>(
      tx,
      sql`select -balance_units as units from account_balances where account_id = ${kitting.id} and lot_id = ${kitLot.id}`,
    );
    const assembledUnits = kitsOut?.units ?? 0;
    if (input.kits > assembledUnits) {
      throw ruleViolated('kits', `only ${assembledUnits} kits of this lot are assembled and not yet taken apart`);
    }
    // Per kit, each component as the lot was assembled: what the kitting account holds ÷ kits out.
    const perKit = new Map<string, number>();
    for (const h of inKitting) perKit.set(h.itemId, (perKit.get(h.itemId) ?? 0) + h.availableUnits);
    const billOfMaterials = [...perKit].map(([itemId, units]) => ({ itemId, quantityUnits: units / assembledUnits }));
    const returned = disassemblyReturns(billOfMaterials, input.kits, inKitting);
    if (returned.shortItemIds.length > 0 || billOfMaterials.some((c) => !Number.isInteger(c.quantityUnits))) {
      throw ruleViolated('kitLotId', 'the kitting account of this lot no longer matches its kits (a transfer was reversed); correct it first');
    }

    const when = occurredAt(input.occurredAt, now);
    const lines: TransferLine[] = [
      { id: lineId(input.id, 0), kind: 'kit-disassembly', from: site.holding, to: kitting, itemId: kitLot.itemId, lotId: kitLot.id, quantityUnits: input.kits, reason: input.reason ?? null, occurredAt: when },
      ...returned.lines.map((r, i) => ({
        id: lineId(input.id, i + 1),
        kind: 'kit-disassembly' as const,
        from: kitting,
        to: site.holding,
        itemId: r.itemId,
        lotId: r.lotId,
        quantityUnits: r.quantityUnits,
        reason: input.reason ?? null,
        occurredAt: when,
      })),
    ];
    const transfers = await postTransfers(tx, ctx.actor, { organisationId, operationId: input.id, lines, fieldOf: () => 'kits' });
    const componentLots = await loadLots(tx, returned.lines.map((r) => r.lotId), () => 'kitLotId');
    return { transfers, lots: [kitLot, ...componentLots.values()] };
  });
}
