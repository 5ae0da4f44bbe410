import { describe, expect, it } from 'vitest';
import { demoItems, demoKits, FOOD_PARCEL_DAYS, FOOD_PARCEL_PEOPLE, kitTotals, SPHERE_KCAL_PER_PERSON_DAY } from '../../src/demo/catalogue.js';
import { ItemInput } from '../../src/domain/catalogue.js';

describe('the demo catalogue', () => {
  it('has about forty items and three kits, each valid catalogue input with names in three scripts', () => {
    expect(demoItems.length).toBeGreaterThanOrEqual(38);
    expect(demoKits).toHaveLength(3);
    for (const item of demoItems) expect(() => ItemInput.parse(item)).not.toThrow();
    expect(new Set(demoItems.map((i) => i.code)).size).toBe(demoItems.length);
  });

  it("sizes the family food parcel on Sphere's 2,100 kcal per person per day, and one person can still carry it", () => {
    const parcel = kitTotals(demoKits.find((k) => k.code === 'KIT-FOOD-FAMILY')!);
    expect(parcel.kcal).toBeGreaterThanOrEqual(FOOD_PARCEL_PEOPLE * FOOD_PARCEL_DAYS * SPHERE_KCAL_PER_PERSON_DAY);
    expect(parcel.kcal).toBeLessThan(1.1 * FOOD_PARCEL_PEOPLE * FOOD_PARCEL_DAYS * SPHERE_KCAL_PER_PERSON_DAY);
    // PAHO: parcels of 25–50 kg, what one person can carry.
    expect(parcel.weightKg).toBeLessThanOrEqual(50);
  });
});
