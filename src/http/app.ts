import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Store } from '../db/client.js';
import type { Secrets } from '../services/secrets.js';
import { registerAccessControl } from './access.js';
import { registerErrorHandling } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { authRoutes } from './routes/auth.js';
import { organisationRoutes } from './routes/organisations.js';
import { locationRoutes } from './routes/locations.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { needRoutes } from './routes/needs.js';
import { pledgeRoutes } from './routes/pledges.js';
import { householdRoutes } from './routes/households.js';
import { entitlementRoutes } from './routes/entitlements.js';
import { registerWebApp } from './web.js';
import { stockRoutes } from './routes/stock.js';
import { stockCountRoutes } from './routes/stock-counts.js';
import { ledgerRoutes } from './routes/ledger.js';
import { auditRoutes } from './routes/audit.js';
import { distributionRoutes } from './routes/distributions.js';
import { traceRoutes } from './routes/trace.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { planningRoutes } from './routes/planning.js';
import { consignmentRoutes } from './routes/consignments.js';
import { consignmentPrintRoutes } from './print/consignments.js';

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface Deps {
  store: Store;
  config: Pick<Config, 'secureCookies' | 'sessionTtlHours'>;
  secrets: Secrets;
  /** The built web app to serve at `/`; without it the server answers the API only. */
  web?: { distDir: string };
}

export const apiInfo = {
  title: 'Karvan API',
  version: '0.1.0',
  description:
    'Track in-kind humanitarian aid unit by unit, from a need to a household. Sign in with POST /api/auth/sign-in ' +
    '(a session cookie) or send `Authorization: Bearer <token>` with a token from POST /api/me/tokens. Errors are ' +
    '`{"error": {"code", "message", "field"}}`.',
};

export async function buildApp(deps: Deps, logger?: Logger): Promise<App> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger | undefined,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.KARVAN_TRUST_PROXY === 'true',
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // One line per request, with what an operator needs and nothing secret (no headers, no bodies).
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        user: request.actor?.userId,
      },
      'request',
    );
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  // Cookies are parsed in an onRequest hook, which must run before the access check's.
  await app.register(cookie);
  registerAccessControl(app, deps.store.db);
  await app.register(swagger, {
    openapi: { openapi: '3.1.0', info: apiInfo, components: { securitySchemes: {} } },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(async (api) => {
    healthRoutes(api as App, deps);
    authRoutes(api as App, deps);
    organisationRoutes(api as App, deps);
    locationRoutes(api as App, deps);
    catalogueRoutes(api as App, deps);
    needRoutes(api as App, deps);
    pledgeRoutes(api as App, deps);
    householdRoutes(api as App, deps);
    entitlementRoutes(api as App, deps);
    stockRoutes(api as App, deps);
    stockCountRoutes(api as App, deps);
    ledgerRoutes(api as App, deps);
    auditRoutes(api as App, deps);
    distributionRoutes(api as App, deps);
    traceRoutes(api as App, deps);
    dashboardRoutes(api as App, deps);
    planningRoutes(api as App, deps);
    consignmentRoutes(api as App, deps);
    consignmentPrintRoutes(api as App, deps);
  });
  if (deps.web) await registerWebApp(app as App, deps.web.distDir);
  return app;
}
