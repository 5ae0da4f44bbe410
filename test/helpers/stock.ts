import type { Actor, Role } from '../../src/domain/access.js';
import { newId } from '../../src/domain/ids.js';
import type { ItemInput } from '../../src/domain/catalogue.js';
import type { OrganisationKind } from '../../src/domain/organisations.js';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { createItem } from '../../src/services/catalogue.js';
import { operator, type Ctx } from '../../src/services/context.js';
import { createLocation } from '../../src/services/locations.js';
import type { TestApp, World } from './app.js';

export const actorOf = (userId: string, organisationId: string, organisationKind: OrganisationKind, role: Role): Actor => ({
  userId,
  isInstanceAdmin: false,
  memberships: [{ organisationId, organisationKind, role }],
  via: 'token',
});

/** A plain item (not a kit) of the food sector, counted in pieces. */
export const plainItem = (code: string, name: string): ItemInput => ({
  code,
  names: { en: name },
  sector: 'food_security',
  unit: 'piece',
  packSizeUnits: 1,
  weightKgPerUnit: 1,
  volumeM3PerUnit: 0.001,
  shelfLifeDays: null,
  coldChain: false,
  dualUse: false,
  kcalPerUnit: null,
});

/**
 * On top of seedWorld: two warehouses of the sending group in Isfahan, one of the partner in Deir
 * al-Balah, three items and a kit (2 rice + 1 oil), and a ctx for each organisation's warehouse
 * officer to call the stock services with.
 */
export async function seedStock(t: TestApp, w: World) {
  const ctx: Ctx = { db: t.store.db, actor: operator };
  const site = (organisationId: string, parent: string, name: string) =>
    createLocation(ctx, { level: 'site', siteKind: 'warehouse', parentId: referenceLocationId(parent), names: { en: name }, organisationId });
  const isfahanMain = await site(w.sending.id, 'IR-10', 'Isfahan main warehouse');
  const isfahanAnnex = await site(w.sending.id, 'IR-10', 'Isfahan annex');
  const deirMain = await site(w.partner.id, 'PS02', 'Deir al-Balah warehouse');
  const rice = await createItem(ctx, plainItem('RICE-5KG', 'Rice, 5 kg bag'));
  const oil = await createItem(ctx, plainItem('OIL-1L', 'Cooking oil, 1 l'));
  const soap = await createItem(ctx, plainItem('SOAP', 'Soap bar'));
  const parcel = await createItem(ctx, {
    ...plainItem('KIT-FOOD', 'Family food parcel'),
    components: [
      { itemId: rice.id, quantityUnits: 2 },
      { itemId: oil.id, quantityUnits: 1 },
    ],
  });
  const sendingWarehouse: Ctx = { db: t.store.db, actor: actorOf(w.people.sending.warehouse.userId!, w.sending.id, 'sending', 'warehouse') };
  const partnerWarehouse: Ctx = { db: t.store.db, actor: actorOf(w.people.partner.warehouse.userId!, w.partner.id, 'partner', 'warehouse') };
  return { sites: { isfahanMain, isfahanAnnex, deirMain }, items: { rice, oil, soap, parcel }, sendingWarehouse, partnerWarehouse };
}
export type StockWorld = Awaited<ReturnType<typeof seedStock>>;

export const opId = newId;
