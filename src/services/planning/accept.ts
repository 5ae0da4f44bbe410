import { and, eq, gt, sql } from 'drizzle-orm';
import { conflict, DomainError, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { consignmentDrafts } from '../../domain/planning/accept.js';
import type { AllocationLineView, PlanView } from '../../domain/planning/plans.js';
import type { Database, Queryable } from '../../db/client.js';
import { allocationPlans } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { createDraftConsignment } from '../consignments/create.js';
import { rowsOf } from '../ledger/sql.js';
import { loadPlan, viewOf } from './plans.js';

const placeName = (names: { en?: string; fa?: string; ar?: string }) => names.en ?? names.fa ?? names.ar ?? '';

/**
 * Where a line's goods are delivered: a site run by the partner. The need's own place when it is
 * one of the partner's sites; else the lane's end when it is; else the partner's site (a warehouse
 * first, then the oldest) at or under the need's place, then at or under the lane's end.
 */
async function destinationSites(db: Queryable, lines: readonly AllocationLineView[]): Promise<(line: AllocationLineView) => string> {
  const partners = [...new Set(lines.map((l) => l.partner.id))];
  const sites = partners.length
    ? await rowsOf<{ id: string; organisation_id: string; ancestor_id: string; warehouse: boolean }>(
        db,
        sql`with recursive up(site_id, organisation_id, warehouse, created_at, ancestor_id, parent_id, depth) as (
              select id, organisation_id, site_kind = 'warehouse', created_at, id, parent_id, 0
              from locations where level = 'site' and organisation_id in ${partners}
              union all
              select up.site_id, up.organisation_id, up.warehouse, up.created_at, l.id, l.parent_id, up.depth + 1
              from up join locations l on l.id = up.parent_id where up.depth < 20)
            select site_id as id, organisation_id, ancestor_id, coalesce(warehouse, false) as warehouse
            from up order by warehouse desc, created_at, site_id`,
      )
    : [];
  const resolved = new Map<string, string>();
  return (line) => {
    const key = `${line.partner.id}|${line.needLocation.id}|${line.to.id}`;
    const known = resolved.get(key);
    if (known) return known;
    const own = sites.filter((s) => s.organisation_id === line.partner.id);
    const isSite = (placeId: string) => own.some((s) => s.id === placeId && s.ancestor_id === placeId);
    const under = (placeId: string) => own.find((s) => s.ancestor_id === placeId)?.id;
    const site = isSite(line.needLocation.id) ? line.needLocation.id : isSite(line.to.id) ? line.to.id : (under(line.needLocation.id) ?? under(line.to.id));
    if (!site) {
      throw ruleViolated(
        'planId',
        `${placeName(line.partner.names)} runs no site at or under ${placeName(line.needLocation.names)} to deliver to; register its warehouse or distribution point there first`,
      );
    }
    resolved.set(key, site);
    return site;
  };
}

/**
 * Accepts a proposed plan: its lines from lots in stock become draft consignments, one per
 * warehouse × partner × destination site × departure (src/domain/planning/accept.ts), each line
 * naming its lot and need line; the plan is marked accepted and each line names its consignment.
 * All in one transaction: either every draft is made or none. Lines from pledged goods and kits
 * still to assemble stay in the plan without a consignment.
 */
export async function acceptPlan(ctx: Ctx, organisationId: string, planId: string, now = new Date()): Promise<PlanView> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadPlan(tx, organisationId, planId, true);
    if (row.status === 'accepted') throw conflict('this plan is accepted already', 'planId');
    const [later] = await tx
      .select({ id: allocationPlans.id })
      .from(allocationPlans)
      .where(and(eq(allocationPlans.organisationId, organisationId), eq(allocationPlans.status, 'accepted'), gt(allocationPlans.acceptedAt, row.createdAt)));
    if (later) throw conflict(`plan ${later.id} was accepted after this one was made, so this one counts on stock that is now planned; run the planner again`, 'planId');
    const plan = viewOf(row);
    const drafts = consignmentDrafts(plan.allocations, await destinationSites(tx, plan.allocations));
    // The drafts are made inside this transaction (as savepoints), so a failure undoes them all.
    const inside: Ctx = { db: tx as unknown as Database, actor: ctx.actor };
    const consignmentOf = new Map<number, string>();
    const consignmentIds: string[] = [];
    for (const [n, draft] of drafts.entries()) {
      const id = newId();
      try {
        await createDraftConsignment(
          inside,
          organisationId,
          {
            id,
            consigneeOrganisationId: draft.consigneeOrganisationId,
            originLocationId: draft.originLocationId,
            destinationLocationId: draft.destinationLocationId,
            expectedArrivalOn: draft.arrivesOn,
            note: `Allocation plan ${plan.id}: departure of ${draft.dispatchOn} (${n + 1} of ${drafts.length})`,
            lines: draft.lines,
          },
          now,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // The stock or the needs changed since the plan was made.
        throw new DomainError(error.code === 'forbidden' ? 'forbidden' : 'rule_violated', `this plan no longer fits what is in stock or needed (${error.message}); run the planner again`, 'planId');
      }
      consignmentIds.push(id);
      for (const i of draft.allocationIndexes) consignmentOf.set(i, id);
    }
    const { body } = row as { body: Record<string, unknown> & { allocations: AllocationLineView[] } };
    const allocations = body.allocations.map((a, i) => ({ ...a, consignmentId: consignmentOf.get(i) ?? null }));
    const [updated] = await tx
      .update(allocationPlans)
      .set({ status: 'accepted', acceptedAt: now, acceptedBy: ctx.actor.userId, consignmentIds, body: { ...body, allocations } })
      .where(eq(allocationPlans.id, planId))
      .returning();
    return viewOf(updated!);
  });
}
