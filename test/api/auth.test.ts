import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { issueSetupToken } from '../../src/services/auth/setup.js';
import { openTestApp, seedWorld, TEST_PASSWORD, testDeps, type TestApp, type World } from '../helpers/app.js';
import { createTestDatabase, openTestStore } from '../helpers/db.js';
import { openPostgres } from '../../src/db/client.js';
import { createInstanceAdmin } from '../../src/services/users.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
});
afterAll(() => t.close());

const signIn = (email: string, password: string, ip = '203.0.113.7') =>
  t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, remoteAddress: ip });

const cookieOf = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === 'karvan_session')!;

describe('browser sessions', () => {
  it('sign-in sets an HTTP-only, SameSite session cookie that identifies the user until sign-out', async () => {
    const res = await signIn('coordinator@sending.test', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'karvan_session') as Record<string, unknown>;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    const headers = { cookie: `karvan_session=${cookie.value as string}` };

    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: 'coordinator@sending.test', memberships: [{ role: 'coordinator', organisationId: w.sending.id }] });

    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });

  it('a wrong password and an unknown e-mail get the same answer', async () => {
    const wrong = await signIn('field@sending.test', 'not the password', '198.51.100.1');
    const unknown = await signIn('nobody@sending.test', 'not the password', '198.51.100.1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('locks an account after five failed sign-ins, even against the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('warehouse@partner.test', `guess ${i}`, `192.0.2.${i}`)).statusCode).toBe(401);
    const locked = await signIn('warehouse@partner.test', TEST_PASSWORD, '192.0.2.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/try again in \d+ minute/);
    // Other accounts are not affected.
    expect((await signIn('warehouse@sending.test', TEST_PASSWORD, '192.0.2.99')).statusCode).toBe(200);
  });

  it('locks a client address that tries many accounts', async () => {
    for (let i = 0; i < 30; i++) await signIn(`spray${i}@nowhere.test`, 'password guess', '203.0.113.250');
    expect((await signIn('monitor@partner.test', TEST_PASSWORD, '203.0.113.250')).statusCode).toBe(429);
    expect((await signIn('monitor@partner.test', TEST_PASSWORD, '203.0.113.251')).statusCode).toBe(200);
  });

  it('changing the password ends the other sessions, keeps this one, and the new password works', async () => {
    const first = cookieOf(await signIn('field@partner.test', TEST_PASSWORD, '203.0.113.20'));
    const second = cookieOf(await signIn('field@partner.test', TEST_PASSWORD, '203.0.113.21'));
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: { cookie: `karvan_session=${second.value}` },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'olive trees of Deir al-Balah' },
    });
    expect(change.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `karvan_session=${first.value}` } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `karvan_session=${second.value}` } })).statusCode).toBe(200);
    expect((await signIn('field@partner.test', TEST_PASSWORD, '203.0.113.22')).statusCode).toBe(401);
    expect((await signIn('field@partner.test', 'olive trees of Deir al-Balah', '203.0.113.22')).statusCode).toBe(200);
  });

  it('refuses a wrong current password with a field-level error', async () => {
    const res = await w.people.sending.field.call('POST', '/api/me/password', { currentPassword: 'wrong one', newPassword: 'a new long password' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('currentPassword');
  });
});

describe('API tokens', () => {
  it('shows the secret once, lists without it, works as a bearer token, and stops working when revoked', async () => {
    const owner = w.people.partner.coordinator;
    const created = await owner.call('POST', '/api/me/tokens', { name: 'tablet at Khan Younis site 3', expiresInDays: 90 });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    expect(token).toMatch(/^kvn_/);

    const list = await owner.call('GET', '/api/me/tokens');
    expect(list.json().find((x: { id: string }) => x.id === id)).toMatchObject({ name: 'tablet at Khan Younis site 3', revokedAt: null });
    expect(list.body).not.toContain(token);

    const asToken = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(asToken.json().email).toBe('coordinator@partner.test');

    expect((await owner.call('DELETE', `/api/me/tokens/${id}`)).statusCode).toBe(204);
    const revoked = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('unauthenticated');
  });

  it("one person cannot revoke another person's token", async () => {
    const created = await w.people.partner.field.call('POST', '/api/me/tokens', { name: 'mine' });
    const res = await w.people.partner.admin.call('DELETE', `/api/me/tokens/${created.json().id}`);
    expect(res.statusCode).toBe(404);
  });
});

describe('organisation privacy and roles', () => {
  it("an organisation's members are invisible to another organisation's administrator", async () => {
    const res = await w.people.sending.admin.call('GET', `/api/organisations/${w.partner.id}/members`);
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('@partner.test');
  });

  it('an administrator adds a person who gets a one-time password and must change it', async () => {
    const res = await w.people.partner.admin.call('POST', `/api/organisations/${w.partner.id}/members`, {
      email: 'Amal@Partner.test',
      displayName: 'أمل',
      role: 'field',
    });
    expect(res.statusCode).toBe(201);
    const { temporaryPassword, member } = res.json();
    expect(member).toMatchObject({ email: 'amal@partner.test', role: 'field' });
    const signedIn = await signIn('amal@partner.test', temporaryPassword, '203.0.113.40');
    expect(signedIn.json().user.mustChangePassword).toBe(true);
  });

  it('keeps at least one administrator in an organisation', async () => {
    const adminId = w.people.sending.admin.userId!;
    const res = await w.admin.call('PATCH', `/api/organisations/${w.sending.id}/members/${adminId}`, { role: 'field' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/last administrator/);
  });
});

describe('first-time setup', () => {
  it('creates the first administrator with the one-time token, once', async () => {
    const store = await openTestStore();
    const app = await buildApp(testDeps(store, 1));
    try {
      const token = await issueSetupToken(store.db);
      expect(token).toMatch(/^kvsetup_/);
      const body = { email: 'first@karvan.test', displayName: 'First', password: 'a long first password' };
      const wrong = await app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, setupToken: 'kvsetup_wrong' } });
      expect(wrong.statusCode).toBe(401);
      const ok = await app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, setupToken: token } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().isInstanceAdmin).toBe(true);
      const again = await app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, email: 'second@karvan.test', setupToken: token } });
      expect(again.statusCode).toBe(409);
      expect(await issueSetupToken(store.db)).toBeNull();
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('request logs', () => {
  it('writes one structured line per request with its request id, and no secrets', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = await buildApp(testDeps(t.store, 1), pino({ level: 'info' }, sink));
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: 'admin@partner.test', password: TEST_PASSWORD },
        remoteAddress: '203.0.113.60',
      });
      const requestId = res.headers['x-request-id'];
      const cookie = cookieOf(res).value;
      await new Promise((r) => setImmediate(r));
      const mine = lines.filter((l) => l.reqId === requestId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ method: 'POST', url: '/api/auth/sign-in', status: 200 });
      const everything = JSON.stringify(lines);
      expect(everything).not.toContain(TEST_PASSWORD);
      expect(everything).not.toContain(cookie);
    } finally {
      await app.close();
    }
  });
});

describe('several server processes on one database', () => {
  it('a session opened through one process is honoured, and ended, through another', async () => {
    // A second app with its own connection pool stands for a second process: sessions live in
    // the database, not in process memory.
    const database = await createTestDatabase();
    const first = database ? await openPostgres(database.url, 2) : t.store;
    const second = database ? await openPostgres(database.url, 2) : t.store;
    const [a, b] = [await buildApp(testDeps(first, 1)), await buildApp(testDeps(second, 1))];
    try {
      if (database) await createInstanceAdmin(first.db, { email: 'shared@karvan.test', displayName: 'Shared', password: TEST_PASSWORD });
      const email = database ? 'shared@karvan.test' : 'admin@sending.test';
      const signedIn = await a.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: TEST_PASSWORD }, remoteAddress: '203.0.113.80' });
      const headers = { cookie: `karvan_session=${cookieOf(signedIn).value}` };
      expect((await b.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
      await b.inject({ method: 'POST', url: '/api/auth/sign-out', headers });
      expect((await a.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
    } finally {
      await a.close();
      await b.close();
      if (database) {
        await first.close();
        await second.close();
        await database.drop();
      }
    }
  });
});
