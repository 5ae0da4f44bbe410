import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App, type Deps } from '../../src/http/app.js';
import type { Store } from '../../src/db/client.js';
import { roles, type Role } from '../../src/domain/access.js';
import { createToken } from '../../src/services/auth/tokens.js';
import { createOrganisation } from '../../src/services/organisations.js';
import { operator } from '../../src/services/context.js';
import { createInstanceAdmin, insertUser } from '../../src/services/users.js';
import { memberships } from '../../src/db/schema/index.js';
import { openTestStore } from './db.js';

export interface TestApp {
  app: App;
  store: Store;
  close(): Promise<void>;
}

/** The households' pseudonym key in tests: fixed, so a test can compute the key it expects. */
export const TEST_PSEUDONYM_SECRET = Buffer.alloc(32, 0x4b);

/** What buildApp needs in tests: the store, short sessions, and fixed test secrets. */
export const testDeps = (store: Store, sessionTtlHours = 12): Deps => ({
  store,
  config: { secureCookies: false, sessionTtlHours },
  secrets: { pseudonymSecret: TEST_PSEUDONYM_SECRET },
});

export async function openTestApp(): Promise<TestApp> {
  const store = await openTestStore();
  const app = await buildApp(testDeps(store));
  await app.ready();
  return {
    app,
    store,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A caller: who they are (a bearer token, or nobody) and a way to call the API as them. */
export interface Caller {
  userId: string | null;
  token: string | null;
  call(method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export function callerFor(app: App, token: string | null, userId: string | null = null): Caller {
  return {
    userId,
    token,
    call: (method, url, body) =>
      app.inject({
        method,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

export const TEST_PASSWORD = 'correct horse battery';

/**
 * Two organisations (a sending group in Isfahan and a partner in Deir al-Balah), one person in
 * each role in each, and an instance administrator — each with an API token.
 */
export async function seedWorld(t: TestApp) {
  const ctx = { db: t.store.db, actor: operator };
  const admin = await createInstanceAdmin(t.store.db, { email: 'root@karvan.test', displayName: 'Instance admin', password: TEST_PASSWORD });
  const sending = await createOrganisation(ctx, {
    kind: 'sending',
    names: { en: 'Isfahan Relief Circle', fa: 'حلقه امداد اصفهان' },
    country: 'IR',
    contacts: [],
  });
  const partner = await createOrganisation(ctx, {
    kind: 'partner',
    names: { en: 'Deir al-Balah Community Kitchen', ar: 'مطبخ دير البلح المجتمعي' },
    country: 'PS',
    contacts: [],
  });
  const people: Record<'sending' | 'partner', Record<Role, Caller>> = { sending: {} as Record<Role, Caller>, partner: {} as Record<Role, Caller> };
  for (const [key, org] of [['sending', sending], ['partner', partner]] as const) {
    for (const role of roles) {
      const userId = await insertUser(t.store.db, { email: `${role}@${key}.test`, displayName: `${role} of ${key}`, password: TEST_PASSWORD });
      await t.store.db.insert(memberships).values({ userId, organisationId: org.id, role });
      const { token } = await createToken(t.store.db, userId, { name: 'test' });
      people[key][role] = callerFor(t.app, token, userId);
    }
  }
  const { token: adminToken } = await createToken(t.store.db, admin.id, { name: 'test' });
  return {
    sending,
    partner,
    people,
    admin: callerFor(t.app, adminToken, admin.id),
    anonymous: callerFor(t.app, null),
  };
}
export type World = Awaited<ReturnType<typeof seedWorld>>;
