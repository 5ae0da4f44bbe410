import { eq, inArray } from 'drizzle-orm';
import { notFound, ruleViolated } from '../../domain/errors.js';
import { donationAccount, lossAccount, purchaseAccount, type Donor } from '../../domain/ledger/accounts.js';
import { isoDate } from '../../domain/ledger/expiry.js';
import type { IntakeInput } from '../../domain/ledger/inputs.js';
import type { OperationView } from '../../domain/ledger/views.js';
import type { Tx } from '../../db/client.js';
import { items, pledgeLines, pledges } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { loadOrganisation } from '../organisations.js';
import { findOrCreateLot, type LotRow } from './lots.js';
import { lineId, occurredAt, runStockOperation } from './operations.js';
import { postTransfers, type TransferLine } from './post.js';
import { assertRunBy, loadSite } from './sites.js';

function donorOf(input: IntakeInput): Donor {
  const d = input.donor!;
  if (d.organisationId) return { organisationId: d.organisationId };
  if (d.individualRef) return { individualRef: d.individualRef };
  return { anonymous: true };
}

/** A lot code for goods that carry none: stable for the operation, unique per line. */
const madeUpLotCode = (operationId: string, index: number, now: Date) =>
  `IN-${isoDate(now).replaceAll('-', '')}-${operationId.slice(0, 8)}-${index + 1}`;

/**
 * The pledge lines an intake honours, checked against what it brings: a goods line of a live
 * pledge the receiving organisation took, for the same item, from the same donor. Gives each
 * line's need line, which the transfers carry too.
 */
async function honouredPledgeLines(tx: Tx, organisationId: string, input: IntakeInput): Promise<Map<string, { needLineId: string | null }>> {
  const ids = [...new Set(input.lines.flatMap((l) => (l.pledgeLineId ? [l.pledgeLineId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      id: pledgeLines.id,
      kind: pledgeLines.kind,
      itemId: pledgeLines.itemId,
      needLineId: pledgeLines.needLineId,
      organisationId: pledges.organisationId,
      donorKind: pledges.donorKind,
      donorOrganisationId: pledges.donorOrganisationId,
      cancelledAt: pledges.cancelledAt,
    })
    .from(pledgeLines)
    .innerJoin(pledges, eq(pledges.id, pledgeLines.pledgeId))
    .where(inArray(pledgeLines.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const donor = input.donor;
  input.lines.forEach((line, i) => {
    if (!line.pledgeLineId) return;
    const field = `lines.${i}.pledgeLineId`;
    const pledged = byId.get(line.pledgeLineId);
    if (!pledged) throw notFound('pledge line', field);
    if (pledged.kind !== 'goods') throw ruleViolated(field, 'this pledge line is of cash; goods are received against goods lines');
    if (pledged.itemId !== line.itemId) throw ruleViolated(field, 'this pledge line promises another item');
    if (pledged.organisationId !== organisationId) throw ruleViolated(field, 'this pledge was taken by another organisation');
    if (pledged.cancelledAt) throw ruleViolated(field, 'this pledge was cancelled');
    const sameDonor =
      pledged.donorKind === 'organisation'
        ? donor?.organisationId === pledged.donorOrganisationId
        : pledged.donorKind === 'individual'
          ? donor?.individualRef !== undefined
          : donor?.anonymous === true;
    if (!sameDonor) throw ruleViolated(field, "the intake's donor is not the pledge's donor");
  });
  return new Map(rows.map((r) => [r.id, { needLineId: r.needLineId }]));
}

/**
 * Receives donated or purchased goods into a warehouse, lot by lot, with the SUMA triage class
 * of each line. Unusable goods go straight to `loss:unusable-donation`, so the gift is on record
 * even though it never becomes stock.
 */
export async function receiveIntake(ctx: Ctx, organisationId: string, input: IntakeInput, now = new Date()): Promise<OperationView> {
  return runStockOperation(ctx, { id: input.id, kind: 'intake', organisationId, request: input }, now, async (tx) => {
    const site = await loadSite(tx, input.locationId, 'locationId');
    assertRunBy(site, organisationId, 'locationId');
    if (input.donor?.organisationId) {
      await loadOrganisation(tx, input.donor.organisationId).catch(() => {
        throw notFound('donor organisation', 'donor.organisationId');
      });
    }
    const itemIds = input.lines.map((l) => l.itemId);
    const known = new Set((await tx.select({ id: items.id }).from(items).where(inArray(items.id, itemIds))).map((r) => r.id));
    itemIds.forEach((id, i) => {
      if (!known.has(id)) throw notFound('item', `lines.${i}.itemId`);
    });

    const pledged = await honouredPledgeLines(tx, organisationId, input);
    const source = input.source === 'donation' ? donationAccount(donorOf(input)) : purchaseAccount();
    const when = occurredAt(input.occurredAt, now);
    const lots: LotRow[] = [];
    const lines: TransferLine[] = [];
    for (const [i, line] of input.lines.entries()) {
      const lot = await findOrCreateLot(
        tx,
        {
          itemId: line.itemId,
          lotCode: line.lotCode ?? madeUpLotCode(input.id, i, now),
          expiryDate: line.expiryDate,
          triageClass: line.triage,
          donorOrganisationId: input.donor?.organisationId ?? null,
          pledgeLineId: line.pledgeLineId ?? null,
        },
        `lines.${i}`,
      );
      lots.push(lot);
      lines.push({
        id: lineId(input.id, i),
        kind: 'intake',
        from: source,
        to: line.triage === 'unusable' ? lossAccount('unusable-donation') : site.holding,
        itemId: line.itemId,
        lotId: lot.id,
        quantityUnits: line.quantityUnits,
        reason: line.triage,
        occurredAt: when,
        pledgeLineId: line.pledgeLineId ?? null,
        needLineId: line.pledgeLineId ? pledged.get(line.pledgeLineId)!.needLineId : null,
      });
    }
    const transfers = await postTransfers(tx, ctx.actor, { organisationId, operationId: input.id, lines });
    return { transfers, lots };
  });
}
