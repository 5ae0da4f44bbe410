import { expect } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import type { SiteKind } from '../../src/domain/locations.js';
import type { ConsignmentView } from '../../src/domain/consignments/views.js';
import type { z } from 'zod';
import type { ConsignmentLineInput, LegInput } from '../../src/domain/consignments/inputs.js';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { operator, type Ctx } from '../../src/services/context.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { assembleKits } from '../../src/services/ledger/kits.js';
import { createLocation } from '../../src/services/locations.js';
import type { Caller, TestApp, World } from './app.js';
import { daysFromToday, DEIR_AL_BALAH, seedItems } from './pipeline.js';

/**
 * The places of a consignment from Isfahan to Deir al-Balah (the sender's warehouse, the airport,
 * a hub and the crossing in North Sinai, a holding store for rejected goods there, the partner's
 * warehouse), the small catalogue of seedItems (a family food parcel is 2 rice + 3 oil), and
 * helpers to put stock in the sender's warehouse and to raise an approved need.
 */
export async function consignmentFixtures(t: TestApp, w: World) {
  const ctx: Ctx = { db: t.store.db, actor: operator };
  const items = await seedItems(w);
  const site = async (organisationId: string | null, parent: string, siteKind: SiteKind, name: string) =>
    (
      await createLocation(ctx, {
        level: 'site',
        siteKind,
        parentId: parent.length === 36 ? parent : referenceLocationId(parent),
        names: { en: name },
        ...(organisationId ? { organisationId } : {}),
      })
    ).id;
  const places = {
    warehouse: await site(w.sending.id, 'IR-10', 'warehouse', 'Isfahan central warehouse'),
    airport: await site(null, 'IR-10', 'airport', 'Isfahan International Airport'),
    hub: await site(null, 'EG-SIN', 'transit_hub', 'Al-Arish logistics hub'),
    crossing: await site(null, 'EG-SIN', 'border_crossing', 'Rafah crossing'),
    hold: await site(w.sending.id, 'EG-SIN', 'warehouse', 'Al-Arish holding store'),
    partnerWarehouse: await site(w.partner.id, DEIR_AL_BALAH, 'warehouse', 'Deir al-Balah warehouse'),
  };
  let n = 0;
  /** Bought stock of an item in the sender's warehouse: a new lot with this expiry; returns the lot id. */
  const stock = async (itemId: string, quantityUnits: number, expiryDate: string | null = null, locationId = places.warehouse) => {
    const op = await receiveIntake(ctx, w.sending.id, {
      id: newId(),
      locationId,
      source: 'purchase',
      lines: [{ itemId, lotCode: `C-${++n}-${newId().slice(0, 6)}`, expiryDate, triage: 'urgent', quantityUnits }],
    });
    return op.lots[0]!.id;
  };
  /** Kits assembled in the sender's warehouse from fresh component stock; returns the kit lot id. */
  const kits = async (kits: number) => {
    await stock(items.rice, kits * 2, daysFromToday(400));
    await stock(items.oil, kits * 3, daysFromToday(300));
    const op = await assembleKits(ctx, w.sending.id, { id: newId(), locationId: places.warehouse, kitItemId: items.parcel, kits });
    return op.transfers.at(-1)!.lotId;
  };
  /** A need of the partner addressed to the sender, submitted and approved; returns its line ids by item. */
  const approvedNeed = async (lines: { itemId: string; quantityUnits: number }[]) => {
    const res = await w.people.partner.field.call('POST', `/api/organisations/${w.partner.id}/needs`, {
      title: `Food for shelters ${++n}`,
      addressedTo: [w.sending.id],
      locationId: DEIR_AL_BALAH,
      priority: 'critical',
      neededBy: daysFromToday(30),
      peopleToReach: 500,
      sector: 'food_security',
      lines,
    });
    expect(res.statusCode, res.body).toBe(201);
    const need = res.json() as { id: string; lines: { id: string; item: { id: string } }[] };
    expect((await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, {})).statusCode).toBe(200);
    const approved = await w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    return { id: need.id, lineOf: (itemId: string) => need.lines.find((l) => l.item.id === itemId)!.id };
  };
  const route: LegInput[] = [
    { fromLocationId: places.warehouse, toLocationId: places.airport, mode: 'road' },
    { fromLocationId: places.airport, toLocationId: places.hub, mode: 'air' },
    { fromLocationId: places.hub, toLocationId: places.crossing, mode: 'road' },
    { fromLocationId: places.crossing, toLocationId: places.partnerWarehouse, mode: 'road' },
  ];
  const draftBody = (lines: ConsignmentLineInput[] | z.input<typeof ConsignmentLineInput>[], extra: object = {}) => ({
    id: newId(),
    consigneeOrganisationId: w.partner.id,
    originLocationId: places.warehouse,
    destinationLocationId: places.partnerWarehouse,
    route,
    lines,
    ...extra,
  });
  const sendingUrl = (id?: string, rest = '') => `/api/organisations/${w.sending.id}/consignments${id ? `/${id}` : ''}${rest}`;
  const partnerUrl = (id?: string, rest = '') => `/api/organisations/${w.partner.id}/consignments${id ? `/${id}` : ''}${rest}`;
  return { ctx, items, places, stock, kits, approvedNeed, route, draftBody, sendingUrl, partnerUrl };
}
export type ConsignmentFixtures = Awaited<ReturnType<typeof consignmentFixtures>>;

/** Calls and expects a consignment back with the given status code (200 by default). */
export async function consignment(caller: Caller, method: 'POST' | 'PUT' | 'GET', url: string, body?: unknown, status = 200): Promise<ConsignmentView> {
  const res = await caller.call(method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as ConsignmentView;
}

/** Takes a consignment from draft to in transit: packed in boxes, dispatched. */
export async function packAndDispatch(f: ConsignmentFixtures, caller: Caller, id: string, occurredAt?: string): Promise<ConsignmentView> {
  await consignment(caller, 'POST', f.sendingUrl(id, '/pack'), { id: newId(), kind: 'box', occurredAt });
  return consignment(caller, 'POST', f.sendingUrl(id, '/dispatch'), { id: newId(), occurredAt });
}
