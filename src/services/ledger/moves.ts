import { ruleViolated } from '../../domain/errors.js';
import { effectiveStatus, isoDate } from '../../domain/ledger/expiry.js';
import type { MoveInput } from '../../domain/ledger/inputs.js';
import type { OperationView } from '../../domain/ledger/views.js';
import type { Ctx } from '../context.js';
import { loadLots } from './lots.js';
import { lineId, occurredAt, runStockOperation } from './operations.js';
import { postTransfers } from './post.js';
import { assertRunBy, loadSites } from './sites.js';

/**
 * Moves stock between two sites, as one all-or-nothing operation. A move stays within the
 * organisation (any lot status: quarantined goods may go to a quarantine store); a hand-over
 * gives stock to another organisation, which takes only what may be used: available lots.
 */
async function moveBetweenSites(ctx: Ctx, organisationId: string, input: MoveInput, kind: 'move' | 'handover', now: Date): Promise<OperationView> {
  return runStockOperation(ctx, { id: input.id, kind, organisationId, request: input }, now, async (tx) => {
    const sites = await loadSites(tx, [
      { id: input.fromLocationId, field: 'fromLocationId' },
      { id: input.toLocationId, field: 'toLocationId' },
    ]);
    const from = sites.get(input.fromLocationId)!;
    const to = sites.get(input.toLocationId)!;
    assertRunBy(from, organisationId, 'fromLocationId');
    if (kind === 'move' && to.organisationId !== organisationId) {
      throw ruleViolated('toLocationId', 'this site is run by another organisation: give stock to it with a hand-over');
    }
    if (kind === 'handover' && to.organisationId === organisationId) {
      throw ruleViolated('toLocationId', 'this site is run by your own organisation: use a move');
    }
    const lots = await loadLots(tx, input.lines.map((l) => l.lotId), (i) => `lines.${i}.lotId`);
    const today = isoDate(now);
    if (kind === 'handover') {
      input.lines.forEach((l, i) => {
        const lot = lots.get(l.lotId)!;
        const status = effectiveStatus(lot.status, lot.expiryDate, today);
        if (status !== 'available') throw ruleViolated(`lines.${i}.lotId`, `lot ${lot.lotCode} is ${status}; only available lots can be handed over`);
      });
    }
    const when = occurredAt(input.occurredAt, now);
    const transfers = await postTransfers(tx, ctx.actor, {
      organisationId,
      operationId: input.id,
      fieldOf: (i) => `lines.${i}.quantityUnits`,
      lines: input.lines.map((l, i) => ({
        id: lineId(input.id, i),
        kind,
        from: from.holding,
        to: to.holding,
        itemId: lots.get(l.lotId)!.itemId,
        lotId: l.lotId,
        quantityUnits: l.quantityUnits,
        reason: input.reason ?? null,
        occurredAt: when,
      })),
    });
    return { transfers, lots: [...lots.values()] };
  });
}

export const moveStock = (ctx: Ctx, organisationId: string, input: MoveInput, now = new Date()) =>
  moveBetweenSites(ctx, organisationId, input, 'move', now);

export const handOverStock = (ctx: Ctx, organisationId: string, input: MoveInput, now = new Date()) =>
  moveBetweenSites(ctx, organisationId, input, 'handover', now);
