import { and, desc, eq } from 'drizzle-orm';
import { epochDay, utcDateOf } from '../../domain/dates.js';
import { notFound, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { AllocationLine, UnmetNeed } from '../../domain/planner/index.js';
import type { AllocationLineView, AllocationSourceView, PlanRequest, PlanSummaryView, PlanView, UnmetNeedView } from '../../domain/planning/plans.js';
import type { ItemRef, LocationRef } from '../../domain/refs.js';
import type { Queryable } from '../../db/client.js';
import { allocationPlans } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { assertOrganisationKind } from '../organisation-kind.js';
import { itemRefs, locationRefs, mustGet, organisationRefs } from '../refs.js';
import { planInWorker } from './planner-thread.js';
import { readSnapshot, type Snapshot } from './snapshot.js';

type PlanRow = typeof allocationPlans.$inferSelect;
/** What is stored of a plan: its view as proposed, without what acceptance adds. */
type PlanBody = Omit<PlanView, 'id' | 'organisationId' | 'status' | 'createdAt' | 'createdBy' | 'acceptedAt' | 'acceptedBy' | 'consignmentIds'>;

const viewOf = (row: PlanRow): PlanView => ({
  id: row.id,
  organisationId: row.organisationId,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
  createdBy: row.createdBy,
  acceptedAt: row.acceptedAt?.toISOString() ?? null,
  acceptedBy: row.acceptedBy,
  consignmentIds: row.consignmentIds ?? [],
  ...(row.body as PlanBody),
});

export interface PlanProgress {
  (message: string): void;
}

/**
 * Runs the allocation planner on what a sending organisation has and what is asked of it, and
 * keeps the plan: which stock goes to which need line, on which lane and day, and why; which need
 * lines stay short, and the constraint that stopped each.
 *
 * Two short transactions around the solve rather than one: the first reads needs, stock, pledges,
 * lanes and the names the plan shows, so the plan is made from one consistent reading; the planner
 * then runs in a worker thread (up to its time limit) holding no connection and no lock; the
 * second stores the plan. Nothing is re-checked there: a plan is a proposal from the reading it
 * was made from, stamped with the time the request came in, before that reading; accepting it
 * re-checks what may have changed since (a plan accepted later, stock gone).
 */
export async function planAllocationsFor(
  ctx: Ctx,
  organisationId: string,
  request: PlanRequest,
  { now = new Date(), progress = () => undefined }: { now?: Date; progress?: PlanProgress } = {},
): Promise<PlanView> {
  const today = utcDateOf(now);
  const planDate = request.planDate ?? today;
  if (epochDay(planDate) < epochDay(today)) throw ruleViolated('planDate', `plans start today or later; today is ${today}`);
  const { snapshot, refs } = await ctx.db.transaction(async (tx) => {
    await assertOrganisationKind(tx, organisationId, 'sending', 'allocation plans are made by');
    progress('reading needs, stock, pledges and lanes');
    const snapshot = await readSnapshot(tx, organisationId, planDate, request);
    return { snapshot, refs: await referencesOf(tx, snapshot) };
  });
  const { input } = snapshot;
  progress(`planning ${input.needs.length} need lines from ${input.lots.length} lots and ${input.pledges.length} pledges on ${input.routes.length} lanes`);
  const { plan, elapsedMs } = await planInWorker(input, request.timeLimitSeconds);
  progress(`planned in ${elapsedMs} ms: ${plan.allocations.length} allocation lines, ${plan.unmet.length} need lines short`);

  const body: PlanBody = {
    planDate,
    options: {
      timeLimitSeconds: request.timeLimitSeconds,
      minShelfLifeDays: request.minShelfLifeDays,
      minShelfLifeDaysBySector: request.minShelfLifeDaysBySector,
    },
    elapsedMs,
    input: { needLines: input.needs.length, lots: input.lots.length, pledges: input.pledges.length, kits: input.kits.length, lanes: input.routes.length },
    summary: {
      servedUnits: plan.summary.servedUnits,
      outstandingUnits: plan.summary.outstandingUnits,
      coverage: plan.summary.coverage,
      routeDays: plan.summary.routeDays,
    },
    optimality: plan.optimality,
    allocations: plan.allocations.map((line) => allocationView(snapshot, refs, request, line)),
    unmet: plan.unmet.map((u) => unmetView(snapshot, refs, u)),
  };
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(allocationPlans)
      .values({ id: newId(), organisationId, status: 'proposed', planDate, body, createdBy: ctx.actor.userId, createdAt: now })
      .returning();
    return viewOf(row!);
  });
}

interface Refs {
  items: Map<string, ItemRef>;
  places: Map<string, LocationRef>;
  partners: Map<string, { id: string; names: ItemRef['names'] }>;
}

async function referencesOf(db: Queryable, s: Snapshot): Promise<Refs> {
  const needs = [...s.needLines.values()];
  return {
    items: await itemRefs(db, [...needs.map((n) => n.itemId), ...[...s.lots.values()].map((l) => l.itemId)]),
    places: await locationRefs(db, [...needs.map((n) => n.needLocationId), ...[...s.lanes.values()].flatMap((l) => [l.fromLocationId, l.toLocationId])]),
    partners: await organisationRefs(db, needs.map((n) => n.partnerId)),
  };
}

const placeName = (ref: LocationRef) => ref.names.en ?? ref.names.fa ?? ref.names.ar ?? ref.id;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const daysBetween = (from: string, to: string) => epochDay(to) - epochDay(from);

function needFacts(s: Snapshot, refs: Refs, needLineId: string) {
  const n = s.needLines.get(needLineId)!;
  return {
    needId: n.needId,
    needTitle: n.needTitle,
    needLineId,
    partner: mustGet(refs.partners, n.partnerId),
    priority: n.priority,
    neededBy: n.neededBy,
    item: mustGet(refs.items, n.itemId),
    needLocation: mustGet(refs.places, n.needLocationId),
  };
}

function allocationView(s: Snapshot, refs: Refs, request: PlanRequest, line: AllocationLine): AllocationLineView {
  const facts = needFacts(s, refs, line.needLineId);
  const lane = s.lanes.get(line.routeId)!;
  const from = mustGet(refs.places, lane.fromLocationId);
  const to = mustGet(refs.places, lane.toLocationId);
  const item = s.items.get(line.itemId)!;
  const minShelfLifeDays = request.minShelfLifeDaysBySector[item.sector] ?? request.minShelfLifeDays;
  let source: AllocationSourceView;
  let what: string;
  if (line.source.kind === 'lot') {
    const lot = s.lots.get(line.source.lotId)!;
    source = { kind: 'lot', lotId: lot.lotId, lotCode: lot.lotCode, expiryDate: lot.expiryDate };
    what = lot.expiryDate
      ? `lot ${lot.lotCode} (expires ${lot.expiryDate}: ${daysBetween(line.arrivesOn, lot.expiryDate)} days left on arrival, ${minShelfLifeDays} required)`
      : `lot ${lot.lotCode} (does not expire)`;
  } else if (line.source.kind === 'pledge') {
    const pledge = s.pledges.get(line.source.pledgeId)!;
    source = { kind: 'pledge', pledgeId: pledge.pledgeId, pledgeLineId: line.source.pledgeId, expectedOn: pledge.expectedOn };
    what = `goods pledged for ${pledge.expectedOn}`;
  } else {
    const components = line.source.components.map((c) => {
      const lot = s.lots.get(c.lotId)!;
      return { item: mustGet(refs.items, lot.itemId), lotId: lot.lotId, lotCode: lot.lotCode, expiryDate: lot.expiryDate, quantityUnits: c.quantityUnits };
    });
    source = { kind: 'kit_assembly', components };
    what = `kits assembled from lots ${components.map((c) => c.lotCode).join(', ')}`;
  }
  const reason =
    `${facts.priority} need, needed by ${facts.neededBy}: ${what} ` +
    `leave ${placeName(from)} on ${line.dispatchOn} on the lane to ${placeName(to)} (${lane.leadTimeDays} days) and arrive ${line.arrivesOn}` +
    (line.arrivesOn < facts.neededBy ? `, ${plural(daysBetween(line.arrivesOn, facts.neededBy), 'day')} early` : ', on the day');
  return {
    ...facts,
    quantityUnits: line.quantityUnits,
    weightKg: line.quantityUnits * item.weightKgPerUnit,
    volumeM3: line.quantityUnits * item.volumeM3PerUnit,
    source,
    laneId: lane.id,
    from,
    to,
    dispatchOn: line.dispatchOn,
    arrivesOn: line.arrivesOn,
    reason,
    consignmentId: null,
  };
}

function unmetView(s: Snapshot, refs: Refs, u: UnmetNeed): UnmetNeedView {
  // The planner names lanes by id; people know them by their two ends.
  let detail = u.detail;
  for (const lane of s.lanes.values()) {
    if (detail.includes(lane.id)) {
      detail = detail.replaceAll(lane.id, `the lane ${placeName(mustGet(refs.places, lane.fromLocationId))} → ${placeName(mustGet(refs.places, lane.toLocationId))}`);
    }
  }
  return { ...needFacts(s, refs, u.needLineId), outstandingUnits: u.outstandingUnits, allocatedUnits: u.allocatedUnits, shortUnits: u.shortUnits, constraint: u.constraint, detail };
}

async function loadPlan(db: Queryable, organisationId: string, planId: string, lock = false): Promise<PlanRow> {
  const query = db
    .select()
    .from(allocationPlans)
    .where(and(eq(allocationPlans.id, planId), eq(allocationPlans.organisationId, organisationId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('plan', 'planId');
  return row;
}

export async function getPlan(ctx: Ctx, organisationId: string, planId: string): Promise<PlanView> {
  return viewOf(await loadPlan(ctx.db, organisationId, planId));
}

/** The organisation's plans, newest first. */
export async function listPlans(ctx: Ctx, organisationId: string, { limit, offset }: { limit: number; offset: number }): Promise<PlanSummaryView[]> {
  const rows = await ctx.db
    .select()
    .from(allocationPlans)
    .where(eq(allocationPlans.organisationId, organisationId))
    .orderBy(desc(allocationPlans.createdAt), desc(allocationPlans.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => {
    const body = r.body as PlanBody;
    return {
      id: r.id,
      organisationId: r.organisationId,
      status: r.status,
      planDate: r.planDate,
      createdAt: r.createdAt.toISOString(),
      coverage: body.summary.coverage,
      allocationLines: body.allocations.length,
      unmetLines: body.unmet.length,
    };
  });
}

export { loadPlan, viewOf };
