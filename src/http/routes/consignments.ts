import { z } from 'zod';
import {
  AddLinesInput,
  CancelInput,
  CloseInput,
  ConsignmentInput,
  ConsignmentListQuery,
  DispatchInput,
  EventInput,
  HandlingUnitCode,
  InspectionInput,
  PackInput,
  ReceiptInput,
  RouteInput,
  ScanInput,
} from '../../domain/consignments/inputs.js';
import { ConsignmentSummaryView, ConsignmentView, HandlingUnitDetailView, ScanView } from '../../domain/consignments/views.js';
import type { Permission } from '../../domain/access.js';
import { addConsignmentLines, createDraftConsignment, setConsignmentRoute } from '../../services/consignments/create.js';
import {
  cancelConsignment,
  closeConsignment,
  dispatchConsignment,
  inspectConsignment,
  packConsignment,
  receiveConsignment,
  recordConsignmentEvent,
} from '../../services/consignments/journey.js';
import { consignmentScans, getHandlingUnit, scanHandlingUnit } from '../../services/consignments/scans.js';
import { getConsignment, listConsignments } from '../../services/consignments/view.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, OrganisationParams, Paging } from '../schemas.js';

const ConsignmentParams = OrganisationParams.extend({ consignmentId: z.uuid() });
const UnitParams = OrganisationParams.extend({ code: HandlingUnitCode });
const in_ = (permission: Permission) => ({ access: { permission, in: 'organisation' } }) as const;

/**
 * Consignments: stock sent from a sending organisation's warehouse to a partner, packed into
 * labelled handling units, followed leg by leg through checkpoints, received line by line. Every
 * route acts for the organisation in the path, which must be the consignment's sender, carrier or
 * consignee (anyone else is told it does not exist); which of them may record what is decided by
 * the use cases (src/domain/consignments/states.ts, eventParties).
 */
export function consignmentRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['consignments'];
  const list = '/api/organisations/:organisationId/consignments';
  const one = `${list}/:consignmentId`;
  const write = { 200: ConsignmentView, ...errors(400, 401, 403, 404, 409, 422) };

  app.post(
    list,
    {
      config: in_('consignments:write'),
      schema: {
        tags,
        summary: "Create a draft consignment from the sender's stock: lines picked first-expiry-first-out (or the lots named), linked to the need lines they serve",
        params: OrganisationParams,
        body: ConsignmentInput,
        response: { 201: ConsignmentView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createDraftConsignment(ctxOf(db, request), request.params.organisationId, request.body)),
  );

  app.get(
    list,
    {
      config: in_('consignments:read'),
      schema: {
        tags,
        summary: 'Consignments the organisation sends, carries or receives, the newest first',
        params: OrganisationParams,
        querystring: ConsignmentListQuery.extend(Paging),
        response: { 200: z.array(ConsignmentSummaryView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => listConsignments(ctxOf(db, request), request.params.organisationId, request.query),
  );

  app.get(
    one,
    {
      config: in_('consignments:read'),
      schema: {
        tags,
        summary: 'One consignment: lines with what the ledger moved for each, handling units, route, events and dwell time per checkpoint',
        params: ConsignmentParams,
        response: { 200: ConsignmentView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => getConsignment(ctxOf(db, request), request.params.organisationId, request.params.consignmentId),
  );

  const step = <B extends z.ZodType>(
    path: string,
    permission: Permission,
    summary: string,
    body: B,
    run: (ctx: ReturnType<typeof ctxOf>, organisationId: string, consignmentId: string, input: z.infer<B>) => Promise<ConsignmentView>,
  ) =>
    app.post(
      `${one}${path}`,
      { config: in_(permission), schema: { tags, summary, params: ConsignmentParams, body, response: write } },
      async (request) => run(ctxOf(db, request), request.params.organisationId, request.params.consignmentId, request.body as z.infer<B>),
    );

  step('/lines', 'consignments:write', 'Add lines to a draft (picked first-expiry-first-out unless a lot is named)', AddLinesInput, addConsignmentLines);
  app.put(
    `${one}/route`,
    {
      config: in_('consignments:write'),
      schema: { tags, summary: 'Set the route: ordered legs from the origin warehouse to the destination; on the way, only the road ahead changes, with a reason', params: ConsignmentParams, body: RouteInput, response: write },
    },
    async (request) => setConsignmentRoute(ctxOf(db, request), request.params.organisationId, request.params.consignmentId, request.body),
  );
  step('/pack', 'consignments:write', 'Pack the draft into handling units numbered n/N (cold-chain goods apart), ready for labels', PackInput, packConsignment);
  step(
    '/dispatch',
    'consignments:write',
    "Dispatch: the lines leave the origin warehouse for the consignment's transit account (ledger kind dispatch)",
    DispatchInput,
    dispatchConsignment,
  );
  step(
    '/events',
    'consignments:track',
    'Record a step of the journey: arrived at a checkpoint, under review since a day, departed, offloaded at a crossing, collected',
    EventInput,
    recordConsignmentEvent,
  );
  step(
    '/inspections',
    'consignments:track',
    'Record an inspection at the checkpoint: per line cleared, held or rejected (rejected units to a holding site or loss:rejected-at-inspection)',
    InspectionInput,
    inspectConsignment,
  );
  step(
    '/receipt',
    'consignments:receive',
    "The consignee's count per line: good into its holding, damaged and short to loss accounts",
    ReceiptInput,
    receiveConsignment,
  );
  step('/close', 'consignments:write', 'Close a received consignment once nothing is left in transit', CloseInput, closeConsignment);
  step('/cancel', 'consignments:write', 'Abandon a draft or packed consignment (nothing was posted to the ledger)', CancelInput, cancelConsignment);

  app.get(
    `${one}/scans`,
    {
      config: in_('consignments:read'),
      schema: {
        tags,
        summary: 'Every scan of the handling units of a consignment, the latest first',
        params: ConsignmentParams,
        response: { 200: z.array(ScanView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => consignmentScans(ctxOf(db, request), request.params.organisationId, request.params.consignmentId),
  );

  const units = '/api/organisations/:organisationId/handling-units/:code';
  app.get(
    units,
    {
      config: in_('consignments:read'),
      schema: {
        tags,
        summary: "A handling unit by the code on its label (what its QR code holds): contents, consignment, scans",
        params: UnitParams,
        response: { 200: HandlingUnitDetailView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => getHandlingUnit(ctxOf(db, request), request.params.organisationId, request.params.code),
  );
  app.post(
    `${units}/scans`,
    {
      config: in_('consignments:scan'),
      schema: {
        tags,
        summary: "Record a scan of a handling unit's QR code: when, and where (position and/or a known place)",
        params: UnitParams,
        body: ScanInput,
        response: { 201: ScanView, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await scanHandlingUnit(ctxOf(db, request), request.params.organisationId, request.params.code, request.body)),
  );
}
