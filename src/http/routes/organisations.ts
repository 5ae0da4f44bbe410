import { z } from 'zod';
import { organisationKinds, OrganisationInput, OrganisationPatch } from '../../domain/organisations.js';
import { MemberView, OrganisationView } from '../../domain/views.js';
import { addMember, changeRole, listMembers, MemberInput, removeMember, RoleChange } from '../../services/members.js';
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from '../../services/organisations.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, NoContent, OrganisationParams } from '../schemas.js';

const MemberParams = OrganisationParams.extend({ userId: z.uuid() });

export function organisationRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['organisations'];

  app.get(
    '/api/organisations',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The directory of organisations',
        querystring: z.strictObject({ kind: z.enum(organisationKinds).optional() }),
        response: { 200: z.array(OrganisationView), ...errors(400, 401, 403) },
      },
    },
    async (request) => listOrganisations(ctxOf(db, request), request.query.kind),
  );

  app.post(
    '/api/organisations',
    {
      config: { access: { permission: 'organisation:create', in: 'any' } },
      schema: { tags, summary: 'Register an organisation (instance administrators)', body: OrganisationInput, response: { 201: OrganisationView, ...errors(400, 401, 403) } },
    },
    async (request, reply) => reply.status(201).send(await createOrganisation(ctxOf(db, request), request.body)),
  );

  app.get(
    '/api/organisations/:organisationId',
    {
      config: { access: 'signed-in' },
      schema: { tags, params: OrganisationParams, response: { 200: OrganisationView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => getOrganisation(ctxOf(db, request), request.params.organisationId),
  );

  app.patch(
    '/api/organisations/:organisationId',
    {
      config: { access: { permission: 'organisation:manage', in: 'organisation' } },
      schema: { tags, summary: "Change an organisation's names, country or contacts", params: OrganisationParams, body: OrganisationPatch, response: { 200: OrganisationView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => updateOrganisation(ctxOf(db, request), request.params.organisationId, request.body),
  );

  app.get(
    '/api/organisations/:organisationId/members',
    {
      config: { access: { permission: 'members:read', in: 'organisation' } },
      schema: { tags, params: OrganisationParams, response: { 200: z.array(MemberView), ...errors(400, 401, 403, 404) } },
    },
    async (request) => listMembers(ctxOf(db, request), request.params.organisationId),
  );

  app.post(
    '/api/organisations/:organisationId/members',
    {
      config: { access: { permission: 'members:manage', in: 'organisation' } },
      schema: {
        tags,
        summary: 'Add a person with a role; creates their account when the e-mail is new',
        params: OrganisationParams,
        body: MemberInput,
        response: {
          201: z.object({ member: MemberView, temporaryPassword: z.string().nullable().describe('shown once, for a new account without a given password') }),
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await addMember(ctxOf(db, request), request.params.organisationId, request.body)),
  );

  app.patch(
    '/api/organisations/:organisationId/members/:userId',
    {
      config: { access: { permission: 'members:manage', in: 'organisation' } },
      schema: { tags, summary: "Change a member's role", params: MemberParams, body: RoleChange, response: { 200: MemberView, ...errors(400, 401, 403, 404, 422) } },
    },
    async (request) => changeRole(ctxOf(db, request), request.params.organisationId, request.params.userId, request.body.role),
  );

  app.delete(
    '/api/organisations/:organisationId/members/:userId',
    {
      config: { access: { permission: 'members:manage', in: 'organisation' } },
      schema: { tags, summary: 'Remove a person from the organisation', params: MemberParams, response: { 204: NoContent, ...errors(400, 401, 403, 404, 422) } },
    },
    async (request, reply) => {
      await removeMember(ctxOf(db, request), request.params.organisationId, request.params.userId);
      return reply.status(204).send();
    },
  );
}

