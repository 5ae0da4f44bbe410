import { z } from 'zod';
import { ServedQuery } from '../../domain/distributions/aggregate.js';
import { ClosePlanInput, IssueInput, PlanInput, ReturnInput } from '../../domain/distributions/plan.js';
import { DistributionInput, DistributionReversalInput, SyncInput } from '../../domain/distributions/record.js';
import { DistributionPlanView, DistributionView, HouseholdsServedView, SyncResultView } from '../../domain/distributions/views.js';
import { OperationView } from '../../domain/ledger/views.js';
import { householdsServed } from '../../services/distributions/aggregates.js';
import { issueToSite, returnFromSite } from '../../services/distributions/plan-stock.js';
import { closePlan, createPlan, getPlan, listPlans } from '../../services/distributions/plans.js';
import { recordDistribution } from '../../services/distributions/record.js';
import { getDistribution, listDistributions } from '../../services/distributions/records.js';
import { reverseDistribution } from '../../services/distributions/reversal.js';
import { syncDistributions } from '../../services/distributions/sync.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, OrganisationParams, Paging } from '../schemas.js';

const PlanParams = OrganisationParams.extend({ planId: z.uuid() });
const DistributionParams = OrganisationParams.extend({ distributionId: z.uuid() });
const in_ = (permission: 'distributions:read' | 'distributions:write' | 'distributions:manage' | 'distributions:issue' | 'households:read') =>
  ({ access: { permission, in: 'organisation' } }) as const;

/**
 * Distributions: a partner's plans, the stock it issues to its sites for them, and the records of
 * what each household received. Plans and records are the partner's alone (records name
 * households, so reading them needs households:read); everyone else sees households served in
 * aggregate only, with small counts suppressed.
 */
export function distributionRoutes(app: App, { store, secrets }: Deps) {
  const db = store.db;
  const tags = ['distributions'];
  const plans = '/api/organisations/:organisationId/distribution-plans';
  const records = '/api/organisations/:organisationId/distributions';
  const secret = secrets.pseudonymSecret;

  app.post(
    plans,
    {
      config: in_('distributions:manage'),
      schema: {
        tags,
        summary: "Plan a distribution at one of the partner's sites: the day, the households expected, and each household's share",
        params: OrganisationParams,
        body: PlanInput,
        response: { 201: DistributionPlanView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createPlan(ctxOf(db, request), request.params.organisationId, request.body)),
  );

  app.get(
    plans,
    {
      config: in_('distributions:read'),
      schema: {
        tags,
        summary: "The partner's distribution plans with their progress, the latest day first",
        params: OrganisationParams,
        querystring: z.strictObject({ siteId: z.uuid().optional(), ...Paging }),
        response: { 200: z.array(DistributionPlanView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => listPlans(ctxOf(db, request), request.params.organisationId, request.query),
  );

  app.get(
    `${plans}/:planId`,
    {
      config: in_('distributions:read'),
      schema: { tags, params: PlanParams, response: { 200: DistributionPlanView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => getPlan(ctxOf(db, request), request.params.organisationId, request.params.planId),
  );

  app.post(
    `${plans}/:planId/close`,
    {
      config: in_('distributions:manage'),
      schema: {
        tags,
        summary:
          'Close the plan when its distribution is over: no more stock is issued to it and no hand-over made after now is recorded (409 plan_closed); hand-overs made before, synced late, still are, and leftovers can be returned',
        params: PlanParams,
        body: ClosePlanInput.nullish(),
        response: { 200: DistributionPlanView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => closePlan(ctxOf(db, request), request.params.organisationId, request.params.planId, request.body ?? {}),
  );

  app.post(
    `${plans}/:planId/issues`,
    {
      config: in_('distributions:issue'),
      schema: {
        tags,
        summary: "Issue stock for the plan from a warehouse to the plan's site (first expiry first out, good on the day of the distribution)",
        params: PlanParams,
        body: IssueInput,
        response: { 200: OperationView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => issueToSite(ctxOf(db, request), request.params.organisationId, request.params.planId, request.body),
  );

  app.post(
    `${plans}/:planId/returns`,
    {
      config: in_('distributions:issue'),
      schema: {
        tags,
        summary: "Return what the site did not hand out to a warehouse (the lots named, or all of the plan's items)",
        params: PlanParams,
        body: ReturnInput,
        response: { 200: OperationView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => returnFromSite(ctxOf(db, request), request.params.organisationId, request.params.planId, request.body),
  );

  app.post(
    records,
    {
      config: in_('distributions:write'),
      schema: {
        tags,
        summary: 'Record that a household received its share: entitlement rules checked on the day at the site, stock moved to distributed:<site>',
        params: OrganisationParams,
        body: DistributionInput,
        response: { 200: DistributionView, 201: DistributionView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { distribution, created } = await recordDistribution(ctxOf(db, request), secret, request.params.organisationId, request.body);
      return reply.status(created ? 201 : 200).send(distribution);
    },
  );

  app.post(
    `${records}/sync`,
    {
      config: in_('distributions:write'),
      schema: {
        tags,
        summary: 'Sync the records an offline device kept: each is recorded or refused on its own, with the reason; a retry records nothing twice',
        params: OrganisationParams,
        body: SyncInput,
        response: { 200: SyncResultView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => syncDistributions(ctxOf(db, request), secret, request.params.organisationId, request.body),
  );

  app.get(
    records,
    {
      config: in_('households:read'),
      schema: {
        tags,
        summary: "The partner's distribution records, the latest first",
        params: OrganisationParams,
        querystring: z.strictObject({ planId: z.uuid().optional(), householdId: z.uuid().optional(), ...Paging }),
        response: { 200: z.array(DistributionView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => listDistributions(ctxOf(db, request), request.params.organisationId, request.query),
  );

  app.get(
    `${records}/:distributionId`,
    {
      config: in_('households:read'),
      schema: { tags, params: DistributionParams, response: { 200: DistributionView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => getDistribution(ctxOf(db, request), request.params.organisationId, request.params.distributionId),
  );

  app.post(
    `${records}/:distributionId/reversal`,
    {
      config: in_('distributions:manage'),
      schema: {
        tags,
        summary: 'Undo a distribution recorded by mistake: the goods go back to the site, the record stays, marked reversed',
        params: DistributionParams,
        body: DistributionReversalInput,
        response: { 200: DistributionView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      reverseDistribution(ctxOf(db, request), request.params.organisationId, request.params.distributionId, request.body),
  );

  app.get(
    '/api/distributions/households-served',
    {
      // Aggregates only, small counts suppressed: for monitors, donors, the dashboard and the trace.
      config: { access: { permission: 'shared:read', in: 'any' } },
      schema: {
        tags,
        summary: 'Households served per month and site or governorate; fewer than 5 households are not shown',
        querystring: ServedQuery,
        response: { 200: HouseholdsServedView, ...errors(400, 401, 403) },
      },
    },
    async (request) => householdsServed(db, request.query),
  );
}
