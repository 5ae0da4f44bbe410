import { describe, expect, it } from 'vitest';
import { foldForSearch, matchesSearch } from '../../web/src/i18n/fold.js';

describe('searching the catalogue in any script (item and kit pickers)', () => {
  it('finds a name typed with the Arabic or the Persian keyboard, and digits in any script', () => {
    const parcel = ['KIT-FOOD-FAMILY', 'Family food parcel', 'سبد غذای خانواده', 'طرد غذائي عائلي'];
    expect(matchesSearch('غذاي', parcel)).toBe(true); // Arabic yeh finds the Persian name
    expect(matchesSearch('غذائی', parcel)).toBe(true); // Persian yeh after hamza finds the Arabic one
    expect(matchesSearch('food parcel', parcel)).toBe(true);
    expect(matchesSearch('kit-food', parcel)).toBe(true);
    expect(matchesSearch('rice', parcel)).toBe(false);
    const rice = ['FOOD-RICE-1KG', 'Rice, 1 kg bag', 'برنج، کیسه ۱ کیلویی', 'أرز، كيس ١ كغ'];
    expect(matchesSearch('کیسه 1', rice)).toBe(true);
    expect(matchesSearch('ارز', rice)).toBe(true); // without the hamza
    expect(matchesSearch('١KG', rice)).toBe(true);
  });

  it('drops diacritics, tatweel and zero-width joiners', () => {
    expect(foldForSearch('آموکسی‌سیلین')).toBe(foldForSearch('اموکسیسیلین'));
    expect(foldForSearch('عـــدس')).toBe('عدس');
    expect(foldForSearch('مُرسَلة')).toBe(foldForSearch('مرسله'));
    expect(foldForSearch('Café')).toBe('cafe');
  });
});
