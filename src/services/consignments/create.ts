import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AddLinesInput, ConsignmentInput, RouteInput, type ConsignmentLineInput, type LegInput } from '../../domain/consignments/inputs.js';
import { departureFromTravelled, travelledRoute } from '../../domain/consignments/route.js';
import { plannedNotDispatched, stockInTransit } from '../../domain/consignments/states.js';
import type { ConsignmentView } from '../../domain/consignments/views.js';
import { DomainError, invalid, notFound, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { isoDate } from '../../domain/ledger/expiry.js';
import { fefoPick, isPickable } from '../../domain/ledger/fefo.js';
import type { Tx } from '../../db/client.js';
import { consignmentEvents, consignmentLegs, consignmentLines, consignments, items, locations, needAddressees, needLines, needs, organisations } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { loadLots } from '../ledger/lots.js';
import { runOperation } from '../ledger/operations.js';
import { assertRunBy, loadSite, type StockSite } from '../ledger/sites.js';
import { holdingsOfItem } from '../ledger/stock.js';
import { recordEvent } from './events.js';
import { consignmentView, lineKey, loadConsignment, type ConsignmentRow } from './view.js';

// Crockford's base 32: no I, L, O or U, so a code read aloud or typed from a label is not misread.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function randomCode(length: number): string {
  return [...randomBytes(length)].map((b) => CROCKFORD[b % 32]).join('');
}

/** Parses input given by code (the planner), turning the first problem into a 400 naming its field. */
function parsed<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw invalid(issue.path.join('.'), issue.message);
}

/** A site that may receive the consignee's goods: a site run by the consignee. */
async function consigneeSite(tx: Tx, consigneeOrganisationId: string, locationId: string, field: string): Promise<StockSite> {
  const site = await loadSite(tx, locationId, field);
  if (site.organisationId !== consigneeOrganisationId) throw ruleViolated(field, 'this site is not run by the consignee');
  return site;
}

async function checkRoute(tx: Tx, legs: readonly LegInput[], path: string): Promise<void> {
  const ids = [...new Set(legs.flatMap((l) => [l.fromLocationId, l.toLocationId]))];
  const found = new Set(ids.length ? (await tx.select({ id: locations.id }).from(locations).where(inArray(locations.id, ids))).map((r) => r.id) : []);
  legs.forEach((l, i) => {
    if (!found.has(l.fromLocationId)) throw notFound('location', `${path}.${i}.fromLocationId`);
    if (!found.has(l.toLocationId)) throw notFound('location', `${path}.${i}.toLocationId`);
  });
}

async function writeRoute(tx: Tx, consignmentId: string, legs: readonly LegInput[]): Promise<void> {
  await tx.delete(consignmentLegs).where(eq(consignmentLegs.consignmentId, consignmentId));
  if (legs.length) {
    await tx.insert(consignmentLegs).values(legs.map((l, i) => ({ consignmentId, position: i + 1, fromLocationId: l.fromLocationId, toLocationId: l.toLocationId, mode: l.mode })));
  }
}

/**
 * Units of each lot at a warehouse that the consignments leaving it still plan to take (drafts and
 * packed ones: nothing is posted to the ledger before dispatch), as the planner counts them
 * (src/services/planning/snapshot.ts). The caller holds the warehouse's pick lock, so two drafts
 * made at once do not both count the same units as free.
 */
async function plannedAt(tx: Tx, originLocationId: string): Promise<Map<string, number>> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`consignment-pick:${originLocationId}`}, 0))`);
  const rows = await tx
    .select({ lotId: consignmentLines.lotId, units: sql<string>`sum(${consignmentLines.quantityUnits})::int8` })
    .from(consignmentLines)
    .innerJoin(consignments, eq(consignments.id, consignmentLines.consignmentId))
    .where(and(eq(consignments.originLocationId, originLocationId), inArray(consignments.status, [...plannedNotDispatched])))
    .groupBy(consignmentLines.lotId);
  return new Map(rows.map((r) => [r.lotId, Number(r.units)]));
}

/**
 * Turns requested lines into lines of lots: a lot named is taken as it is (if it is available at
 * the origin), otherwise the origin's stock is picked first-expiry-first-out among lots still good
 * on the expected arrival day. Units that this or another draft or packed consignment from the
 * same warehouse already plans to take are not offered again; the ledger still checks, at
 * dispatch, that the stock is there. Lines of the same lot for the same need line are merged.
 */
async function addLines(tx: Tx, c: ConsignmentRow, origin: StockSite, requested: readonly ConsignmentLineInput[], now: Date): Promise<void> {
  const planned = await plannedAt(tx, origin.id);
  const existing = await tx.select().from(consignmentLines).where(eq(consignmentLines.consignmentId, c.id));
  const itemRows = await tx.select().from(items).where(inArray(items.id, [...new Set(requested.map((l) => l.itemId))]));
  const itemsById = new Map(itemRows.map((i) => [i.id, i]));
  const wantedNeedLines = requested.flatMap((l) => (l.needLineId ? [l.needLineId] : []));
  const needLineRows = wantedNeedLines.length
    ? await tx
        .select({ id: needLines.id, itemId: needLines.itemId, organisationId: needs.organisationId, status: needs.status, addressed: needAddressees.organisationId })
        .from(needLines)
        .innerJoin(needs, eq(needs.id, needLines.needId))
        .leftJoin(needAddressees, and(eq(needAddressees.needId, needs.id), eq(needAddressees.organisationId, c.senderOrganisationId)))
        .where(inArray(needLines.id, wantedNeedLines))
    : [];
  const needLinesById = new Map(needLineRows.map((n) => [n.id, n]));
  const namedLots = await loadLots(tx, requested.flatMap((l) => (l.lotId ? [l.lotId] : [])), () => 'lines');
  const today = isoDate(now);
  const usableUntil = c.expectedArrivalOn && c.expectedArrivalOn > today ? c.expectedArrivalOn : undefined;

  const byKey = new Map(existing.map((l) => [lineKey(l.lotId, l.needLineId), { ...l }]));
  const added: (typeof existing)[number][] = [];
  let position = existing.reduce((m, l) => Math.max(m, l.position), 0);

  for (const [i, line] of requested.entries()) {
    const item = itemsById.get(line.itemId);
    if (!item) throw notFound('item', `lines.${i}.itemId`);
    if (line.needLineId) {
      const field = `lines.${i}.needLineId`;
      const n = needLinesById.get(line.needLineId);
      if (!n || n.organisationId !== c.consigneeOrganisationId) throw ruleViolated(field, "no line of the consignee's needs with this id");
      if (!n.addressed) throw ruleViolated(field, 'this need is not addressed to the sending organisation');
      if (n.status !== 'approved') throw ruleViolated(field, `this need is ${n.status}; a consignment serves an approved need`);
      if (n.itemId !== line.itemId) throw ruleViolated(field, 'this need line asks for another item');
    }
    const stock = await holdingsOfItem(tx, origin.holding.id, line.itemId);
    const candidates = stock.map((h) => ({ ...h, availableUnits: h.availableUnits - (planned.get(h.lotId) ?? 0) }));
    let picks: { lotId: string; quantityUnits: number }[];
    if (line.lotId) {
      const lot = namedLots.get(line.lotId)!;
      if (lot.itemId !== line.itemId) throw ruleViolated(`lines.${i}.lotId`, 'this lot is of another item');
      const candidate = candidates.find((h) => h.lotId === line.lotId);
      if (!candidate || !isPickable({ ...candidate, availableUnits: 1 }, today, usableUntil)) {
        throw ruleViolated(`lines.${i}.lotId`, `lot ${lot.lotCode} is not available at the origin warehouse${usableUntil ? ` or expires before ${usableUntil}` : ''}`);
      }
      if (candidate.availableUnits < line.quantityUnits) {
        throw ruleViolated(`lines.${i}.quantityUnits`, `the origin warehouse has ${Math.max(0, candidate.availableUnits)} units of lot ${lot.lotCode} not yet planned; ${line.quantityUnits} were asked for`);
      }
      picks = [{ lotId: line.lotId, quantityUnits: line.quantityUnits }];
    } else {
      const pick = fefoPick(candidates, line.quantityUnits, today, usableUntil);
      if (pick.shortUnits > 0) {
        throw ruleViolated(
          `lines.${i}.quantityUnits`,
          `the origin warehouse has ${line.quantityUnits - pick.shortUnits} units of ${item.code} that are available${usableUntil ? ` and good on ${usableUntil}` : ''} and not yet planned; ${line.quantityUnits} were asked for`,
        );
      }
      picks = pick.lines;
    }
    for (const p of picks) {
      planned.set(p.lotId, (planned.get(p.lotId) ?? 0) + p.quantityUnits);
      const key = lineKey(p.lotId, line.needLineId ?? null);
      const same = byKey.get(key);
      if (same) {
        same.quantityUnits += p.quantityUnits;
        same.fragile ||= line.fragile;
        await tx.update(consignmentLines).set({ quantityUnits: same.quantityUnits, fragile: same.fragile }).where(eq(consignmentLines.id, same.id));
      } else {
        const row = {
          id: newId(),
          consignmentId: c.id,
          position: ++position,
          itemId: line.itemId,
          lotId: p.lotId,
          quantityUnits: p.quantityUnits,
          needLineId: line.needLineId ?? null,
          parentLineId: null,
          fragile: line.fragile,
        };
        byKey.set(key, row);
        added.push(row);
      }
    }
  }
  if (added.length) await tx.insert(consignmentLines).values(added);
}

/** The draft's origin: a warehouse (any site) of the sender. */
async function originOf(tx: Tx, c: { senderOrganisationId: string; originLocationId: string }): Promise<StockSite> {
  const origin = await loadSite(tx, c.originLocationId, 'originLocationId');
  assertRunBy(origin, c.senderOrganisationId, 'originLocationId');
  return origin;
}

function assertSender(c: ConsignmentRow, organisationId: string): void {
  if (c.senderOrganisationId !== organisationId) throw new DomainError('forbidden', 'only the sending organisation may change what this consignment carries', 'consignmentId');
}

/**
 * Creates a draft consignment from the sender's stock: the use case the consignments route calls,
 * and the one the planner's "accept plan" calls for each consignment it proposes.
 *
 * `organisationId` is the sender: the organisation whose warehouse the goods leave. `input`
 * (see ConsignmentInput in src/domain/consignments/inputs.ts) is:
 * - `id`: a UUID the caller chooses; it becomes the consignment's id. Calling again with the same
 *   id and the same input returns the same draft and creates nothing (a 409 for other input);
 * - `consigneeOrganisationId`: the partner that receives the goods;
 * - `originLocationId`: a site of the sender holding the stock;
 * - `destinationLocationId`: a site run by the consignee;
 * - `lines`: `{ itemId, quantityUnits, lotId?, needLineId?, fragile? }`. With `lotId`, that lot is
 *   taken; without, the origin's stock is picked first-expiry-first-out (one consignment line per
 *   lot). `needLineId` names the approved need line (of the consignee, addressed to the sender,
 *   same item) the line serves: its dispatch, receipt and losses count for that need;
 * - optional `carrierOrganisationId` (a logistics organisation), `expectedArrivalOn` (lots that
 *   expire before it are not picked), `route` (legs joining origin to destination), `note`.
 * Input given by code is validated like a request body (400 naming the field). The draft's units
 * are not offered to other consignments' picks, though nothing is posted to the ledger; dispatch
 * posts the transfers and fails if the stock has gone meanwhile.
 */
export async function createDraftConsignment(ctx: Ctx, organisationId: string, given: z.input<typeof ConsignmentInput>, now = new Date()): Promise<ConsignmentView> {
  const input = parsed(ConsignmentInput, given);
  const spec = { id: input.id, kind: 'consignment-create', organisationId, request: input };
  return runOperation(
    ctx,
    spec,
    async (tx) => {
      const [consignee] = await tx.select().from(organisations).where(eq(organisations.id, input.consigneeOrganisationId));
      if (!consignee) throw notFound('organisation', 'consigneeOrganisationId');
      if (consignee.kind !== 'partner') throw ruleViolated('consigneeOrganisationId', `consignments go to partner organisations; this one is a ${consignee.kind} organisation`);
      if (input.carrierOrganisationId) {
        const [carrier] = await tx.select().from(organisations).where(eq(organisations.id, input.carrierOrganisationId));
        if (!carrier) throw notFound('organisation', 'carrierOrganisationId');
        if (carrier.kind !== 'logistics') throw ruleViolated('carrierOrganisationId', `a carrier is a logistics organisation; this one is a ${carrier.kind} organisation`);
      }
      const origin = await originOf(tx, { senderOrganisationId: organisationId, originLocationId: input.originLocationId });
      await consigneeSite(tx, input.consigneeOrganisationId, input.destinationLocationId, 'destinationLocationId');
      if (input.route) await checkRoute(tx, input.route, 'route');
      const [row] = await tx
        .insert(consignments)
        .values({
          id: input.id,
          reference: `KV-${now.getUTCFullYear()}-${randomCode(6)}`,
          senderOrganisationId: organisationId,
          consigneeOrganisationId: input.consigneeOrganisationId,
          carrierOrganisationId: input.carrierOrganisationId ?? null,
          originLocationId: input.originLocationId,
          destinationLocationId: input.destinationLocationId,
          expectedArrivalOn: input.expectedArrivalOn ?? null,
          note: input.note ?? null,
          status: 'draft',
          createdBy: ctx.actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new DomainError('conflict', 'a consignment with this id exists already; make a new id', 'id');
      await addLines(tx, row, origin, input.lines, now);
      if (input.route) await writeRoute(tx, row.id, input.route);
      await recordEvent(tx, ctx, row, 'created', { organisationId, operationId: input.id, occurredAt: now, locationId: input.originLocationId });
      return consignmentView(tx, await loadConsignment(tx, organisationId, row.id), now);
    },
    async (tx) => consignmentView(tx, await loadConsignment(tx, organisationId, input.id), now),
  );
}

/** Adds lines to a draft (FEFO-picked unless a lot is named), merging with lines of the same lot and need line. */
export async function addConsignmentLines(ctx: Ctx, organisationId: string, consignmentId: string, input: AddLinesInput, now = new Date()): Promise<ConsignmentView> {
  const spec = { id: input.id, kind: 'consignment-lines', organisationId, request: { consignmentId, ...input } };
  return runOperation(
    ctx,
    spec,
    async (tx) => {
      const c = await loadConsignment(tx, organisationId, consignmentId, { lock: true });
      assertSender(c, organisationId);
      if (c.status !== 'draft') throw ruleViolated('consignmentId', `lines are added to a draft; this consignment is ${c.status.replace('_', ' ')}`);
      await addLines(tx, c, await originOf(tx, c), input.lines, now);
      await tx.update(consignments).set({ updatedAt: now }).where(eq(consignments.id, c.id));
      return consignmentView(tx, await loadConsignment(tx, organisationId, c.id), now);
    },
    async (tx) => consignmentView(tx, await loadConsignment(tx, organisationId, consignmentId), now),
  );
}

/**
 * Sets the route (ordered legs from the origin to the destination). Before dispatch it may be
 * anything; on the way, only the road ahead may change (docs/consignments.md, "Changing the
 * route"): the places already reached stay, a reason is required, and the change is a step of
 * the journey, by whom and when.
 */
export async function setConsignmentRoute(ctx: Ctx, organisationId: string, consignmentId: string, input: RouteInput, now = new Date()): Promise<ConsignmentView> {
  const spec = { id: input.id, kind: 'consignment-route', organisationId, request: { consignmentId, ...input } };
  return runOperation(
    ctx,
    spec,
    async (tx) => {
      const c = await loadConsignment(tx, organisationId, consignmentId, { lock: true });
      assertSender(c, organisationId);
      const onTheWay = stockInTransit(c.status);
      if (c.status !== 'draft' && c.status !== 'packed' && !onTheWay) {
        throw ruleViolated('consignmentId', `the route can change until the consignment is received; this consignment is ${c.status.replace('_', ' ')}`);
      }
      if (input.legs[0]!.fromLocationId !== c.originLocationId) throw ruleViolated('legs.0.fromLocationId', 'the route starts at the origin warehouse');
      if (input.legs.at(-1)!.toLocationId !== c.destinationLocationId) throw ruleViolated(`legs.${input.legs.length - 1}.toLocationId`, 'the route ends at the destination');
      if (onTheWay) {
        if (!input.reason) throw ruleViolated('reason', 'say why the route changes once the consignment has left');
        const steps = await tx.select({ locationId: consignmentEvents.locationId }).from(consignmentEvents).where(eq(consignmentEvents.consignmentId, c.id)).orderBy(asc(consignmentEvents.sequence));
        const legs = await tx.select().from(consignmentLegs).where(eq(consignmentLegs.consignmentId, c.id)).orderBy(asc(consignmentLegs.position));
        const left = departureFromTravelled(input.legs, travelledRoute(c, legs, steps));
        if (left) {
          const field = left.position === 0 ? 'legs.0.fromLocationId' : `legs.${left.position - 1}.toLocationId`;
          throw ruleViolated(field, 'must be where the consignment has already been: a new route keeps the part already travelled and changes only the road ahead');
        }
      }
      await checkRoute(tx, input.legs, 'legs');
      await writeRoute(tx, c.id, input.legs);
      if (onTheWay) await recordEvent(tx, ctx, c, 'rerouted', { organisationId, operationId: input.id, occurredAt: now, note: input.reason });
      await tx.update(consignments).set({ updatedAt: now }).where(eq(consignments.id, c.id));
      return consignmentView(tx, await loadConsignment(tx, organisationId, c.id), now);
    },
    async (tx) => consignmentView(tx, await loadConsignment(tx, organisationId, consignmentId), now),
  );
}

export { assertSender };
