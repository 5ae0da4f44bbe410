import { z } from 'zod';
import { TokenView, UserView } from '../../domain/views.js';
import { SESSION_COOKIE } from '../../services/auth/actor.js';
import { changePassword, PasswordChange, signIn, SignInInput, signOut } from '../../services/auth/sessions.js';
import { completeSetup, SetupInput } from '../../services/auth/setup.js';
import { createToken, listTokens, revokeToken, TokenInput } from '../../services/auth/tokens.js';
import { MePatch, updateMe, userView } from '../../services/users.js';
import { actorOf, ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, idParam, NoContent, signedInErrors } from '../schemas.js';

export function authRoutes(app: App, { store, config }: Deps) {
  const db = store.db;
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, path: '/' };

  app.post(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Create the first administrator with the one-time setup token printed in the server log',
        body: SetupInput,
        response: { 201: UserView, ...errors(400, 401, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await completeSetup(db, request.body)),
  );

  app.post(
    '/api/auth/sign-in',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an HTTP-only session cookie',
        body: SignInInput,
        response: { 200: z.object({ user: UserView, expiresAt: z.iso.datetime({ offset: true }) }), ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const signedIn = await signIn(db, { ...request.body, clientAddress: request.ip }, config.sessionTtlHours);
      reply.setCookie(SESSION_COOKIE, signedIn.cookie, { ...cookieOptions, expires: signedIn.expiresAt });
      return { user: signedIn.user, expiresAt: signedIn.expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'End this browser session', response: { 204: NoContent } },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await signOut(db, cookie);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Who I am and where I am a member', response: { 200: UserView, ...signedInErrors } },
    },
    async (request) => userView(db, actorOf(request).userId),
  );

  app.patch(
    '/api/me',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Change my preferences, such as the language the web app shows', body: MePatch, response: { 200: UserView, ...errors(400, 401, 403) } },
    },
    async (request) => updateMe(ctxOf(db, request), request.body),
  );

  app.post(
    '/api/me/password',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Change my password; signs out my other sessions',
        body: PasswordChange,
        response: { 204: NoContent, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await changePassword(ctxOf(db, request), request.body, request.cookies[SESSION_COOKIE]);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me/tokens',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'My API tokens (never their secrets)', response: { 200: z.array(TokenView), ...signedInErrors } },
    },
    async (request) => listTokens(ctxOf(db, request)),
  );

  app.post(
    '/api/me/tokens',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for a script or a device; its secret is shown this once',
        body: TokenInput,
        response: { 201: TokenView.extend({ token: z.string() }), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await createToken(db, actorOf(request).userId, request.body)),
  );

  app.delete(
    '/api/me/tokens/:tokenId',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Revoke one of my API tokens', params: idParam('tokenId'), response: { 204: NoContent, ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await revokeToken(ctxOf(db, request), request.params.tokenId);
      return reply.status(204).send();
    },
  );
}
