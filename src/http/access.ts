import '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, refusalReason, type Actor, type Permission } from '../domain/access.js';
import { DomainError, forbidden, notFound, unauthenticated } from '../domain/errors.js';
import type { Database } from '../db/client.js';
import { actorFromSession, actorFromToken, SESSION_COOKIE } from '../services/auth/actor.js';
import type { Ctx } from '../services/context.js';

/**
 * What a route requires of the caller, declared on every route under /api (`config.access`):
 * - 'public': anyone, signed in or not;
 * - 'signed-in': any signed-in person; the use case decides the rest from the record itself;
 * - { permission, in: 'any' }: the permission, held in at least one organisation;
 * - { permission, in: 'organisation' }: the permission in the organisation named by `:organisationId`.
 * A route without a declaration does not start: the server refuses to boot.
 */
export type Access = 'public' | 'signed-in' | { permission: Permission; in: 'any' | 'organisation' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every /api route with its declared access, for the authorization test and the docs. */
    declaredRoutes: DeclaredRoute[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The actor of a request that passed its access check; routes that are not public use this. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

async function identify(db: Database, request: FastifyRequest): Promise<Actor | null> {
  const now = new Date();
  const token = bearerToken(request);
  if (token) {
    const actor = await actorFromToken(db, token, now);
    if (!actor) throw unauthenticated('this API token is unknown, revoked or expired; create a new one');
    return actor;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? actorFromSession(db, cookie, now) : null;
}

export function registerAccessControl(app: FastifyInstance, db: Database): void {
  app.decorateRequest('actor', null);
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    // The documentation pages (served by @fastify/swagger-ui) are public by design.
    if (route.url.startsWith('/api/docs') && route.config?.access === undefined) {
      route.config = { ...route.config, access: 'public' };
    }
    if (route.config?.access === undefined) {
      throw new Error(`route ${route.method} ${route.url} declares no access; add config.access`);
    }
    if (typeof route.config.access === 'object' && route.config.access.in === 'organisation' && !route.url.includes(':organisationId')) {
      throw new Error(`route ${route.method} ${route.url} checks access in an organisation but has no :organisationId`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') declared.push({ method, url: route.url, access: route.config.access });
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') {
      // Public routes still learn who is calling when they can (e.g. sign-out).
      if (access === 'public') request.actor = await identify(db, request).catch(() => null);
      return;
    }
    request.actor = await identify(db, request);
    if (!request.actor) throw unauthenticated();
    if (access === 'signed-in') return;
    if (access.in === 'any') {
      if (!can(request.actor, access.permission)) throw forbidden(refusalReason(request.actor, access.permission));
      return;
    }
    const organisationId = (request.params as Record<string, string>).organisationId ?? '';
    if (!UUID.test(organisationId)) throw notFound('organisation', 'organisationId');
    if (!can(request.actor, access.permission, organisationId)) {
      throw new DomainError('forbidden', refusalReason(request.actor, access.permission, organisationId), 'organisationId');
    }
  });
}

export const ctxOf = (db: Database, request: FastifyRequest): Ctx => ({ db, actor: actorOf(request) });

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
