import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
});
afterAll(() => t.close());

describe('health', () => {
  it('reports the database reachable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'reachable' });
  });
});

describe('organisations', () => {
  it('an instance admin registers an organisation with names in three scripts', async () => {
    const res = await w.admin.call('POST', '/api/organisations', {
      kind: 'donor',
      names: { en: 'Isfahan Bazaar Donors', fa: 'خیرین بازار اصفهان', ar: 'متبرعو بازار أصفهان' },
      country: 'IR',
      contacts: [{ name: 'Maryam', email: 'maryam@example.org', phone: '+98 31 1234 5678' }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().names.fa).toBe('خیرین بازار اصفهان');
    const list = await w.people.partner.field.call('GET', '/api/organisations?kind=donor');
    expect(list.json().map((o: { id: string }) => o.id)).toContain(res.json().id);
  });
});
