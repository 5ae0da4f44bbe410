import { z } from 'zod';
import { ItemInput, ItemPatch, KitComponent, sectors } from '../../domain/catalogue.js';
import { ItemView } from '../../domain/views.js';
import { createItem, getItem, listItems, setKitComponents, updateItem } from '../../services/catalogue.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, idParam } from '../schemas.js';

const ItemParams = idParam('itemId');

export function catalogueRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['catalogue'];

  app.get(
    '/api/items',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The catalogue of items and kits',
        querystring: z.strictObject({
          sector: z.enum(sectors).optional(),
          kits: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe('true: kits only; false: plain items only'),
          q: z.string().trim().min(1).max(100).optional(),
        }),
        response: { 200: z.array(ItemView), ...errors(400, 401, 403) },
      },
    },
    async (request) => listItems(ctxOf(db, request), request.query),
  );

  app.get(
    '/api/items/:itemId',
    { config: { access: 'signed-in' }, schema: { tags, params: ItemParams, response: { 200: ItemView, ...errors(400, 401, 403, 404) } } },
    async (request) => getItem(ctxOf(db, request), request.params.itemId),
  );

  app.post(
    '/api/items',
    {
      config: { access: { permission: 'catalogue:write', in: 'any' } },
      schema: {
        tags,
        summary: 'Add an item, or a kit when components are given',
        body: ItemInput,
        response: { 201: ItemView, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createItem(ctxOf(db, request), request.body)),
  );

  app.patch(
    '/api/items/:itemId',
    {
      config: { access: { permission: 'catalogue:write', in: 'any' } },
      schema: { tags, params: ItemParams, body: ItemPatch, response: { 200: ItemView, ...errors(400, 401, 403, 404) } },
    },
    async (request) => updateItem(ctxOf(db, request), request.params.itemId, request.body),
  );

  app.put(
    '/api/items/:itemId/components',
    {
      config: { access: { permission: 'catalogue:write', in: 'any' } },
      schema: {
        tags,
        summary: "Replace a kit's bill of materials",
        params: ItemParams,
        body: z.strictObject({ components: z.array(KitComponent).min(1).max(200) }),
        response: { 200: ItemView, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => setKitComponents(ctxOf(db, request), request.params.itemId, request.body.components),
  );
}
