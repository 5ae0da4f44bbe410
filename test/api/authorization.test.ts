import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/domain/access.js';
import { ItemInput } from '../../src/domain/catalogue.js';
import { createToken } from '../../src/services/auth/tokens.js';
import { operator } from '../../src/services/context.js';
import { addMember } from '../../src/services/members.js';
import { createItem } from '../../src/services/catalogue.js';
import { createLocation } from '../../src/services/locations.js';
import { resetPassword } from '../../src/services/users.js';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { openTestApp, seedWorld, TEST_PASSWORD, type Caller, type Method, type TestApp, type World } from '../helpers/app.js';

/**
 * Walks every route × every role × own/other organisation and checks the answer: 2xx where the
 * role may act, 403 where it may not, 401 for nobody signed in. The expectations are written here,
 * by hand, independently of the access declarations in the code; a route missing from this table
 * fails the test, so a new route cannot ship without someone deciding who may call it.
 */

type Org = World['sending'];
interface Request {
  url: string;
  body?: unknown;
}
interface Case {
  /** Builds a valid request for `caller` aimed at organisation `target` (setting up fixtures it consumes). */
  request(w: World, target: Org, caller: Caller): Promise<Request> | Request;
  /** Who may: 'public' (anyone), 'signed-in' (everyone signed in), or the roles allowed in their own / another organisation. */
  may: 'public' | 'signed-in' | { own: readonly Role[]; other: readonly Role[] };
  /** The success status when it is not simply 2xx (e.g. setup once done answers 409 to everyone). */
  success?: number;
}

const none: readonly Role[] = [];
const admins: readonly Role[] = ['admin'];
const managers: readonly Role[] = ['admin', 'coordinator'];

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`;

let t: TestApp;
let w: World;
let plainItemId: string;
let kitId: string;

async function freshMember(target: Org): Promise<string> {
  const ctx = { db: t.store.db, actor: operator };
  const { member } = await addMember(ctx, target.id, { email: `${unique('m')}@member.test`.toLowerCase(), role: 'field', displayName: 'Temp' });
  return member.userId;
}

async function siteOf(target: Org): Promise<string> {
  const site = await createLocation(
    { db: t.store.db, actor: operator },
    { level: 'site', siteKind: 'warehouse', parentId: referenceLocationId('PS0265'), names: { en: unique('Site ') }, organisationId: target.id },
  );
  return site.id;
}

const itemBody = () => ({
  code: unique('IT-'),
  names: { en: 'Wheat flour 25 kg', fa: 'آرد گندم ۲۵ کیلوگرمی', ar: 'طحين القمح ٢٥ كغ' },
  sector: 'food_security',
  unit: 'sack',
  weightKgPerUnit: 25,
  volumeM3PerUnit: 0.04,
  shelfLifeDays: 365,
});

const cases: Record<string, Case> = {
  'POST /api/setup': {
    may: 'public',
    success: 409,
    request: () => ({ url: '/api/setup', body: { setupToken: 'x', email: 'late@karvan.test', displayName: 'Late', password: 'a long password' } }),
  },
  'POST /api/auth/sign-in': {
    may: 'public',
    request: () => ({ url: '/api/auth/sign-in', body: { email: 'field@partner.test', password: TEST_PASSWORD } }),
  },
  'POST /api/auth/sign-out': { may: 'public', request: () => ({ url: '/api/auth/sign-out' }) },
  'GET /api/me': { may: 'signed-in', request: () => ({ url: '/api/me' }) },
  'POST /api/me/password': {
    may: 'signed-in',
    request: async (_w, _target, caller) => {
      const email = (await caller.call('GET', '/api/me')).json()?.email as string | undefined;
      if (email) await resetPassword(t.store.db, email, TEST_PASSWORD, false);
      return { url: '/api/me/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'another long password' } };
    },
  },
  'GET /api/me/tokens': { may: 'signed-in', request: () => ({ url: '/api/me/tokens' }) },
  'POST /api/me/tokens': { may: 'signed-in', request: () => ({ url: '/api/me/tokens', body: { name: 'phone' } }) },
  'DELETE /api/me/tokens/:tokenId': {
    may: 'signed-in',
    request: async (_w, _target, caller) => {
      const token = caller.userId ? await createToken(t.store.db, caller.userId, { name: 'to revoke' }) : { id: '00000000-0000-4000-8000-000000000000' };
      return { url: `/api/me/tokens/${token.id}` };
    },
  },
  'GET /api/organisations': { may: 'signed-in', request: () => ({ url: '/api/organisations' }) },
  'POST /api/organisations': {
    may: { own: none, other: none },
    request: () => ({ url: '/api/organisations', body: { kind: 'donor', names: { en: unique('Donor ') }, country: 'IR' } }),
  },
  'GET /api/organisations/:organisationId': { may: 'signed-in', request: (_w, target) => ({ url: `/api/organisations/${target.id}` }) },
  'PATCH /api/organisations/:organisationId': {
    may: { own: admins, other: none },
    request: (_w, target) => ({ url: `/api/organisations/${target.id}`, body: { contacts: [{ name: 'Duty officer', phone: '+970 8 123 4567' }] } }),
  },
  'GET /api/organisations/:organisationId/members': {
    may: { own: managers, other: none },
    request: (_w, target) => ({ url: `/api/organisations/${target.id}/members` }),
  },
  'POST /api/organisations/:organisationId/members': {
    may: { own: admins, other: none },
    request: (_w, target) => ({
      url: `/api/organisations/${target.id}/members`,
      body: { email: `${unique('n')}@new.test`.toLowerCase(), displayName: 'New person', role: 'warehouse' },
    }),
  },
  'PATCH /api/organisations/:organisationId/members/:userId': {
    may: { own: admins, other: none },
    request: async (_w, target) => ({ url: `/api/organisations/${target.id}/members/${await freshMember(target)}`, body: { role: 'coordinator' } }),
  },
  'DELETE /api/organisations/:organisationId/members/:userId': {
    may: { own: admins, other: none },
    request: async (_w, target) => ({ url: `/api/organisations/${target.id}/members/${await freshMember(target)}` }),
  },
  'GET /api/locations': { may: 'signed-in', request: () => ({ url: `/api/locations?parentId=${referenceLocationId('PS02')}` }) },
  'GET /api/locations/:locationId': { may: 'signed-in', request: () => ({ url: `/api/locations/${referenceLocationId('PS0270')}` }) },
  'POST /api/locations': {
    may: { own: managers, other: none },
    request: (_w, target) => ({
      url: '/api/locations',
      body: { level: 'site', siteKind: 'distribution_point', parentId: referenceLocationId('PS0270'), names: { en: unique('Point ') }, organisationId: target.id },
    }),
  },
  'PATCH /api/locations/:locationId': {
    may: { own: managers, other: none },
    request: async (_w, target) => ({ url: `/api/locations/${await siteOf(target)}`, body: { latitude: 31.4, longitude: 34.35 } }),
  },
  'GET /api/items': { may: 'signed-in', request: () => ({ url: '/api/items?sector=food_security' }) },
  'GET /api/items/:itemId': { may: 'signed-in', request: () => ({ url: `/api/items/${plainItemId}` }) },
  'POST /api/items': { may: { own: managers, other: managers }, request: () => ({ url: '/api/items', body: itemBody() }) },
  'PATCH /api/items/:itemId': {
    may: { own: managers, other: managers },
    request: () => ({ url: `/api/items/${plainItemId}`, body: { shelfLifeDays: 300 } }),
  },
  'PUT /api/items/:itemId/components': {
    may: { own: managers, other: managers },
    request: () => ({ url: `/api/items/${kitId}/components`, body: { components: [{ itemId: plainItemId, quantityUnits: 2 }] } }),
  },
};

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  const ctx = { db: t.store.db, actor: operator };
  plainItemId = (await createItem(ctx, ItemInput.parse(itemBody()))).id;
  kitId = (await createItem(ctx, ItemInput.parse({ ...itemBody(), components: [{ itemId: plainItemId, quantityUnits: 1 }] }))).id;
});
afterAll(() => t.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const isUndocumented = (url: string) => url.startsWith('/api/docs') || url === '/api/openapi.json';

describe('authorization matrix', () => {
  it('has an expectation for every route the server declares, and no stale ones', () => {
    const declared = t.app.declaredRoutes.filter((r) => !isUndocumented(r.url)).map(key);
    expect(declared.filter((k) => !(k in cases)), 'routes without an entry in this table').toEqual([]);
    expect(Object.keys(cases).filter((k) => !declared.includes(k)), 'entries for routes that no longer exist').toEqual([]);
  });

  function expected(c: Case, role: Role | 'anonymous' | 'instanceAdmin', own: boolean): 'ok' | 401 | 403 {
    if (c.may === 'public') return 'ok';
    if (role === 'anonymous') return 401;
    if (role === 'instanceAdmin' || c.may === 'signed-in') return 'ok';
    return (own ? c.may.own : c.may.other).includes(role) ? 'ok' : 403;
  }

  async function check(name: string, c: Case, who: Role | 'anonymous' | 'instanceAdmin', caller: Caller, own: boolean) {
    const [method] = name.split(' ') as [Method];
    const target = own ? w.sending : w.partner;
    const { url, body } = await c.request(w, target, caller);
    const res = await caller.call(method, url, body);
    const want = expected(c, who, own);
    const label = `${name} as ${who} on ${own ? 'own' : 'other'} organisation → ${res.statusCode} ${res.body.slice(0, 200)}`;
    if (want === 'ok') {
      if (c.success) expect(res.statusCode, label).toBe(c.success);
      else expect(res.statusCode >= 200 && res.statusCode < 300, label).toBe(true);
    } else {
      expect(res.statusCode, label).toBe(want);
    }
  }

  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      await check(name, c, 'anonymous', w.anonymous, true);
      await check(name, c, 'instanceAdmin', w.admin, false);
      for (const role of roles) {
        await check(name, c, role, w.people.sending[role], true);
        await check(name, c, role, w.people.sending[role], false);
      }
    });
  }
});
