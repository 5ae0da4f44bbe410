import { z } from 'zod';
import type { App, Deps } from '../app.js';

export function healthRoutes(app: App, { store }: Deps) {
  // Outside /api: load balancers and uptime monitors call it without credentials.
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        response: {
          200: z.object({ status: z.literal('ok'), database: z.literal('reachable'), backend: z.enum(['pglite', 'postgres']) }),
          503: z.object({ status: z.literal('unavailable'), database: z.literal('unreachable'), backend: z.enum(['pglite', 'postgres']) }),
        },
      },
    },
    async (request, reply) => {
      try {
        await store.query('select 1');
        return { status: 'ok' as const, database: 'reachable' as const, backend: store.backend };
      } catch (error) {
        request.log.error({ err: error }, 'database unreachable');
        return reply.status(503).send({ status: 'unavailable', database: 'unreachable', backend: store.backend });
      }
    },
  );
}
