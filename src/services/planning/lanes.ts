import { and, asc, eq } from 'drizzle-orm';
import { conflict, notFound, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { LaneInput, LaneUpdate, LaneView } from '../../domain/planning/lanes.js';
import type { Queryable } from '../../db/client.js';
import { locations, transportLanes } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { assertOrganisationKind } from '../organisation-kind.js';
import { locationRefs, mustGet } from '../refs.js';
import { assertRunBy, loadSite } from '../ledger/sites.js';

export type LaneRow = typeof transportLanes.$inferSelect;

async function views(db: Queryable, rows: readonly LaneRow[]): Promise<LaneView[]> {
  const places = await locationRefs(db, rows.flatMap((r) => [r.fromLocationId, r.toLocationId]));
  return rows.map((r) => ({
    id: r.id,
    organisationId: r.organisationId,
    from: mustGet(places, r.fromLocationId),
    to: mustGet(places, r.toLocationId),
    leadTimeDays: r.leadTimeDays,
    periodDays: r.periodDays,
    capacityKgPerPeriod: r.capacityKgPerPeriod,
    capacityM3PerPeriod: r.capacityM3PerPeriod,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** The organisation's lanes, by origin and destination. */
export async function listLanes(ctx: Ctx, organisationId: string): Promise<LaneView[]> {
  const rows = await ctx.db
    .select()
    .from(transportLanes)
    .where(eq(transportLanes.organisationId, organisationId))
    .orderBy(asc(transportLanes.fromLocationId), asc(transportLanes.toLocationId), asc(transportLanes.id));
  return views(ctx.db, rows);
}

async function loadLane(db: Queryable, organisationId: string, laneId: string, lock = false): Promise<LaneRow> {
  const query = db
    .select()
    .from(transportLanes)
    .where(and(eq(transportLanes.id, laneId), eq(transportLanes.organisationId, organisationId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('transport lane', 'laneId');
  return row;
}

/**
 * A lane starts at one of the organisation's own sites (what leaves is its stock) and ends at a
 * governorate, a district or a site: needs located there or below are served by it.
 */
export async function createLane(ctx: Ctx, organisationId: string, input: LaneInput): Promise<LaneView> {
  return ctx.db.transaction(async (tx) => {
    await assertOrganisationKind(tx, organisationId, 'sending', 'transport lanes are run by');
    const from = await loadSite(tx, input.fromLocationId, 'fromLocationId');
    assertRunBy(from, organisationId, 'fromLocationId');
    const [to] = await tx.select({ level: locations.level }).from(locations).where(eq(locations.id, input.toLocationId));
    if (!to) throw notFound('location', 'toLocationId');
    if (to.level === 'country') throw ruleViolated('toLocationId', 'give a governorate, a district or a site, not a whole country');
    if (input.toLocationId === input.fromLocationId) throw ruleViolated('toLocationId', 'a lane goes somewhere else than where it starts');
    const [existing] = await tx
      .select({ id: transportLanes.id })
      .from(transportLanes)
      .where(
        and(
          eq(transportLanes.organisationId, organisationId),
          eq(transportLanes.fromLocationId, input.fromLocationId),
          eq(transportLanes.toLocationId, input.toLocationId),
        ),
      );
    if (existing) throw conflict(`a lane from this warehouse to this destination exists already (${existing.id}); change it instead`, 'toLocationId');
    const now = new Date();
    const [row] = await tx
      .insert(transportLanes)
      .values({ id: newId(), organisationId, ...input, createdBy: ctx.actor.userId, createdAt: now, updatedAt: now })
      .returning();
    return (await views(tx, [row!]))[0]!;
  });
}

export async function updateLane(ctx: Ctx, organisationId: string, laneId: string, input: LaneUpdate): Promise<LaneView> {
  return ctx.db.transaction(async (tx) => {
    await loadLane(tx, organisationId, laneId, true);
    const [row] = await tx
      .update(transportLanes)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(transportLanes.id, laneId))
      .returning();
    return (await views(tx, [row!]))[0]!;
  });
}

/** Plans made with the lane keep their copy of it; later plans no longer use it. */
export async function deleteLane(ctx: Ctx, organisationId: string, laneId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await loadLane(tx, organisationId, laneId, true);
    await tx.delete(transportLanes).where(eq(transportLanes.id, laneId));
  });
}
