import { z } from 'zod';
import { LotStatusInput } from '../../domain/ledger/inputs.js';
import { AccountHistoryView, AccountView, LotDetailView } from '../../domain/ledger/views.js';
import { accountHistory, listAccounts } from '../../services/ledger/history.js';
import { changeLotStatus, getLot } from '../../services/ledger/lots.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, idParam, OrganisationParams } from '../schemas.js';

export function ledgerRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['stock'];
  const read = { access: { permission: 'stock:read', in: 'organisation' } } as const;

  app.get(
    '/api/organisations/:organisationId/ledger/accounts',
    {
      config: read,
      schema: { tags, summary: 'The ledger accounts the organisation answers for', params: OrganisationParams, response: { 200: z.array(AccountView), ...errors(400, 401, 403) } },
    },
    async (request) => listAccounts(ctxOf(db, request), request.params.organisationId),
  );

  app.get(
    '/api/organisations/:organisationId/ledger/accounts/:accountId/transfers',
    {
      config: read,
      schema: {
        tags,
        summary: "An account's history: every transfer in and out, oldest first, a page at a time",
        params: OrganisationParams.extend({ accountId: z.uuid() }),
        querystring: z.strictObject({
          afterSeq: z.coerce.number().int().nonnegative().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: AccountHistoryView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => accountHistory(ctxOf(db, request), request.params.organisationId, request.params.accountId, request.query),
  );

  app.get(
    '/api/lots/:lotId',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'A lot: item, code, expiry, status and its status history', params: idParam('lotId'), response: { 200: LotDetailView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => getLot(ctxOf(db, request), request.params.lotId),
  );

  app.put(
    '/api/organisations/:organisationId/lots/:lotId/status',
    {
      config: { access: { permission: 'stock:write', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Quarantine, recall, mark damaged or release a lot the organisation holds (for every holder of the lot)',
        params: OrganisationParams.extend({ lotId: z.uuid() }),
        body: LotStatusInput,
        response: { 200: LotDetailView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => changeLotStatus(ctxOf(db, request), request.params.organisationId, request.params.lotId, request.body),
  );
}
