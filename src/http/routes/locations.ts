import { z } from 'zod';
import { LocationInput, locationLevels, LocationPatch, siteKinds } from '../../domain/locations.js';
import { LocationView } from '../../domain/views.js';
import { createLocation, getLocation, listLocations, updateLocation } from '../../services/locations.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, idParam } from '../schemas.js';

const LocationParams = idParam('locationId');

export function locationRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['locations'];

  app.get(
    '/api/locations',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Places: countries, admin-1 and admin-2 areas (with P-codes) and sites',
        querystring: z.strictObject({
          parentId: z.uuid().optional(),
          level: z.enum(locationLevels).optional(),
          siteKind: z.enum(siteKinds).optional(),
          organisationId: z.uuid().optional(),
          q: z.string().trim().min(1).max(100).optional().describe('part of a name or P-code, in any script'),
        }),
        response: { 200: z.array(LocationView), ...errors(400, 401, 403) },
      },
    },
    async (request) => listLocations(ctxOf(db, request), request.query),
  );

  app.get(
    '/api/locations/:locationId',
    { config: { access: 'signed-in' }, schema: { tags, params: LocationParams, response: { 200: LocationView, ...errors(400, 401, 403, 404) } } },
    async (request) => getLocation(ctxOf(db, request), request.params.locationId),
  );

  app.post(
    '/api/locations',
    {
      config: { access: { permission: 'locations:write', in: 'any' } },
      schema: { tags, summary: 'Add an area or a site', body: LocationInput, response: { 201: LocationView, ...errors(400, 401, 403, 404, 409, 422) } },
    },
    async (request, reply) => reply.status(201).send(await createLocation(ctxOf(db, request), request.body)),
  );

  app.patch(
    '/api/locations/:locationId',
    {
      config: { access: { permission: 'locations:write', in: 'any' } },
      schema: { tags, params: LocationParams, body: LocationPatch, response: { 200: LocationView, ...errors(400, 401, 403, 404, 409) } },
    },
    async (request) => updateLocation(ctxOf(db, request), request.params.locationId, request.body),
  );
}
