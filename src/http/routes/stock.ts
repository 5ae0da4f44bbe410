import { z } from 'zod';
import { expiryBands } from '../../domain/ledger/expiry.js';
import { IntakeInput, IsoDate, KitAssemblyInput, KitDisassemblyInput, MoveInput, Quantity, ReversalInput } from '../../domain/ledger/inputs.js';
import { MovementsView, OperationView, PickView, StockRowView } from '../../domain/ledger/views.js';
import { receiveIntake } from '../../services/ledger/intake.js';
import { itemMovements } from '../../services/ledger/history.js';
import { assembleKits, disassembleKits } from '../../services/ledger/kits.js';
import { handOverStock, moveStock } from '../../services/ledger/moves.js';
import { reverseTransfers } from '../../services/ledger/reversals.js';
import { pickSuggestion, stockOnHand } from '../../services/ledger/stock.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, OrganisationParams } from '../schemas.js';

const write = { access: { permission: 'stock:write', in: 'organisation' } } as const;
const read = { access: { permission: 'stock:read', in: 'organisation' } } as const;
const operationAnswers = { 200: OperationView, ...errors(400, 401, 403, 404, 409, 422) };

export function stockRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['stock'];
  const base = '/api/organisations/:organisationId/stock';

  app.post(
    `${base}/intakes`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Receive a donation or a purchase into a warehouse, lot by lot, with its SUMA triage class',
        params: OrganisationParams,
        body: IntakeInput,
        response: operationAnswers,
      },
    },
    async (request) => receiveIntake(ctxOf(db, request), request.params.organisationId, request.body),
  );

  app.post(
    `${base}/moves`,
    {
      config: write,
      schema: { tags, summary: "Move stock between the organisation's own sites", params: OrganisationParams, body: MoveInput, response: operationAnswers },
    },
    async (request) => moveStock(ctxOf(db, request), request.params.organisationId, request.body),
  );

  app.post(
    `${base}/handovers`,
    {
      config: write,
      schema: { tags, summary: "Hand stock over to another organisation's site (available lots only)", params: OrganisationParams, body: MoveInput, response: operationAnswers },
    },
    async (request) => handOverStock(ctxOf(db, request), request.params.organisationId, request.body),
  );

  app.post(
    `${base}/kit-assemblies`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Assemble kits from components into a new kit lot (expiry: its first-expiring component)',
        params: OrganisationParams,
        body: KitAssemblyInput,
        response: operationAnswers,
      },
    },
    async (request) => assembleKits(ctxOf(db, request), request.params.organisationId, request.body),
  );

  app.post(
    `${base}/kit-disassemblies`,
    {
      config: write,
      schema: { tags, summary: 'Take kits apart, giving their components back to stock', params: OrganisationParams, body: KitDisassemblyInput, response: operationAnswers },
    },
    async (request) => disassembleKits(ctxOf(db, request), request.params.organisationId, request.body),
  );

  app.post(
    `${base}/reversals`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Correct a mistake by recording the opposite of transfers this organisation recorded',
        params: OrganisationParams,
        body: ReversalInput,
        response: operationAnswers,
      },
    },
    async (request) => reverseTransfers(ctxOf(db, request), request.params.organisationId, request.body),
  );

  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: 'Stock on hand at the organisation’s sites, lot by lot, with its expiry-risk band (from the balances, not the ledger)',
        params: OrganisationParams,
        querystring: z.strictObject({
          locationId: z.uuid().optional(),
          itemId: z.uuid().optional(),
          lotId: z.uuid().optional(),
          band: z.enum(expiryBands).optional(),
        }),
        response: { 200: z.array(StockRowView), ...errors(400, 401, 403) },
      },
    },
    async (request) => stockOnHand(ctxOf(db, request), request.params.organisationId, request.query),
  );

  app.get(
    `${base}/pick`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Which lots to pick for a quantity of an item at a site: first expiry first out, available lots only',
        params: OrganisationParams,
        querystring: z.strictObject({
          locationId: z.uuid(),
          itemId: z.uuid(),
          quantityUnits: z.coerce.number().pipe(Quantity),
          usableUntil: IsoDate.optional().describe('skip lots that expire before this day (e.g. the expected arrival)'),
        }),
        response: { 200: PickView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => pickSuggestion(ctxOf(db, request), request.params.organisationId, request.query),
  );

  app.get(
    `${base}/movements`,
    {
      config: read,
      schema: {
        tags,
        summary: "An item's movements in and out of the organisation's accounts over a period",
        params: OrganisationParams,
        querystring: z
          .strictObject({
            itemId: z.uuid(),
            from: z.iso.datetime({ offset: true }),
            to: z.iso.datetime({ offset: true }),
            limit: z.coerce.number().int().min(1).max(10_000).default(1000),
          })
          .refine((q) => new Date(q.from) < new Date(q.to), { path: ['to'], message: 'must be after from' }),
        response: { 200: MovementsView, ...errors(400, 401, 403) },
      },
    },
    async (request) => itemMovements(ctxOf(db, request), request.params.organisationId, request.query),
  );
}
