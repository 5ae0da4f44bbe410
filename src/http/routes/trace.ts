import { z } from 'zod';
import { TraceView } from '../../domain/trace/views.js';
import { traceFrom } from '../../services/trace/trace.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, idParam } from '../schemas.js';

/** A handling unit by its id, or by the code its label prints and its QR code holds. */
const HandlingUnitParams = z.strictObject({
  handlingUnitId: z.union([z.uuid(), z.string().regex(/^HU-[0-9A-Z]{8}$/i, 'a handling unit id, or its code HU-XXXXXXXX')]).describe('its id, or the code on its label (HU-XXXXXXXX)'),
});

/**
 * "Where did my donation go?": from a pledge, a lot, a consignment or a handling unit, upstream to who gave and
 * downstream to the households served (counted, never named) and their governorates. The
 * service decides from the record who may read it: monitors, and the organisations that gave,
 * took, held, carried or handed out the goods.
 */
export function traceRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['trace'];
  const access = { access: { permission: 'shared:read', in: 'any' } } as const;
  const response = { 200: TraceView, ...errors(400, 401, 403, 404) };

  app.get(
    '/api/trace/pledges/:pledgeId',
    {
      config: access,
      schema: { tags, summary: 'Trace a pledge: its donor, the lots it brought in, and everything that became of them', params: idParam('pledgeId'), response },
    },
    async (request) => traceFrom(ctxOf(db, request), 'pledge', request.params.pledgeId),
  );

  app.get(
    '/api/trace/lots/:lotId',
    {
      config: access,
      schema: { tags, summary: 'Trace a lot: who gave it, where it was held and carried, who received it', params: idParam('lotId'), response },
    },
    async (request) => traceFrom(ctxOf(db, request), 'lot', request.params.lotId),
  );

  app.get(
    '/api/trace/consignments/:consignmentId',
    {
      config: access,
      schema: {
        tags,
        summary: 'Trace a consignment: where its lots came from and where they went',
        params: idParam('consignmentId'),
        response,
      },
    },
    async (request) => traceFrom(ctxOf(db, request), 'consignment', request.params.consignmentId),
  );

  app.get(
    '/api/trace/handling-units/:handlingUnitId',
    {
      config: access,
      schema: {
        tags,
        summary: 'Trace a handling unit (by id or label code): what it holds, who gave it, the checkpoints its consignment passed, and where its goods could have gone',
        params: HandlingUnitParams,
        response,
      },
    },
    async (request) => traceFrom(ctxOf(db, request), 'handling-unit', request.params.handlingUnitId),
  );
}
