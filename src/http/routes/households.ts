import { z } from 'zod';
import { HouseholdCode, HouseholdInput, HouseholdLookup, HouseholdPatch } from '../../domain/households/household.js';
import { HouseholdView } from '../../domain/households/views.js';
import { getHousehold, listHouseholds, lookupHousehold, registerHousehold, updateHousehold } from '../../services/households/households.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, OrganisationParams, Paging } from '../schemas.js';

const HouseholdParams = OrganisationParams.extend({ householdId: z.uuid() });

/**
 * Households are the registering partner's alone: every route is scoped to that organisation and
 * needs a households permission in it, which monitors and other organisations do not hold.
 */
export function householdRoutes(app: App, { store, secrets }: Deps) {
  const db = store.db;
  const tags = ['households'];
  const secret = secrets.pseudonymSecret;

  app.get(
    '/api/organisations/:organisationId/households',
    {
      config: { access: { permission: 'households:read', in: 'organisation' } },
      schema: {
        tags,
        summary: "The organisation's households, oldest registration first",
        params: OrganisationParams,
        querystring: z.strictObject({
          locationId: z.uuid().optional().describe('this place and every place under it (a governorate includes its districts and sites)'),
          code: HouseholdCode.optional().describe(
            'only households whose id starts with this code: the short reference HH-1A2B3C4D, a whole id, or at least 4 hex digits of its start (case and hyphens do not matter)',
          ),
          duplicates: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe('true: only households whose identity document another partner registered too'),
          ...Paging,
        }),
        response: { 200: z.array(HouseholdView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => listHouseholds(ctxOf(db, request), request.params.organisationId, request.query),
  );

  app.post(
    '/api/organisations/:organisationId/households',
    {
      config: { access: { permission: 'households:write', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Register a household; the identity document number is kept only as a keyed pseudonym',
        params: OrganisationParams,
        body: HouseholdInput,
        response: { 201: HouseholdView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await registerHousehold(ctxOf(db, request), secret, request.params.organisationId, request.body)),
  );

  app.post(
    '/api/organisations/:organisationId/households/lookup',
    {
      config: { access: { permission: 'households:read', in: 'organisation' } },
      schema: {
        tags,
        summary: "Find the organisation's household by an identity document number (sent in the body, never in a URL)",
        params: OrganisationParams,
        body: HouseholdLookup,
        response: { 200: HouseholdView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => lookupHousehold(ctxOf(db, request), secret, request.params.organisationId, request.body.documentNumber),
  );

  app.get(
    '/api/organisations/:organisationId/households/:householdId',
    {
      config: { access: { permission: 'households:read', in: 'organisation' } },
      schema: { tags, params: HouseholdParams, response: { 200: HouseholdView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => getHousehold(ctxOf(db, request), request.params.organisationId, request.params.householdId),
  );

  app.patch(
    '/api/organisations/:organisationId/households/:householdId',
    {
      config: { access: { permission: 'households:write', in: 'organisation' } },
      schema: {
        tags,
        summary: "Change a household's size, place, flags or identity document",
        params: HouseholdParams,
        body: HouseholdPatch,
        response: { 200: HouseholdView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      updateHousehold(ctxOf(db, request), secret, request.params.organisationId, request.params.householdId, request.body),
  );
}
