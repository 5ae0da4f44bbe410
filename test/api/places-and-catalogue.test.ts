import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
});
afterAll(() => t.close());

describe('locations', () => {
  it('ships the Gaza Strip with its five governorates and their OCHA P-codes', async () => {
    const res = await w.people.partner.field.call('GET', `/api/locations?parentId=${referenceLocationId('PS02')}`);
    const governorates = res.json() as { pcode: string; level: string; names: { ar: string } }[];
    expect(governorates.map((g) => g.pcode).sort()).toEqual(['PS0255', 'PS0260', 'PS0265', 'PS0270', 'PS0275']);
    expect(governorates.every((g) => g.level === 'admin2')).toBe(true);
    expect(governorates.find((g) => g.pcode === 'PS0270')!.names.ar).toBe('خان يونس');
  });

  it('ships Isfahan province under Iran', async () => {
    const res = await w.people.sending.field.call('GET', `/api/locations/${referenceLocationId('IR-10')}`);
    expect(res.json()).toMatchObject({ level: 'admin1', isoCode: 'IR-10', country: 'IR', parentId: referenceLocationId('IR'), names: { fa: 'استان اصفهان' } });
  });

  it('a coordinator adds a warehouse site run by their organisation, found by a Persian search', async () => {
    const res = await w.people.sending.coordinator.call('POST', '/api/locations', {
      level: 'site',
      siteKind: 'warehouse',
      parentId: referenceLocationId('IR-10'),
      names: { en: 'Isfahan central warehouse', fa: 'انبار مرکزی اصفهان' },
      latitude: 32.63,
      longitude: 51.66,
      organisationId: w.sending.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ country: 'IR', siteKind: 'warehouse', organisationId: w.sending.id });
    const found = await w.people.partner.monitor.call('GET', `/api/locations?q=${encodeURIComponent('انبار مرکزی')}`);
    expect(found.json().map((l: { id: string }) => l.id)).toEqual([res.json().id]);
  });

  it("refuses a site for another organisation, and a P-code that exists already", async () => {
    const other = await w.people.sending.coordinator.call('POST', '/api/locations', {
      level: 'site',
      siteKind: 'distribution_point',
      parentId: referenceLocationId('PS0265'),
      names: { en: 'Somebody else’s point' },
      organisationId: w.partner.id,
    });
    expect(other.statusCode).toBe(403);
    const duplicate = await w.admin.call('POST', '/api/locations', { level: 'admin2', parentId: referenceLocationId('PS02'), names: { en: 'Rafah again' }, pcode: 'PS0275' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.field).toBe('pcode');
  });

  it('a site needs a kind, and only sites have one', async () => {
    const noKind = await w.admin.call('POST', '/api/locations', { level: 'site', parentId: referenceLocationId('PS0265'), names: { en: 'x' } });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().error.field).toBe('body.siteKind');
  });
});

describe('catalogue', () => {
  const flour = {
    code: 'FOOD-FLOUR-25',
    names: { en: 'Wheat flour, 25 kg sack', fa: 'آرد گندم، کیسه ۲۵ کیلوگرمی', ar: 'طحين قمح، كيس ٢٥ كغ' },
    sector: 'food_security',
    unit: 'sack',
    weightKgPerUnit: 25,
    volumeM3PerUnit: 0.04,
    shelfLifeDays: 365,
    kcalPerUnit: 91_000,
  };

  it('adds items and a kit made of them, with units, weights and flags', async () => {
    const coordinator = w.people.sending.coordinator;
    const a = (await coordinator.call('POST', '/api/items', flour)).json();
    const oil = (
      await coordinator.call('POST', '/api/items', {
        code: 'FOOD-OIL-1L',
        names: { en: 'Vegetable oil, 1 L' },
        sector: 'food_security',
        unit: 'bottle',
        packSizeUnits: 12,
        weightKgPerUnit: 0.92,
        volumeM3PerUnit: 0.0012,
        shelfLifeDays: 540,
      })
    ).json();
    expect(a).toMatchObject({ isKit: false, packSizeUnits: 1, coldChain: false, dualUse: false, components: [] });
    const kit = await coordinator.call('POST', '/api/items', {
      code: 'KIT-FOOD-FAMILY',
      names: { en: 'Family food parcel' },
      sector: 'food_security',
      unit: 'parcel',
      weightKgPerUnit: 30,
      volumeM3PerUnit: 0.06,
      components: [
        { itemId: a.id, quantityUnits: 1 },
        { itemId: oil.id, quantityUnits: 4 },
      ],
    });
    expect(kit.statusCode).toBe(201);
    expect(kit.json()).toMatchObject({ isKit: true, components: [{ quantityUnits: expect.any(Number) }, { quantityUnits: expect.any(Number) }] });

    const kits = await w.people.partner.field.call('GET', '/api/items?kits=true');
    expect(kits.json().map((i: { code: string }) => i.code)).toEqual(['KIT-FOOD-FAMILY']);

    // A kit cannot be a component of another kit: bills of materials stay one level deep.
    const nested = await coordinator.call('POST', '/api/items', {
      ...flour,
      code: 'KIT-NESTED',
      components: [{ itemId: kit.json().id, quantityUnits: 1 }],
    });
    expect(nested.statusCode).toBe(422);
    expect(nested.json().error.field).toBe('components.0.itemId');
  });

  it('refuses a duplicate code, and an unknown component', async () => {
    const dup = await w.admin.call('POST', '/api/items', flour);
    expect(dup.statusCode).toBe(409);
    const unknown = await w.admin.call('POST', '/api/items', {
      ...flour,
      code: 'KIT-GHOST',
      components: [{ itemId: '3d8c1f0e-0000-4000-8000-000000000000', quantityUnits: 1 }],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.field).toBe('components.0.itemId');
  });

  it('warehouse, field and monitor roles read the catalogue but do not write it', async () => {
    for (const role of ['warehouse', 'field', 'monitor'] as const) {
      expect((await w.people.partner[role].call('GET', '/api/items')).statusCode).toBe(200);
      expect((await w.people.partner[role].call('POST', '/api/items', { ...flour, code: `X-${role.toUpperCase()}` })).statusCode).toBe(403);
    }
  });
});
