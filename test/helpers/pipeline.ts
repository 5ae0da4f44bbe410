import { expect } from 'vitest';
import { roles, type Role } from '../../src/domain/access.js';
import type { OrganisationKind } from '../../src/domain/organisations.js';
import { memberships } from '../../src/db/schema/index.js';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { createToken } from '../../src/services/auth/tokens.js';
import { operator } from '../../src/services/context.js';
import { createOrganisation } from '../../src/services/organisations.js';
import { insertUser } from '../../src/services/users.js';
import { callerFor, TEST_PASSWORD, type Caller, type TestApp, type World } from './app.js';

export const DEIR_AL_BALAH = referenceLocationId('PS0265');
export const KHAN_YOUNIS = referenceLocationId('PS0270');
export const GAZA_STRIP = referenceLocationId('PS02');
export const PALESTINE = referenceLocationId('PS');

/** One more organisation with one person in each role, like those of seedWorld. */
export async function addOrganisation(t: TestApp, key: string, kind: OrganisationKind, name: string) {
  const org = await createOrganisation({ db: t.store.db, actor: operator }, { kind, names: { en: name }, country: kind === 'partner' ? 'PS' : 'IR', contacts: [] });
  const people = {} as Record<Role, Caller>;
  for (const role of roles) {
    const userId = await insertUser(t.store.db, { email: `${role}@${key}.test`, displayName: `${role} of ${key}`, password: TEST_PASSWORD });
    await t.store.db.insert(memberships).values({ userId, organisationId: org.id, role });
    const { token } = await createToken(t.store.db, userId, { name: 'test' });
    people[role] = callerFor(t.app, token, userId);
  }
  return { org, people };
}

/** A small catalogue: two plain items and a family food parcel kit made of them. */
export async function seedItems(w: World) {
  const make = async (body: object) => {
    const res = await w.admin.call('POST', '/api/items', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const base = { sector: 'food_security', unit: 'piece', weightKgPerUnit: 1, volumeM3PerUnit: 0.001 };
  const rice = await make({ ...base, code: 'RICE-5KG', names: { en: 'Rice, 5 kg' }, unit: 'bag of 5 kg', weightKgPerUnit: 5, kcalPerUnit: 18000 });
  const oil = await make({ ...base, code: 'OIL-1L', names: { en: 'Vegetable oil, 1 l' }, unit: 'bottle' });
  const parcel = await make({
    ...base,
    code: 'KIT-FOOD-FAMILY',
    names: { en: 'Family food parcel' },
    unit: 'kit',
    weightKgPerUnit: 16,
    components: [
      { itemId: rice, quantityUnits: 2 },
      { itemId: oil, quantityUnits: 3 },
    ],
  });
  const schoolKit = await make({ ...base, sector: 'education', code: 'KIT-SCHOOL', names: { en: 'School kit' }, unit: 'kit', components: [{ itemId: oil, quantityUnits: 1 }] });
  return { rice, oil, parcel, schoolKit };
}

/** A date `days` from today (UTC), as YYYY-MM-DD. */
export const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The answer's body, once its status is the one expected (the body is shown when it is not). */
export async function ok<T = Record<string, unknown>>(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

/** Asserts an error answer: status, code and the field it names. */
export function expectError(res: { statusCode: number; json(): unknown; body: string }, status: number, code: string, field?: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { error: { code: string; field?: string } };
  expect(body.error.code).toBe(code);
  if (field !== undefined) expect(body.error.field).toBe(field);
}
