import { desc, eq } from 'drizzle-orm';
import { eventParties, nextStatus, type ConsignmentEventKind } from '../../domain/consignments/states.js';
import { DomainError, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { Tx } from '../../db/client.js';
import { consignmentEvents, consignments } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { partiesOf, type ConsignmentRow } from './view.js';

export interface EventDetails {
  organisationId: string;
  operationId: string;
  occurredAt: Date;
  locationId?: string | null;
  underReviewSince?: string | null;
  note?: string | null;
}

/** The organisation may record this event: it is the party (sender, carrier, consignee) the event belongs to. */
export function assertParty(c: ConsignmentRow, organisationId: string, kind: ConsignmentEventKind): void {
  const mine = partiesOf(c, organisationId);
  const allowed = eventParties[kind];
  if (!mine.some((p) => allowed.includes(p))) {
    throw new DomainError('forbidden', `only the ${allowed.join(' or ')} of this consignment may record that it was ${kind.replace('_', ' ')}`, 'consignmentId');
  }
}

/** The status `kind` leads to, if this organisation may record it now: a 403 for the wrong party, a 422 out of order. */
export function mayRecord(c: ConsignmentRow, organisationId: string, kind: ConsignmentEventKind): ConsignmentRow['status'] {
  assertParty(c, organisationId, kind);
  return nextStatus(c.status, kind);
}

/**
 * Records one step of the journey and moves the consignment to the status it leads to, under the
 * consignment's row lock (the caller holds it). Events are kept in the order they happened: one
 * dated before the last recorded step (other than the draft's creation) is refused, so dwell times never run backwards.
 */
export async function recordEvent(tx: Tx, ctx: Ctx, c: ConsignmentRow, kind: ConsignmentEventKind, d: EventDetails): Promise<{ id: string; status: ConsignmentRow['status'] }> {
  const status = kind === 'created' ? 'draft' : mayRecord(c, d.organisationId, kind);
  const [last] = await tx.select().from(consignmentEvents).where(eq(consignmentEvents.consignmentId, c.id)).orderBy(desc(consignmentEvents.sequence)).limit(1);
  // The draft's creation is when it was typed in; the journey may be entered later from paper.
  if (last && last.kind !== 'created' && d.occurredAt.getTime() < last.occurredAt.getTime()) {
    throw ruleViolated('occurredAt', `is before the last recorded step (${last.kind.replace('_', ' ')} at ${last.occurredAt.toISOString()})`);
  }
  const id = newId();
  await tx.insert(consignmentEvents).values({
    id,
    consignmentId: c.id,
    sequence: (last?.sequence ?? 0) + 1,
    kind,
    fromStatus: c.status,
    toStatus: status,
    locationId: d.locationId ?? null,
    occurredAt: d.occurredAt,
    userId: ctx.actor.userId,
    organisationId: d.organisationId,
    operationId: d.operationId,
    underReviewSince: d.underReviewSince ?? null,
    note: d.note ?? null,
  });
  await tx.update(consignments).set({ status, updatedAt: new Date() }).where(eq(consignments.id, c.id));
  c.status = status;
  return { id, status };
}
