import { z } from 'zod';
import { EntitlementRuleInput } from '../../domain/entitlements/rules.js';
import { EntitlementCheckInput, EntitlementCheckView, EntitlementRuleView } from '../../domain/entitlements/views.js';
import { checkHouseholdEntitlement } from '../../services/entitlements/check.js';
import { createEntitlementRule, listEntitlementRules, retireEntitlementRule } from '../../services/entitlements/rules.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, OrganisationParams } from '../schemas.js';

const RuleParams = OrganisationParams.extend({ ruleId: z.uuid() });

export function entitlementRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['entitlements'];

  app.get(
    '/api/organisations/:organisationId/entitlement-rules',
    {
      // Rules are policy, not personal data: monitors and other organisations may read them.
      config: { access: { permission: 'shared:read', in: 'any' } },
      schema: {
        tags,
        summary: "A partner's entitlement rules",
        params: OrganisationParams,
        querystring: z.strictObject({
          retired: z.enum(['true', 'false']).transform((v) => v === 'true').default(false).describe('true: include retired rules'),
        }),
        response: { 200: z.array(EntitlementRuleView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => listEntitlementRules(ctxOf(db, request), request.params.organisationId, request.query.retired),
  );

  app.post(
    '/api/organisations/:organisationId/entitlement-rules',
    {
      config: { access: { permission: 'entitlements:write', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Add a rule: so much of an item per household or member, per rolling window of days or per school year',
        params: OrganisationParams,
        body: EntitlementRuleInput,
        response: { 201: EntitlementRuleView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createEntitlementRule(ctxOf(db, request), request.params.organisationId, request.body)),
  );

  app.post(
    '/api/organisations/:organisationId/entitlement-rules/:ruleId/retire',
    {
      config: { access: { permission: 'entitlements:write', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Stop applying a rule (it stays on record)',
        params: RuleParams,
        body: z.strictObject({}).nullish().describe('nothing, or {}'),
        response: { 200: EntitlementRuleView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => retireEntitlementRule(ctxOf(db, request), request.params.organisationId, request.params.ruleId),
  );

  app.post(
    '/api/organisations/:organisationId/entitlements/check',
    {
      config: { access: { permission: 'households:read', in: 'organisation' } },
      schema: {
        tags,
        summary: 'May this household receive these items on this day? Asked by a field app before a distribution is confirmed',
        params: OrganisationParams,
        body: EntitlementCheckInput,
        response: { 200: EntitlementCheckView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => checkHouseholdEntitlement(ctxOf(db, request), request.params.organisationId, request.body),
  );
}
