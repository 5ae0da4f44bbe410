import { DashboardQuery, DashboardView } from '../../domain/dashboard/views.js';
import { dashboard } from '../../services/dashboard/dashboard.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors } from '../schemas.js';

/** The overview's figures in one answer; the service scopes them to the reader's organisation (monitors: everything shared). */
export function dashboardRoutes(app: App, { store }: Deps) {
  const db = store.db;
  app.get(
    '/api/dashboard',
    {
      config: { access: { permission: 'shared:read', in: 'any' } },
      schema: {
        tags: ['dashboard'],
        summary: 'Pipeline funnel, coverage by governorate and sector, stock expiring within 3 and 9 months, consignments waiting at checkpoints, losses by reason',
        querystring: DashboardQuery,
        response: { 200: DashboardView, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => dashboard(ctxOf(db, request), request.query),
  );
}
