import { z } from 'zod';
import { CashReceiptInput, PledgeCancel, PledgeInput } from '../../domain/pledges/pledge.js';
import { PledgeView } from '../../domain/pledges/views.js';
import { cancelPledge, createPledge, getPledge, listPledges, recordCashReceipt } from '../../services/pledges/pledges.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, idParam, OrganisationParams, Paging } from '../schemas.js';

const PledgeParams = idParam('pledgeId');

export function pledgeRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['pledges'];

  app.get(
    '/api/pledges',
    {
      config: { access: { permission: 'shared:read', in: 'any' } },
      schema: {
        tags,
        summary: 'Pledges, newest first, with what has been received against them',
        querystring: z.strictObject({
          organisationId: z.uuid().optional().describe('the sending organisation that took the pledge'),
          donorOrganisationId: z.uuid().optional(),
          needId: z.uuid().optional().describe('pledges with a line for this need'),
          ...Paging,
        }),
        response: { 200: z.array(PledgeView), ...errors(400, 401, 403) },
      },
    },
    async (request) => listPledges(ctxOf(db, request), request.query),
  );

  app.post(
    '/api/organisations/:organisationId/pledges',
    {
      config: { access: { permission: 'pledges:write', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Record a pledge of goods or cash, for need lines or in general, taken by a sending organisation',
        params: OrganisationParams,
        body: PledgeInput,
        response: { 201: PledgeView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createPledge(ctxOf(db, request), request.params.organisationId, request.body)),
  );

  app.get(
    '/api/pledges/:pledgeId',
    {
      config: { access: { permission: 'shared:read', in: 'any' } },
      schema: { tags, params: PledgeParams, response: { 200: PledgeView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => getPledge(ctxOf(db, request), request.params.pledgeId),
  );

  app.post(
    '/api/pledges/:pledgeId/cancel',
    {
      config: { access: { permission: 'pledges:write', in: 'any' } },
      schema: {
        tags,
        summary: 'The donor will give nothing more; what arrived stays recorded',
        params: PledgeParams,
        body: PledgeCancel,
        response: { 200: PledgeView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => cancelPledge(ctxOf(db, request), request.params.pledgeId, request.body.reason),
  );

  app.post(
    '/api/pledges/:pledgeId/cash-receipts',
    {
      config: { access: { permission: 'pledges:write', in: 'any' } },
      schema: {
        tags,
        summary: 'Record cash received against a cash line (goods are received at intake into stock)',
        params: PledgeParams,
        body: CashReceiptInput,
        response: { 201: PledgeView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await recordCashReceipt(ctxOf(db, request), request.params.pledgeId, request.body)),
  );
}
