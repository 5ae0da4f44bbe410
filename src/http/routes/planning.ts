import { z } from 'zod';
import { LaneInput, LaneUpdate, LaneView } from '../../domain/planning/lanes.js';
import { PlanRequest, PlanSummaryView, PlanView } from '../../domain/planning/plans.js';
import { createLane, deleteLane, listLanes, updateLane } from '../../services/planning/lanes.js';
import { acceptPlan } from '../../services/planning/accept.js';
import { getPlan, listPlans, planAllocationsFor } from '../../services/planning/plans.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, NoContent, OrganisationParams, Paging } from '../schemas.js';

const LaneParams = OrganisationParams.extend({ laneId: z.uuid() });
const PlanParams = OrganisationParams.extend({ planId: z.uuid() });

export function planningRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['planning'];

  app.get(
    '/api/organisations/:organisationId/transport-lanes',
    {
      config: { access: { permission: 'planning:read', in: 'organisation' } },
      schema: {
        tags,
        summary: "The organisation's transport lanes: warehouse → destination, lead time, departures and capacity",
        params: OrganisationParams,
        response: { 200: z.array(LaneView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => listLanes(ctxOf(db, request), request.params.organisationId),
  );

  app.post(
    '/api/organisations/:organisationId/transport-lanes',
    {
      config: { access: { permission: 'planning:write', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Add a transport lane from one of the organisation’s warehouses to a destination',
        params: OrganisationParams,
        body: LaneInput,
        response: { 201: LaneView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createLane(ctxOf(db, request), request.params.organisationId, request.body)),
  );

  app.patch(
    '/api/organisations/:organisationId/transport-lanes/:laneId',
    {
      config: { access: { permission: 'planning:write', in: 'organisation' } },
      schema: {
        tags,
        summary: "Change a lane's lead time, departures or capacity",
        params: LaneParams,
        body: LaneUpdate,
        response: { 200: LaneView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => updateLane(ctxOf(db, request), request.params.organisationId, request.params.laneId, request.body),
  );

  app.delete(
    '/api/organisations/:organisationId/transport-lanes/:laneId',
    {
      config: { access: { permission: 'planning:write', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Remove a lane (plans made with it keep their copy)',
        params: LaneParams,
        response: { 204: NoContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteLane(ctxOf(db, request), request.params.organisationId, request.params.laneId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/organisations/:organisationId/plans',
    {
      config: { access: { permission: 'planning:write', in: 'organisation' } },
      schema: {
        tags,
        summary:
          'Run the allocation planner: which stock goes to which approved need line, on which lane and day, and why; and the constraint that leaves each other line short',
        params: OrganisationParams,
        body: PlanRequest,
        response: { 201: PlanView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await planAllocationsFor(ctxOf(db, request), request.params.organisationId, request.body)),
  );

  app.get(
    '/api/organisations/:organisationId/plans',
    {
      config: { access: { permission: 'planning:read', in: 'organisation' } },
      schema: {
        tags,
        summary: "The organisation's allocation plans, newest first",
        params: OrganisationParams,
        querystring: z.strictObject({ ...Paging }),
        response: { 200: z.array(PlanSummaryView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => listPlans(ctxOf(db, request), request.params.organisationId, request.query),
  );

  app.get(
    '/api/organisations/:organisationId/plans/:planId',
    {
      config: { access: { permission: 'planning:read', in: 'organisation' } },
      schema: {
        tags,
        summary: 'An allocation plan as it was proposed, with its lines, unmet needs and whether it was accepted',
        params: PlanParams,
        response: { 200: PlanView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => getPlan(ctxOf(db, request), request.params.organisationId, request.params.planId),
  );

  app.post(
    '/api/organisations/:organisationId/plans/:planId/accept',
    {
      config: { access: { permission: 'planning:write', in: 'organisation' } },
      schema: {
        tags,
        summary:
          'Accept a proposed plan: its lines from lots in stock become draft consignments, one per warehouse × partner × destination site × departure; each line then names its consignment',
        params: PlanParams,
        body: z.strictObject({}).nullish().describe('nothing, or {}'),
        response: { 200: PlanView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => acceptPlan(ctxOf(db, request), request.params.organisationId, request.params.planId),
  );
}
