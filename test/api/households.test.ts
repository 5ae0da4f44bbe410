import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymKey } from '../../src/domain/households/pseudonym.js';
import { buildApp } from '../../src/http/app.js';
import { operator } from '../../src/services/context.js';
import { registerHouseholds } from '../../src/services/households/households.js';
import { openTestApp, seedWorld, TEST_PSEUDONYM_SECRET, type TestApp, type World, testDeps } from '../helpers/app.js';
import { addOrganisation, DEIR_AL_BALAH, expectError, GAZA_STRIP, KHAN_YOUNIS, PALESTINE } from '../helpers/pipeline.js';

let t: TestApp;
let w: World;
let khanYounis: Awaited<ReturnType<typeof addOrganisation>>;

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  khanYounis = await addOrganisation(t, 'khanyounis', 'partner', 'Khan Younis Relief Committee');
});
afterAll(() => t.close());

const DOCUMENT = '401234567';
const persian = (digits: string) => digits.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
const arabic = (digits: string) => digits.replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);
const url = (orgId: string, rest = '') => `/api/organisations/${orgId}/households${rest}`;
const household = (over: Record<string, unknown> = {}) => ({
  documentNumber: persian(DOCUMENT),
  locationId: DEIR_AL_BALAH,
  memberCount: 7,
  childrenUnder5Count: 2,
  schoolAgeChildrenCount: 3,
  vulnerabilities: ['female_headed', 'displaced'],
  ...over,
});
const count = async () => (await t.store.query<{ n: number }>('select count(*)::int as n from households'))[0]!.n;

describe('households', () => {
  let registered: { id: string };

  it('registers a household with only what a distribution needs, and keeps the document as a keyed pseudonym', async () => {
    const res = await w.people.partner.field.call('POST', url(w.partner.id), household());
    expect(res.statusCode, res.body).toBe(201);
    registered = res.json();
    expect(Object.keys(registered).sort()).toEqual(
      ['alsoRegisteredWith', 'childrenUnder5Count', 'id', 'location', 'memberCount', 'organisationId', 'registeredAt', 'schoolAgeChildrenCount', 'updatedAt', 'vulnerabilities'].sort(),
    );
    expect(res.json()).toMatchObject({ memberCount: 7, location: { id: DEIR_AL_BALAH }, vulnerabilities: ['female_headed', 'displaced'], alsoRegisteredWith: [] });
    const [row] = await t.store.query<{ pseudonym_key: string }>('select pseudonym_key from households where id = $1', [registered.id]);
    expect(row!.pseudonym_key).toBe(pseudonymKey(TEST_PSEUDONYM_SECRET, DOCUMENT));
  });

  it('refuses the same document twice in one organisation, however it is typed', async () => {
    const before = await count();
    expectError(await w.people.partner.coordinator.call('POST', url(w.partner.id), household({ documentNumber: '401-234-567' })), 409, 'conflict', 'documentNumber');
    expect(await count()).toBe(before);
  });

  it('registers a family once when two devices send it at the same moment', async () => {
    const before = await count();
    const answers = await Promise.all(
      [w.people.partner.field, w.people.partner.coordinator].map((c) => c.call('POST', url(w.partner.id), household({ documentNumber: '909090909' }))),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(await count()).toBe(before + 1);
  });

  it('finds the household again by the document shown at a distribution', async () => {
    const found = await w.people.partner.field.call('POST', url(w.partner.id, '/lookup'), { documentNumber: arabic(DOCUMENT) });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().id).toBe(registered.id);
    expectError(await w.people.partner.field.call('POST', url(w.partner.id, '/lookup'), { documentNumber: '999999999' }), 404, 'not_found', 'documentNumber');
  });

  it('tells both partners when another registered the same document, and nothing else about the other household', async () => {
    const res = await khanYounis.people.field.call('POST', url(khanYounis.org.id), household({ documentNumber: DOCUMENT, locationId: KHAN_YOUNIS, memberCount: 3, childrenUnder5Count: 0, schoolAgeChildrenCount: 0 }));
    expect(res.statusCode, res.body).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.json().alsoRegisteredWith).toEqual([{ organisation: { id: w.partner.id, names: w.partner.names }, registeredOn: today }]);
    const mine = await w.people.partner.field.call('GET', url(w.partner.id, `/${registered.id}`));
    expect(mine.json().alsoRegisteredWith).toEqual([{ organisation: { id: khanYounis.org.id, names: khanYounis.org.names }, registeredOn: today }]);

    const other = await w.people.partner.field.call('POST', url(w.partner.id), household({ documentNumber: '802222222' }));
    const duplicates = await w.people.partner.coordinator.call('GET', url(w.partner.id, '?duplicates=true'));
    expect(duplicates.json().map((h: { id: string }) => h.id)).toEqual([registered.id]);
    const unique = await w.people.partner.coordinator.call('GET', url(w.partner.id, '?duplicates=false'));
    const uniqueIds = unique.json().map((h: { id: string }) => h.id);
    expect(uniqueIds).toContain(other.json().id);
    expect(uniqueIds).not.toContain(registered.id);
  });

  it('never stores the document number, in any table', async () => {
    const tables = await t.store.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
    expect(tables.length).toBeGreaterThan(10);
    for (const { table_name } of tables) {
      for (const form of [DOCUMENT, persian(DOCUMENT), arabic(DOCUMENT)]) {
        const [hit] = await t.store.query<{ n: number }>(`select count(*)::int as n from "${table_name}" x where row_to_json(x)::text like $1`, [`%${form}%`]);
        expect(hit!.n, `${table_name} holds the document number`).toBe(0);
      }
    }
  });

  it('never logs the document number, neither on success nor on refusal', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logged = await buildApp(testDeps(t.store), pino({ level: 'trace' }, sink));
    await logged.ready();
    const headers = { authorization: `Bearer ${w.people.partner.field.token}` };
    const number = '503333333';
    await logged.inject({ method: 'POST', url: url(w.partner.id), headers, payload: household({ documentNumber: number }) });
    await logged.inject({ method: 'POST', url: url(w.partner.id), headers, payload: household({ documentNumber: number }) });
    await logged.inject({ method: 'POST', url: url(w.partner.id), headers, payload: household({ documentNumber: number, memberCount: 'many' }) });
    await logged.inject({ method: 'POST', url: url(w.partner.id, '/lookup'), headers, payload: { documentNumber: number } });
    await logged.close();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(number);
  });

  it('changes size, place, flags and document, keeping the composition consistent', async () => {
    const res = await w.people.partner.field.call('PATCH', url(w.partner.id, `/${registered.id}`), { memberCount: 8, vulnerabilities: ['disability'], locationId: KHAN_YOUNIS });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ memberCount: 8, childrenUnder5Count: 2, vulnerabilities: ['disability'], location: { id: KHAN_YOUNIS } });
    const rekeyed = await w.people.partner.field.call('PATCH', url(w.partner.id, `/${registered.id}`), { documentNumber: '704444444' });
    expect(rekeyed.json().alsoRegisteredWith).toEqual([]);
    expect((await w.people.partner.field.call('POST', url(w.partner.id, '/lookup'), { documentNumber: '704444444' })).json().id).toBe(registered.id);
  });
});

describe('households are private to the registering partner', () => {
  it('refuses monitors, other organisations and roles without the permission', async () => {
    const list = url(w.partner.id);
    for (const caller of [w.people.partner.monitor, w.people.partner.warehouse, w.people.sending.coordinator, w.people.sending.monitor, khanYounis.people.coordinator]) {
      expectError(await caller.call('GET', list), 403, 'forbidden');
      expectError(await caller.call('POST', url(w.partner.id, '/lookup'), { documentNumber: DOCUMENT }), 403, 'forbidden');
    }
    expectError(await w.people.partner.monitor.call('POST', list, household({ documentNumber: '605555555' })), 403, 'forbidden');
    expectError(await w.anonymous.call('GET', list), 401, 'unauthenticated');
    // Another partner asking through its own organisation learns nothing of this one's household.
    const mine = (await w.people.partner.field.call('GET', list)).json()[0];
    expectError(await khanYounis.people.field.call('GET', url(khanYounis.org.id, `/${mine.id}`)), 404, 'not_found', 'householdId');
    expectError(await khanYounis.people.field.call('PATCH', url(khanYounis.org.id, `/${mine.id}`), { memberCount: 1 }), 404, 'not_found', 'householdId');
  });

  it('are registered by partner organisations only', async () => {
    expectError(await w.people.sending.coordinator.call('POST', url(w.sending.id), household({ documentNumber: '606666666' })), 403, 'forbidden', 'organisationId');
  });
});

describe('households: bad input is refused and changes nothing', () => {
  it('POST /api/organisations/:organisationId/households', async () => {
    const before = await count();
    const call = (body: unknown) => w.people.partner.field.call('POST', url(w.partner.id), body);
    const { documentNumber: _, ...withoutDocument } = household();
    expectError(await call(withoutDocument), 400, 'invalid_input', 'body.documentNumber');
    expectError(await call(household({ documentNumber: '12' })), 400, 'invalid_input', 'documentNumber');
    expectError(await call(household({ name: 'Ahmad' })), 400, 'invalid_input', 'body.name');
    expectError(await call(household({ vulnerabilities: ['poor'] })), 400, 'invalid_input', 'body.vulnerabilities.0');
    expectError(await call(household({ memberCount: 2, childrenUnder5Count: 2, schoolAgeChildrenCount: 1 })), 400, 'invalid_input', 'body.memberCount');
    expectError(await call(household({ documentNumber: '707777777', locationId: PALESTINE })), 422, 'rule_violated', 'locationId');
    expect(await count()).toBe(before);
  });

  it('PATCH /api/organisations/:organisationId/households/:householdId', async () => {
    const target = (await w.people.partner.field.call('GET', url(w.partner.id))).json()[0];
    const call = (body: unknown) => w.people.partner.field.call('PATCH', url(w.partner.id, `/${target.id}`), body);
    expectError(await call({ schoolAgeChildrenCount: 40 }), 422, 'rule_violated', 'memberCount');
    expectError(await call({ memberCount: 0 }), 400, 'invalid_input', 'body.memberCount');
    expectError(await call({ documentNumber: '802222222' }), 409, 'conflict', 'documentNumber');
    expect((await w.people.partner.field.call('GET', url(w.partner.id, `/${target.id}`))).json()).toEqual(target);
  });

  it('POST /api/organisations/:organisationId/households/lookup', async () => {
    expectError(await w.people.partner.field.call('POST', url(w.partner.id, '/lookup'), { documentNumber: DOCUMENT, memberCount: 2 }), 400, 'invalid_input', 'body.memberCount');
    expectError(await w.people.partner.field.call('POST', url(w.partner.id, '/lookup'), {}), 400, 'invalid_input', 'body.documentNumber');
  });

  it('GET /api/organisations/:organisationId/households and …/:householdId', async () => {
    expectError(await w.people.partner.field.call('GET', url(w.partner.id, '?duplicates=yes')), 400, 'invalid_input', 'querystring.duplicates');
    for (const code of ['HH-XYZ', 'HH-1A2', 'household 1', `${'a'.repeat(33)}`, '']) {
      expectError(await w.people.partner.field.call('GET', url(w.partner.id, `?code=${encodeURIComponent(code)}`)), 400, 'invalid_input', 'querystring.code');
    }
    expectError(await w.people.partner.field.call('GET', url(w.partner.id, '/123')), 400, 'invalid_input', 'params.householdId');
  });
});

describe('households by code', () => {
  it('finds a household by its code among more than a page of them, however the code is typed, and only the partner\'s own', async () => {
    const many = Array.from({ length: 1_200 }, (_, i) => ({ ...household({ documentNumber: `77${String(i).padStart(7, '0')}` }), vulnerabilities: [] }));
    const codes = await addOrganisation(t, 'codes', 'partner', 'Codes Relief Committee');
    const ids = await registerHouseholds({ db: t.store.db, actor: operator }, TEST_PSEUDONYM_SECRET, codes.org.id, many);
    // The last registered comes after the first page of 500, in registration order.
    const target = ids[ids.length - 1]!;
    const reference = `HH-${target.slice(0, 8).toUpperCase()}`;
    for (const code of [reference, reference.toLowerCase(), target.slice(0, 8), target, target.toUpperCase(), `hh${target.slice(0, 13)}`]) {
      const found = await codes.people.field.call('GET', url(codes.org.id, `?code=${encodeURIComponent(code)}`));
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().map((h: { id: string }) => h.id), code).toEqual([target]);
    }
    // A shorter start gives every household whose id begins with it, and no other.
    const short = target.slice(0, 4);
    const byPrefix = (await codes.people.field.call('GET', url(codes.org.id, `?code=${short}&limit=500`))).json() as { id: string }[];
    expect(byPrefix.map((h) => h.id).sort()).toEqual(ids.filter((id) => id.startsWith(short)).sort());
    // Another partner's household is not found by its code.
    const theirs = (await khanYounis.people.field.call('POST', url(khanYounis.org.id), household({ documentNumber: '611111111' }))).json() as { id: string };
    expect((await codes.people.field.call('GET', url(codes.org.id, `?code=${theirs.id.slice(0, 8)}`))).json()).toEqual([]);
  });

  it('filters by a place and everything under it: the Gaza Strip finds households of Deir al-Balah and Khan Younis', async () => {
    const places = await addOrganisation(t, 'places', 'partner', 'Places Relief Committee');
    const there = async (documentNumber: string, locationId: string) =>
      ((await places.people.field.call('POST', url(places.org.id), household({ documentNumber, locationId }))).json() as { id: string }).id;
    const deir = await there('501000001', DEIR_AL_BALAH);
    const khan = await there('501000002', KHAN_YOUNIS);
    const found = async (locationId: string) =>
      ((await places.people.field.call('GET', url(places.org.id, `?locationId=${locationId}`))).json() as { id: string }[]).map((h) => h.id).sort();
    expect(await found(GAZA_STRIP)).toEqual([deir, khan].sort());
    expect(await found(DEIR_AL_BALAH)).toEqual([deir]);
    expect(await found(KHAN_YOUNIS)).toEqual([khan]);
  });
});
