import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { notFound } from '../../domain/errors.js';
import type { DistributionView } from '../../domain/distributions/views.js';
import { distributions } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { loadOrganisation } from '../organisations.js';
import { distributionViews } from './views.js';

export interface DistributionFilter {
  planId?: string;
  householdId?: string;
  limit: number;
  offset: number;
}

/** The organisation's distribution records, the latest first. */
export async function listDistributions(ctx: Ctx, organisationId: string, filter: DistributionFilter): Promise<DistributionView[]> {
  await loadOrganisation(ctx.db, organisationId);
  const where: SQL[] = [eq(distributions.organisationId, organisationId)];
  if (filter.planId) where.push(eq(distributions.planId, filter.planId));
  if (filter.householdId) where.push(eq(distributions.householdId, filter.householdId));
  const rows = await ctx.db
    .select({ id: distributions.id })
    .from(distributions)
    .where(and(...where))
    .orderBy(desc(distributions.distributedAt), asc(distributions.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return distributionViews(ctx.db, rows.map((r) => r.id));
}

export async function getDistribution(ctx: Ctx, organisationId: string, distributionId: string): Promise<DistributionView> {
  const [row] = await ctx.db
    .select({ id: distributions.id })
    .from(distributions)
    .where(and(eq(distributions.id, distributionId), eq(distributions.organisationId, organisationId)));
  if (!row) throw notFound('distribution', 'distributionId');
  return (await distributionViews(ctx.db, [row.id]))[0]!;
}
