import { eq } from 'drizzle-orm';
import { utcDateOf } from '../../domain/dates.js';
import { checkNeededBy } from '../../domain/needs/need.js';
import type { NeedView } from '../../domain/needs/views.js';
import { actingOrganisation, nextNeedStatus, type NeedAction } from '../../domain/needs/workflow.js';
import { needs } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { recordNeedEvent } from './needs.js';
import { loadNeedFor, needView } from './view.js';

/**
 * Moves a need one step (submit, approve, close, cancel) and records who did it, when, for which
 * organisation, with their note. The need's row is locked, so two coordinators approving at once
 * make one approval and one refusal.
 */
export async function transitionNeed(ctx: Ctx, needId: string, action: NeedAction, note?: string): Promise<NeedView> {
  return ctx.db.transaction(async (tx) => {
    const { need, parties } = await loadNeedFor(tx, ctx.actor, needId, true);
    const actingFor = actingOrganisation(ctx.actor, parties, action);
    const toStatus = nextNeedStatus(need.status, action);
    const now = new Date();
    if (action === 'submit') checkNeededBy(need.neededBy, utcDateOf(now));
    const [updated] = await tx
      .update(needs)
      .set({ status: toStatus, updatedAt: now, ...(action === 'submit' && need.submittedAt === null ? { submittedAt: now } : {}) })
      .where(eq(needs.id, needId))
      .returning();
    await recordNeedEvent(tx, ctx, { needId, kind: action, fromStatus: need.status, toStatus, organisationId: actingFor, note: note ?? null, at: now });
    return needView(tx, updated!);
  });
}
