import { ItemInput } from '../../src/domain/catalogue.js';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { createItem } from '../../src/services/catalogue.js';
import { operator } from '../../src/services/context.js';
import { createLocation } from '../../src/services/locations.js';
import type { World } from './app.js';
import type { WebServer } from './browser.js';

/**
 * A small, plausible catalogue (names in three scripts) and two sites of the partner in Deir
 * al-Balah, for browser tests and screenshots that show what people will see.
 */
export async function seedCatalogue(server: WebServer, world: World) {
  const ctx = { db: server.store.db, actor: operator };
  const item = (code: string, names: ItemInput['names'], sector: ItemInput['sector'], unit: string, weightKgPerUnit: number, extra: Partial<ItemInput> = {}) =>
    createItem(ctx, ItemInput.parse({ code, names, sector, unit, weightKgPerUnit, volumeM3PerUnit: 0.002, ...extra }));
  const rice = await item('FOOD-RICE-1KG', { en: 'Rice, 1 kg bag', fa: 'برنج، کیسه ۱ کیلویی', ar: 'أرز، كيس ١ كغ' }, 'food_security', 'bag', 1, { shelfLifeDays: 540 });
  const lentils = await item('FOOD-LENTIL-1KG', { en: 'Red lentils, 1 kg', fa: 'عدس قرمز، ۱ کیلو', ar: 'عدس أحمر، ١ كغ' }, 'food_security', 'bag', 1);
  const oil = await item('FOOD-OIL-1L', { en: 'Sunflower oil, 1 l', fa: 'روغن آفتابگردان، ۱ لیتر', ar: 'زيت دوار الشمس، ١ لتر' }, 'food_security', 'bottle', 0.95);
  const amoxicillin = await item(
    'MED-AMOX-500',
    { en: 'Amoxicillin 500 mg, box of 100', fa: 'آموکسی‌سیلین ۵۰۰ میلی‌گرم، جعبه ۱۰۰ تایی', ar: 'أموكسيسيلين ٥٠٠ ملغ، علبة ١٠٠' },
    'health',
    'box',
    0.2,
    { packSizeUnits: 50 },
  );
  await item('MED-INSULIN-10ML', { en: 'Insulin, 10 ml vial', fa: 'انسولین، ویال ۱۰ میلی‌لیتری', ar: 'إنسولين، قارورة ١٠ مل' }, 'health', 'vial', 0.03, { coldChain: true });
  const schoolKit = await item('EDU-SCHOOL-KIT', { en: 'School kit, primary', fa: 'بسته مدرسه، دبستان', ar: 'حقيبة مدرسية، ابتدائي' }, 'education', 'kit', 1.2);
  const parcel = await item('KIT-FOOD-FAMILY', { en: 'Family food parcel', fa: 'سبد غذای خانواده', ar: 'طرد غذائي عائلي' }, 'food_security', 'parcel', 15, {
    components: [
      { itemId: rice.id, quantityUnits: 10 },
      { itemId: lentils.id, quantityUnits: 3 },
      { itemId: oil.id, quantityUnits: 2 },
    ],
  });
  await createLocation(ctx, {
    level: 'site',
    siteKind: 'warehouse',
    parentId: referenceLocationId('PS0265'),
    names: { en: 'Deir al-Balah community kitchen store', ar: 'مخزن مطبخ دير البلح المجتمعي' },
    organisationId: world.partner.id,
  });
  const distributionPoint = await createLocation(ctx, {
    level: 'site',
    siteKind: 'distribution_point',
    parentId: referenceLocationId('PS0265'),
    names: { en: 'Al-Bureij distribution point', ar: 'نقطة توزيع البريج' },
    organisationId: world.partner.id,
  });
  return { rice, lentils, oil, amoxicillin, schoolKit, parcel, distributionPoint };
}
