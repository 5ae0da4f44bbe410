import { StockCountCloseInput, StockCountLinesInput, StockCountOpenInput } from '../../domain/ledger/inputs.js';
import { StockCountSummaryView, stockCountStatuses, StockCountView } from '../../domain/ledger/views.js';
import { closeStockCount, getStockCount, listStockCounts, openStockCount, recordCountLines } from '../../services/ledger/counts.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, OrganisationParams, Paging } from '../schemas.js';
import { z } from 'zod';

const CountParams = OrganisationParams.extend({ countId: z.uuid() });

export function stockCountRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['stock'];
  const base = '/api/organisations/:organisationId/stock/counts';
  const write = { access: { permission: 'stock:write', in: 'organisation' } } as const;

  app.get(
    base,
    {
      config: { access: { permission: 'stock:read', in: 'organisation' } },
      schema: {
        tags,
        summary: "The organisation's stock counts, open ones first, then the newest opened; with lots counted out of the lots on each sheet",
        params: OrganisationParams,
        querystring: z.strictObject({ status: z.enum(stockCountStatuses).optional(), locationId: z.uuid().optional(), ...Paging }),
        response: { 200: z.array(StockCountSummaryView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => listStockCounts(ctxOf(db, request), request.params.organisationId, request.query),
  );

  app.post(
    base,
    {
      config: write,
      schema: {
        tags,
        summary: 'Open a stock count at a site; the answer is the counting sheet (what the books say is there)',
        params: OrganisationParams,
        body: StockCountOpenInput,
        response: { 200: StockCountView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => openStockCount(ctxOf(db, request), request.params.organisationId, request.body),
  );

  app.get(
    `${base}/:countId`,
    {
      config: { access: { permission: 'stock:read', in: 'organisation' } },
      schema: { tags, summary: 'A stock count and its lines', params: CountParams, response: { 200: StockCountView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => getStockCount(ctxOf(db, request), request.params.organisationId, request.params.countId),
  );

  app.put(
    `${base}/:countId/lines`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Record counted quantities (a lot counted again replaces its line), with a reason where they differ',
        params: CountParams,
        body: StockCountLinesInput,
        response: { 200: StockCountView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => recordCountLines(ctxOf(db, request), request.params.organisationId, request.params.countId, request.body),
  );

  app.post(
    `${base}/:countId/close`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Close a count: every difference from the books becomes an adjustment to a loss: or from a gain: account',
        params: CountParams,
        body: StockCountCloseInput,
        response: { 200: StockCountView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => closeStockCount(ctxOf(db, request), request.params.organisationId, request.params.countId, request.body),
  );
}
