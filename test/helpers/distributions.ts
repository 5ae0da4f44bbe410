import { newId } from '../../src/domain/ids.js';
import type { PlanInput } from '../../src/domain/distributions/plan.js';
import type { SiteKind } from '../../src/domain/locations.js';
import { operator, type Ctx } from '../../src/services/context.js';
import { createPlan } from '../../src/services/distributions/plans.js';
import { issueToSite } from '../../src/services/distributions/plan-stock.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { createLocation } from '../../src/services/locations.js';
import type { Caller, TestApp } from './app.js';
import { DEIR_AL_BALAH, ok } from './pipeline.js';

/** Fixtures for distributions, made through the services as the server operator. */
export function distributionFixtures(t: TestApp) {
  const ctx: Ctx = { db: t.store.db, actor: operator };
  let n = 0;
  const site = async (organisationId: string, siteKind: SiteKind = 'distribution_point', parentId = DEIR_AL_BALAH) =>
    (await createLocation(ctx, { level: 'site', siteKind, parentId, names: { en: `${siteKind} ${++n}` }, organisationId })).id;
  return {
    ctx,
    site,
    warehouse: (organisationId: string) => site(organisationId, 'warehouse'),
    /** Bought stock of one item at a site: a new lot, with the expiry given. */
    async stock(organisationId: string, locationId: string, itemId: string, quantityUnits: number, expiryDate: string | null = null) {
      const op = await receiveIntake(ctx, organisationId, {
        id: newId(),
        locationId,
        source: 'purchase',
        lines: [{ itemId, lotCode: `LOT-${++n}-${newId().slice(0, 6)}`, expiryDate, triage: 'urgent', quantityUnits }],
      });
      return op.lots[0]!.id;
    },
    plan: (organisationId: string, input: Omit<PlanInput, 'lines' | 'title' | 'householdsExpected'> & Partial<PlanInput> & { lines: PlanInput['lines'] }) =>
      createPlan(ctx, organisationId, { title: `Round ${++n}`, householdsExpected: 100, ...input }),
    issue: (organisationId: string, planId: string, fromLocationId: string, lines: { itemId: string; quantityUnits: number }[]) =>
      issueToSite(ctx, organisationId, planId, { id: newId(), fromLocationId, lines }),
  };
}

/**
 * Registers `count` new households of a partner through the API and records one distribution of
 * the plan to each, as its field officer would; answers the households' ids.
 */
export async function serveNewHouseholds(field: Caller, organisationId: string, planId: string, count: number, household: Record<string, unknown> = {}): Promise<string[]> {
  const url = `/api/organisations/${organisationId}`;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await ok<{ id: string }>(field.call('POST', `${url}/households`, { documentNumber: `D-${newId()}`, locationId: DEIR_AL_BALAH, memberCount: 4, ...household }), 201);
    const voucher = `V-${newId().replace(/-/g, '').slice(-20).toUpperCase()}`;
    await ok(field.call('POST', `${url}/distributions`, { id: newId(), planId, householdId: id, distributedAt: new Date().toISOString(), proof: { kind: 'voucher', code: voucher } }), 201);
    ids.push(id);
  }
  return ids;
}
