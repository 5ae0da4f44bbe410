import { z } from 'zod';
import { sectors } from '../../domain/catalogue.js';
import { CancelInput, NeedInput, needStatuses, priorities, TransitionNote } from '../../domain/needs/need.js';
import { NeedSummaryView, NeedView } from '../../domain/needs/views.js';
import type { NeedAction } from '../../domain/needs/workflow.js';
import { createNeed, getNeed, listNeeds, updateNeed } from '../../services/needs/needs.js';
import { transitionNeed } from '../../services/needs/transitions.js';
import { ctxOf, type Access } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, idParam, OrganisationParams, Paging } from '../schemas.js';

const NeedParams = idParam('needId');

export function needRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['needs'];

  app.get(
    '/api/needs',
    {
      config: { access: { permission: 'shared:read', in: 'any' } },
      schema: {
        tags,
        summary: "Submitted needs, and drafts of the caller's organisations, most urgent first, with their coverage",
        querystring: z.strictObject({
          status: z.enum(needStatuses).optional(),
          organisationId: z.uuid().optional().describe('the partner that raised the need'),
          addressedTo: z.uuid().optional().describe('a sending organisation the need is addressed to'),
          priority: z.enum(priorities).optional(),
          sector: z.enum(sectors).optional(),
          locationId: z.uuid().optional().describe('this place and every place under it (a governorate includes its districts and sites)'),
          ...Paging,
        }),
        response: { 200: z.array(NeedSummaryView), ...errors(400, 401, 403) },
      },
    },
    async (request) => listNeeds(ctxOf(db, request), request.query),
  );

  app.post(
    '/api/organisations/:organisationId/needs',
    {
      config: { access: { permission: 'needs:write', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Record a need of a partner organisation, as a draft',
        params: OrganisationParams,
        body: NeedInput,
        response: { 201: NeedView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createNeed(ctxOf(db, request), request.params.organisationId, request.body)),
  );

  app.get(
    '/api/needs/:needId',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'A need with its lines, coverage and history (a draft only for its own organisation)',
        params: NeedParams,
        response: { 200: NeedView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => getNeed(ctxOf(db, request), request.params.needId),
  );

  app.put(
    '/api/needs/:needId',
    {
      config: { access: { permission: 'needs:write', in: 'any' } },
      schema: {
        tags,
        summary: "Replace a draft's content",
        params: NeedParams,
        body: NeedInput,
        response: { 200: NeedView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => updateNeed(ctxOf(db, request), request.params.needId, request.body),
  );

  const step = (action: Exclude<NeedAction, 'cancel'>, permission: 'needs:write' | 'needs:approve', summary: string) =>
    app.post(
      `/api/needs/:needId/${action}`,
      {
        config: { access: { permission, in: 'any' } satisfies Access },
        schema: { tags, summary, params: NeedParams, body: TransitionNote.nullish(), response: { 200: NeedView, ...errors(400, 401, 403, 404, 422) } },
      },
      async (request) => transitionNeed(ctxOf(db, request), request.params.needId, action, request.body?.note),
    );
  step('submit', 'needs:write', 'Submit a draft to the organisations it is addressed to; it is shared from then on');
  step('approve', 'needs:approve', 'Approve a submitted need (a coordinator of an organisation it is addressed to)');
  step('close', 'needs:write', 'Close an approved need: served, or nothing more is expected (the partner)');

  app.post(
    '/api/needs/:needId/cancel',
    {
      config: { access: { permission: 'needs:write', in: 'any' } },
      schema: {
        tags,
        summary: 'Cancel a need that is not closed, with a reason (the partner)',
        params: NeedParams,
        body: CancelInput,
        response: { 200: NeedView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => transitionNeed(ctxOf(db, request), request.params.needId, 'cancel', request.body.reason),
  );
}
