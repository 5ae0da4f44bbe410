import { asc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../domain/access.js';
import { notFound } from '../../domain/errors.js';
import type { NeedLineView, NeedSummaryView, NeedView } from '../../domain/needs/views.js';
import { mayReadNeed, type NeedParties } from '../../domain/needs/workflow.js';
import type { Queryable } from '../../db/client.js';
import { needAddressees, needEvents, needLines, needs, users } from '../../db/schema/index.js';
import { itemRefs, locationRefs, mustGet, organisationRefs } from '../refs.js';
import { coverageOfLines } from './coverage.js';

export type NeedRow = typeof needs.$inferSelect;

export async function addresseesOf(db: Queryable, needIds: readonly string[]): Promise<Map<string, string[]>> {
  const byNeed = new Map<string, string[]>(needIds.map((id) => [id, []]));
  if (needIds.length === 0) return byNeed;
  const rows = await db
    .select()
    .from(needAddressees)
    .where(inArray(needAddressees.needId, [...needIds]))
    .orderBy(asc(needAddressees.needId), asc(needAddressees.position));
  for (const r of rows) byNeed.get(r.needId)!.push(r.organisationId);
  return byNeed;
}

export const partiesOf = (need: NeedRow, addressedTo: readonly string[]): NeedParties => ({
  organisationId: need.organisationId,
  addressedTo,
  everSubmitted: need.submittedAt !== null,
});

/**
 * Loads a need for `actor`. A need the actor may not read is answered as not found, so that its
 * existence is not disclosed. `forUpdate` locks the row for a change of state.
 */
export async function loadNeedFor(db: Queryable, actor: Actor, needId: string, forUpdate = false) {
  const query = db.select().from(needs).where(eq(needs.id, needId));
  const [need] = forUpdate ? await query.for('update') : await query;
  if (!need) throw notFound('need', 'needId');
  const addressedTo = (await addresseesOf(db, [need.id])).get(need.id)!;
  const parties = partiesOf(need, addressedTo);
  if (!mayReadNeed(actor, parties)) throw notFound('need', 'needId');
  return { need, parties };
}

/** Views of needs with their lines and derived coverage; in the order given. */
export async function needSummaries(db: Queryable, rows: readonly NeedRow[]): Promise<NeedSummaryView[]> {
  const ids = rows.map((r) => r.id);
  const addressees = await addresseesOf(db, ids);
  const lines = ids.length ? await db.select().from(needLines).where(inArray(needLines.needId, ids)).orderBy(asc(needLines.needId), asc(needLines.position)) : [];
  const coverage = await coverageOfLines(db, lines);
  const orgs = await organisationRefs(db, [...rows.map((r) => r.organisationId), ...[...addressees.values()].flat()]);
  const places = await locationRefs(db, rows.map((r) => r.locationId));
  const things = await itemRefs(db, lines.map((l) => l.itemId));

  return rows.map((need) => {
    const lineViews: NeedLineView[] = lines
      .filter((l) => l.needId === need.id)
      .map((l) => ({ id: l.id, item: mustGet(things, l.itemId), quantityUnits: l.quantityUnits, coverage: mustGet(coverage, l.id) }));
    return {
      id: need.id,
      organisation: mustGet(orgs, need.organisationId),
      title: need.title,
      addressedTo: mustGet(addressees, need.id).map((id) => mustGet(orgs, id)),
      location: mustGet(places, need.locationId),
      priority: need.priority,
      neededBy: need.neededBy,
      peopleToReach: need.peopleToReach,
      sector: need.sector,
      justification: need.justification,
      status: need.status,
      linesCovered: lineViews.filter((l) => l.coverage.coverageRatio >= 1).length,
      linesFulfilled: lineViews.filter((l) => l.coverage.fulfilmentRatio >= 1).length,
      lines: lineViews,
      createdAt: need.createdAt.toISOString(),
      updatedAt: need.updatedAt.toISOString(),
    };
  });
}

export async function needView(db: Queryable, need: NeedRow): Promise<NeedView> {
  const [summary] = await needSummaries(db, [need]);
  const events = await db
    .select({ event: needEvents, userDisplayName: users.displayName })
    .from(needEvents)
    .innerJoin(users, eq(users.id, needEvents.userId))
    .where(eq(needEvents.needId, need.id))
    .orderBy(asc(needEvents.sequence));
  return {
    ...summary!,
    events: events.map(({ event, userDisplayName }) => ({
      kind: event.kind,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      at: event.at.toISOString(),
      userId: event.userId,
      userDisplayName,
      organisationId: event.organisationId,
      note: event.note,
    })),
  };
}
