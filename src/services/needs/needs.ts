import { and, asc, desc, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { checkNeedLines, type NeedInput, type NeedStatus, type Priority } from '../../domain/needs/need.js';
import type { NeedSummaryView, NeedView } from '../../domain/needs/views.js';
import { actingOrganisation, type NeedEventKind } from '../../domain/needs/workflow.js';
import type { Sector } from '../../domain/catalogue.js';
import type { Queryable } from '../../db/client.js';
import { items, locations, needAddressees, needEvents, needLines, needs, organisations } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { placeAndBelow } from '../locations.js';
import { assertOrganisationKind } from '../organisation-kind.js';
import { loadNeedFor, needSummaries, needView, type NeedRow } from './view.js';

/** Everything in a need that refers to other records, checked against them. */
async function checkReferences(db: Queryable, input: NeedInput) {
  checkNeedLines(input.lines);
  const addressees = await db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(inArray(organisations.id, input.addressedTo));
  const kindOf = new Map(addressees.map((a) => [a.id, a.kind]));
  const seen = new Set<string>();
  input.addressedTo.forEach((id, i) => {
    const kind = kindOf.get(id);
    if (!kind) throw ruleViolated(`addressedTo.${i}`, 'no organisation with this id');
    if (kind !== 'sending') throw ruleViolated(`addressedTo.${i}`, `needs are addressed to sending organisations; this one is ${kind}`);
    if (seen.has(id)) throw ruleViolated(`addressedTo.${i}`, 'name each organisation once');
    seen.add(id);
  });
  const [place] = await db.select({ level: locations.level }).from(locations).where(eq(locations.id, input.locationId));
  if (!place) throw ruleViolated('locationId', 'no location with this id');
  if (place.level === 'country') throw ruleViolated('locationId', 'give a governorate or a site, not a whole country');
  const known = new Set(
    (await db.select({ id: items.id }).from(items).where(inArray(items.id, input.lines.map((l) => l.itemId)))).map((r) => r.id),
  );
  input.lines.forEach((line, i) => {
    if (!known.has(line.itemId)) throw ruleViolated(`lines.${i}.itemId`, 'no item with this id');
  });
}

/** The columns of a need that its input sets; the lines and addressees are written beside them. */
const headerOf = (input: NeedInput) => ({
  title: input.title,
  locationId: input.locationId,
  priority: input.priority,
  neededBy: input.neededBy,
  peopleToReach: input.peopleToReach,
  sector: input.sector,
  justification: input.justification,
});

async function writeContent(db: Queryable, needId: string, input: NeedInput) {
  await db.insert(needAddressees).values(input.addressedTo.map((organisationId, position) => ({ needId, organisationId, position })));
  await db
    .insert(needLines)
    .values(input.lines.map((line, position) => ({ id: newId(), needId, position, itemId: line.itemId, quantityUnits: line.quantityUnits })));
}

export async function recordNeedEvent(
  db: Queryable,
  ctx: Ctx,
  event: { needId: string; kind: NeedEventKind; fromStatus: NeedStatus | null; toStatus: NeedStatus; organisationId: string | null; note?: string | null; at: Date },
) {
  const [last] = await db
    .select({ n: sql<number>`coalesce(max(${needEvents.sequence}), 0)::int` })
    .from(needEvents)
    .where(eq(needEvents.needId, event.needId));
  await db.insert(needEvents).values({ id: newId(), ...event, note: event.note ?? null, sequence: last!.n + 1, userId: ctx.actor.userId });
}

export async function createNeed(ctx: Ctx, organisationId: string, input: NeedInput): Promise<NeedView> {
  return ctx.db.transaction(async (tx) => {
    await assertOrganisationKind(tx, organisationId, 'partner', 'needs are raised by');
    const actingFor = actingOrganisation(ctx.actor, { organisationId, addressedTo: input.addressedTo, everSubmitted: false }, 'edit');
    await checkReferences(tx, input);
    const now = new Date();
    const [need] = await tx
      .insert(needs)
      .values({
        id: newId(),
        organisationId,
        ...headerOf(input),
        status: 'draft',
        createdBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await writeContent(tx, need!.id, input);
    await recordNeedEvent(tx, ctx, { needId: need!.id, kind: 'create', fromStatus: null, toStatus: 'draft', organisationId: actingFor, at: now });
    return needView(tx, need!);
  });
}

/** Replaces a draft's content. Once submitted, a need is a request others act on and stays as sent. */
export async function updateNeed(ctx: Ctx, needId: string, input: NeedInput): Promise<NeedView> {
  return ctx.db.transaction(async (tx) => {
    const { need, parties } = await loadNeedFor(tx, ctx.actor, needId, true);
    const actingFor = actingOrganisation(ctx.actor, parties, 'edit');
    if (need.status !== 'draft') throw ruleViolated('status', `only a draft can be edited; this need is ${need.status}`);
    await checkReferences(tx, input);
    const now = new Date();
    await tx.delete(needAddressees).where(eq(needAddressees.needId, needId));
    await tx.delete(needLines).where(eq(needLines.needId, needId));
    await writeContent(tx, needId, input);
    const [updated] = await tx
      .update(needs)
      .set({ ...headerOf(input), updatedAt: now })
      .where(eq(needs.id, needId))
      .returning();
    await recordNeedEvent(tx, ctx, { needId, kind: 'edit', fromStatus: 'draft', toStatus: 'draft', organisationId: actingFor, at: now });
    return needView(tx, updated!);
  });
}

export async function getNeed(ctx: Ctx, needId: string): Promise<NeedView> {
  const { need } = await loadNeedFor(ctx.db, ctx.actor, needId);
  return needView(ctx.db, need);
}

export interface NeedFilter {
  status?: NeedStatus;
  organisationId?: string;
  addressedTo?: string;
  priority?: Priority;
  sector?: Sector;
  locationId?: string;
  limit: number;
  offset: number;
}

/**
 * Needs the actor may read: every submitted need, and the drafts of the actor's own
 * organisations. Most urgent first: by priority, then needed-by date.
 */
export async function listNeeds(ctx: Ctx, filter: NeedFilter): Promise<NeedSummaryView[]> {
  const where: (SQL | undefined)[] = [];
  if (!ctx.actor.isInstanceAdmin) {
    const own = ctx.actor.memberships.map((m) => m.organisationId);
    where.push(own.length ? or(isNotNull(needs.submittedAt), inArray(needs.organisationId, own)) : isNotNull(needs.submittedAt));
  }
  if (filter.status) where.push(eq(needs.status, filter.status));
  if (filter.organisationId) where.push(eq(needs.organisationId, filter.organisationId));
  if (filter.priority) where.push(eq(needs.priority, filter.priority));
  if (filter.sector) where.push(eq(needs.sector, filter.sector));
  if (filter.locationId) where.push(inArray(needs.locationId, placeAndBelow(filter.locationId)));
  if (filter.addressedTo) {
    where.push(
      inArray(
        needs.id,
        ctx.db.select({ id: needAddressees.needId }).from(needAddressees).where(eq(needAddressees.organisationId, filter.addressedTo)),
      ),
    );
  }
  const rows: NeedRow[] = await ctx.db
    .select()
    .from(needs)
    .where(and(...where))
    .orderBy(asc(needs.priority), asc(needs.neededBy), desc(needs.createdAt), asc(needs.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return needSummaries(ctx.db, rows);
}
