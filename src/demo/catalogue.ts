import type { Sector } from '../domain/catalogue.js';
import type { Names } from '../domain/names.js';

/**
 * The demo catalogue: what civic groups in Isfahan actually collect for partners in Gaza. Energy
 * values are per unit as packed (WFP food composition tables, rounded), so the family food parcel
 * can state how many person-days it feeds at Sphere's 2,100 kcal per person per day.
 */
export interface DemoItem {
  code: string;
  names: Required<Names>;
  sector: Sector;
  unit: string;
  packSizeUnits?: number;
  weightKgPerUnit: number;
  volumeM3PerUnit: number;
  shelfLifeDays: number | null;
  coldChain?: boolean;
  dualUse?: boolean;
  kcalPerUnit?: number;
}

export const demoItems: DemoItem[] = [
  // Food security
  { code: 'FOOD-FLOUR-25', names: { en: 'Wheat flour, 25 kg sack', fa: 'آرد گندم، کیسه ۲۵ کیلوگرمی', ar: 'طحين القمح، كيس ٢٥ كغ' }, sector: 'food_security', unit: 'sack', weightKgPerUnit: 25.2, volumeM3PerUnit: 0.04, shelfLifeDays: 365, kcalPerUnit: 87_500 },
  { code: 'FOOD-FLOUR-5', names: { en: 'Wheat flour, 5 kg bag', fa: 'آرد گندم، کیسه ۵ کیلوگرمی', ar: 'طحين القمح، كيس ٥ كغ' }, sector: 'food_security', unit: 'bag', weightKgPerUnit: 5.05, volumeM3PerUnit: 0.008, shelfLifeDays: 365, kcalPerUnit: 17_500 },
  { code: 'FOOD-RICE-5', names: { en: 'Rice, 5 kg bag', fa: 'برنج، کیسه ۵ کیلوگرمی', ar: 'أرز، كيس ٥ كغ' }, sector: 'food_security', unit: 'bag', weightKgPerUnit: 5.05, volumeM3PerUnit: 0.007, shelfLifeDays: 730, kcalPerUnit: 18_000 },
  { code: 'FOOD-LENTIL-1', names: { en: 'Red lentils, 1 kg', fa: 'عدس قرمز، ۱ کیلوگرم', ar: 'عدس أحمر، ١ كغ' }, sector: 'food_security', unit: 'bag', weightKgPerUnit: 1.01, volumeM3PerUnit: 0.0014, shelfLifeDays: 730, kcalPerUnit: 3_400 },
  { code: 'FOOD-CHICKPEA-1', names: { en: 'Chickpeas, dry, 1 kg', fa: 'نخود خشک، ۱ کیلوگرم', ar: 'حمص مجفف، ١ كغ' }, sector: 'food_security', unit: 'bag', weightKgPerUnit: 1.01, volumeM3PerUnit: 0.0014, shelfLifeDays: 730, kcalPerUnit: 3_350 },
  { code: 'FOOD-OIL-1L', names: { en: 'Sunflower oil, 1 L bottle', fa: 'روغن آفتابگردان، بطری ۱ لیتری', ar: 'زيت دوار الشمس، عبوة ١ لتر' }, sector: 'food_security', unit: 'bottle', packSizeUnits: 12, weightKgPerUnit: 0.96, volumeM3PerUnit: 0.0012, shelfLifeDays: 540, kcalPerUnit: 8_140 },
  { code: 'FOOD-SUGAR-1', names: { en: 'Sugar, 1 kg', fa: 'شکر، ۱ کیلوگرم', ar: 'سكر، ١ كغ' }, sector: 'food_security', unit: 'bag', weightKgPerUnit: 1.01, volumeM3PerUnit: 0.0012, shelfLifeDays: 1095, kcalPerUnit: 4_000 },
  { code: 'FOOD-BEANS-400', names: { en: 'Fava beans, canned, 400 g', fa: 'باقلا کنسروی، ۴۰۰ گرم', ar: 'فول مدمس معلب، ٤٠٠ غ' }, sector: 'food_security', unit: 'can', packSizeUnits: 24, weightKgPerUnit: 0.45, volumeM3PerUnit: 0.0005, shelfLifeDays: 730, kcalPerUnit: 320 },
  { code: 'FOOD-TUNA-160', names: { en: 'Tuna, canned, 160 g', fa: 'تن ماهی، قوطی ۱۶۰ گرمی', ar: 'تونة معلبة، ١٦٠ غ' }, sector: 'food_security', unit: 'can', packSizeUnits: 48, weightKgPerUnit: 0.19, volumeM3PerUnit: 0.0003, shelfLifeDays: 1095, kcalPerUnit: 300 },
  { code: 'FOOD-DATES-1', names: { en: 'Dates, 1 kg', fa: 'خرما، ۱ کیلوگرم', ar: 'تمر، ١ كغ' }, sector: 'food_security', unit: 'box', weightKgPerUnit: 1.05, volumeM3PerUnit: 0.0018, shelfLifeDays: 365, kcalPerUnit: 2_820 },
  { code: 'FOOD-HALAWA-500', names: { en: 'Halva, 500 g', fa: 'حلوا ارده، ۵۰۰ گرم', ar: 'حلاوة طحينية، ٥٠٠ غ' }, sector: 'food_security', unit: 'tub', weightKgPerUnit: 0.53, volumeM3PerUnit: 0.0007, shelfLifeDays: 365, kcalPerUnit: 2_600 },
  { code: 'FOOD-TOMATO-400', names: { en: 'Tomato paste, 400 g', fa: 'رب گوجه‌فرنگی، ۴۰۰ گرم', ar: 'معجون الطماطم، ٤٠٠ غ' }, sector: 'food_security', unit: 'can', weightKgPerUnit: 0.45, volumeM3PerUnit: 0.0005, shelfLifeDays: 730, kcalPerUnit: 330 },
  { code: 'FOOD-SALT-1', names: { en: 'Iodised salt, 1 kg', fa: 'نمک یددار، ۱ کیلوگرم', ar: 'ملح مدعم باليود، ١ كغ' }, sector: 'food_security', unit: 'bag', weightKgPerUnit: 1.01, volumeM3PerUnit: 0.0009, shelfLifeDays: null, kcalPerUnit: 0 },
  { code: 'FOOD-MILK-400', names: { en: 'Milk powder, 400 g', fa: 'شیر خشک، ۴۰۰ گرم', ar: 'حليب مجفف، ٤٠٠ غ' }, sector: 'food_security', unit: 'tin', weightKgPerUnit: 0.47, volumeM3PerUnit: 0.0012, shelfLifeDays: 540, kcalPerUnit: 2_000 },
  { code: 'FOOD-HEB-100', names: { en: 'High-energy biscuits, 100 g', fa: 'بیسکویت پرانرژی، ۱۰۰ گرم', ar: 'بسكويت عالي الطاقة، ١٠٠ غ' }, sector: 'food_security', unit: 'packet', packSizeUnits: 100, weightKgPerUnit: 0.105, volumeM3PerUnit: 0.00015, shelfLifeDays: 540, kcalPerUnit: 450 },
  { code: 'FOOD-RUTF-92', names: { en: 'Ready-to-use therapeutic food, 92 g sachet', fa: 'غذای درمانی آماده مصرف، ساشه ۹۲ گرمی', ar: 'غذاء علاجي جاهز للاستخدام، كيس ٩٢ غ' }, sector: 'food_security', unit: 'sachet', packSizeUnits: 150, weightKgPerUnit: 0.095, volumeM3PerUnit: 0.0001, shelfLifeDays: 730, kcalPerUnit: 500 },

  // Health
  { code: 'MED-PARA-500', names: { en: 'Paracetamol 500 mg, box of 100 tablets', fa: 'استامینوفن ۵۰۰ میلی‌گرم، جعبه ۱۰۰ عددی', ar: 'باراسيتامول ٥٠٠ ملغ، علبة ١٠٠ قرص' }, sector: 'health', unit: 'box', weightKgPerUnit: 0.08, volumeM3PerUnit: 0.0002, shelfLifeDays: 1095 },
  { code: 'MED-AMOX-250', names: { en: 'Amoxicillin 250 mg, box of 100 capsules', fa: 'آموکسی‌سیلین ۲۵۰ میلی‌گرم، جعبه ۱۰۰ عددی', ar: 'أموكسيسيلين ٢٥٠ ملغ، علبة ١٠٠ كبسولة' }, sector: 'health', unit: 'box', weightKgPerUnit: 0.07, volumeM3PerUnit: 0.0002, shelfLifeDays: 730 },
  { code: 'MED-ORS', names: { en: 'Oral rehydration salts, sachet for 1 L', fa: 'پودر او‌آر‌اس، ساشه برای ۱ لیتر', ar: 'أملاح الإماهة الفموية، كيس لتر واحد' }, sector: 'health', unit: 'sachet', packSizeUnits: 100, weightKgPerUnit: 0.03, volumeM3PerUnit: 0.00005, shelfLifeDays: 730 },
  { code: 'MED-ZINC-20', names: { en: 'Zinc 20 mg, box of 100 dispersible tablets', fa: 'زینک ۲۰ میلی‌گرم، جعبه ۱۰۰ قرص', ar: 'زنك ٢٠ ملغ، علبة ١٠٠ قرص ذواب' }, sector: 'health', unit: 'box', weightKgPerUnit: 0.05, volumeM3PerUnit: 0.00015, shelfLifeDays: 1095 },
  { code: 'MED-GAUZE', names: { en: 'Sterile gauze compresses 10×10 cm, pack of 100', fa: 'گاز استریل ۱۰×۱۰، بسته ۱۰۰ عددی', ar: 'شاش معقم ١٠×١٠ سم، عبوة ١٠٠' }, sector: 'health', unit: 'pack', weightKgPerUnit: 0.25, volumeM3PerUnit: 0.002, shelfLifeDays: 1825 },
  { code: 'MED-BANDAGE', names: { en: 'Elastic bandage 10 cm', fa: 'باند کشی ۱۰ سانتی‌متری', ar: 'رباط مطاطي ١٠ سم' }, sector: 'health', unit: 'roll', weightKgPerUnit: 0.06, volumeM3PerUnit: 0.0003, shelfLifeDays: 1825 },
  { code: 'MED-GLOVES', names: { en: 'Examination gloves, box of 100', fa: 'دستکش معاینه، جعبه ۱۰۰ عددی', ar: 'قفازات فحص، علبة ١٠٠' }, sector: 'health', unit: 'box', weightKgPerUnit: 0.6, volumeM3PerUnit: 0.002, shelfLifeDays: 1825 },
  { code: 'MED-SYRINGE-5', names: { en: 'Syringes 5 ml, box of 100', fa: 'سرنگ ۵ میلی‌لیتری، جعبه ۱۰۰ عددی', ar: 'محاقن ٥ مل، علبة ١٠٠' }, sector: 'health', unit: 'box', weightKgPerUnit: 0.7, volumeM3PerUnit: 0.004, shelfLifeDays: 1825 },
  { code: 'MED-NACL-500', names: { en: 'Sodium chloride 0.9%, 500 ml infusion', fa: 'سرم نمکی ۰٫۹٪، ۵۰۰ میلی‌لیتر', ar: 'محلول كلوريد الصوديوم ٠٫٩٪، ٥٠٠ مل' }, sector: 'health', unit: 'bag', weightKgPerUnit: 0.55, volumeM3PerUnit: 0.0007, shelfLifeDays: 1095 },
  { code: 'MED-CHLORHEX', names: { en: 'Chlorhexidine 5% solution, 100 ml', fa: 'محلول کلرهگزیدین ۵٪، ۱۰۰ میلی‌لیتر', ar: 'محلول الكلورهيكسيدين ٥٪، ١٠٠ مل' }, sector: 'health', unit: 'bottle', weightKgPerUnit: 0.12, volumeM3PerUnit: 0.00015, shelfLifeDays: 730 },
  { code: 'MED-INSULIN-10', names: { en: 'Insulin, 10 ml vial', fa: 'انسولین، ویال ۱۰ میلی‌لیتری', ar: 'إنسولين، قارورة ١٠ مل' }, sector: 'health', unit: 'vial', weightKgPerUnit: 0.03, volumeM3PerUnit: 0.00003, shelfLifeDays: 365, coldChain: true },
  { code: 'MED-THERMO', names: { en: 'Digital thermometer', fa: 'دماسنج دیجیتال', ar: 'ميزان حرارة رقمي' }, sector: 'health', unit: 'piece', weightKgPerUnit: 0.03, volumeM3PerUnit: 0.0001, shelfLifeDays: null },
  { code: 'MED-GENERATOR-5KVA', names: { en: 'Generator 5 kVA for a clinic', fa: 'ژنراتور ۵ کیلوولت‌آمپر برای درمانگاه', ar: 'مولد كهرباء ٥ ك.ف.أ لعيادة' }, sector: 'health', unit: 'piece', weightKgPerUnit: 85, volumeM3PerUnit: 0.3, shelfLifeDays: null, dualUse: true },

  // Education
  { code: 'EDU-NOTEBOOK-48', names: { en: 'Exercise book, 48 pages', fa: 'دفتر ۴۸ برگ', ar: 'دفتر ٤٨ ورقة' }, sector: 'education', unit: 'piece', weightKgPerUnit: 0.12, volumeM3PerUnit: 0.0003, shelfLifeDays: null },
  { code: 'EDU-PENCIL-10', names: { en: 'Pencils, pack of 10', fa: 'مداد، بسته ۱۰ عددی', ar: 'أقلام رصاص، عبوة ١٠' }, sector: 'education', unit: 'pack', weightKgPerUnit: 0.06, volumeM3PerUnit: 0.0001, shelfLifeDays: null },
  { code: 'EDU-PEN-10', names: { en: 'Ballpoint pens, pack of 10', fa: 'خودکار، بسته ۱۰ عددی', ar: 'أقلام حبر جاف، عبوة ١٠' }, sector: 'education', unit: 'pack', weightKgPerUnit: 0.07, volumeM3PerUnit: 0.0001, shelfLifeDays: null },
  { code: 'EDU-ERASER', names: { en: 'Eraser', fa: 'پاک‌کن', ar: 'ممحاة' }, sector: 'education', unit: 'piece', weightKgPerUnit: 0.02, volumeM3PerUnit: 0.00002, shelfLifeDays: null },
  { code: 'EDU-SHARPENER', names: { en: 'Pencil sharpener', fa: 'مدادتراش', ar: 'مبراة' }, sector: 'education', unit: 'piece', weightKgPerUnit: 0.01, volumeM3PerUnit: 0.00001, shelfLifeDays: null },
  { code: 'EDU-RULER-30', names: { en: 'Ruler, 30 cm', fa: 'خط‌کش ۳۰ سانتی‌متری', ar: 'مسطرة ٣٠ سم' }, sector: 'education', unit: 'piece', weightKgPerUnit: 0.02, volumeM3PerUnit: 0.00005, shelfLifeDays: null },
  { code: 'EDU-CRAYONS-12', names: { en: 'Crayons, box of 12', fa: 'مداد شمعی، جعبه ۱۲ رنگ', ar: 'ألوان شمعية، علبة ١٢' }, sector: 'education', unit: 'box', weightKgPerUnit: 0.1, volumeM3PerUnit: 0.0002, shelfLifeDays: null },
  { code: 'EDU-BAG', names: { en: 'School bag', fa: 'کیف مدرسه', ar: 'حقيبة مدرسية' }, sector: 'education', unit: 'piece', weightKgPerUnit: 0.45, volumeM3PerUnit: 0.012, shelfLifeDays: null },

  // Water, sanitation and hygiene
  { code: 'WASH-SOAP-250', names: { en: 'Bathing soap, 250 g bar', fa: 'صابون حمام، ۲۵۰ گرم', ar: 'صابون استحمام، ٢٥٠ غ' }, sector: 'wash', unit: 'bar', packSizeUnits: 48, weightKgPerUnit: 0.26, volumeM3PerUnit: 0.0003, shelfLifeDays: 1095 },
  { code: 'WASH-JERRYCAN-10', names: { en: 'Collapsible jerrycan, 10 L', fa: 'گالن تاشو ۱۰ لیتری', ar: 'جالون مياه قابل للطي، ١٠ لتر' }, sector: 'wash', unit: 'piece', weightKgPerUnit: 0.35, volumeM3PerUnit: 0.002, shelfLifeDays: null },
  { code: 'WASH-AQUATABS', names: { en: 'Water purification tablets, strip of 10', fa: 'قرص تصفیه آب، نوار ۱۰ عددی', ar: 'أقراص تنقية المياه، شريط ١٠' }, sector: 'wash', unit: 'strip', weightKgPerUnit: 0.01, volumeM3PerUnit: 0.00001, shelfLifeDays: 1825 },
  { code: 'WASH-PADS', names: { en: 'Sanitary pads, pack of 10', fa: 'نوار بهداشتی، بسته ۱۰ عددی', ar: 'فوط صحية، عبوة ١٠' }, sector: 'wash', unit: 'pack', weightKgPerUnit: 0.12, volumeM3PerUnit: 0.0008, shelfLifeDays: 1825 },

  // Shelter
  { code: 'SHEL-TARP-4X6', names: { en: 'Plastic tarpaulin, 4 × 6 m', fa: 'برزنت پلاستیکی ۴×۶ متر', ar: 'شادر بلاستيكي ٤×٦ م' }, sector: 'shelter', unit: 'piece', weightKgPerUnit: 4.5, volumeM3PerUnit: 0.01, shelfLifeDays: null },
  { code: 'SHEL-BLANKET', names: { en: 'Thermal blanket', fa: 'پتوی حرارتی', ar: 'بطانية حرارية' }, sector: 'shelter', unit: 'piece', weightKgPerUnit: 1.5, volumeM3PerUnit: 0.008, shelfLifeDays: null },
  { code: 'SHEL-MAT', names: { en: 'Sleeping mat', fa: 'زیرانداز خواب', ar: 'فرشة نوم' }, sector: 'shelter', unit: 'piece', weightKgPerUnit: 1.2, volumeM3PerUnit: 0.02, shelfLifeDays: null },
];

export interface DemoKit {
  code: string;
  names: Required<Names>;
  sector: Sector;
  unit: string;
  components: [code: string, quantityUnits: number][];
}

/** People × days one family food parcel is sized for (Sphere: 2,100 kcal per person per day). */
export const FOOD_PARCEL_PEOPLE = 5;
export const FOOD_PARCEL_DAYS = 15;
export const SPHERE_KCAL_PER_PERSON_DAY = 2_100;

export const demoKits: DemoKit[] = [
  {
    code: 'KIT-FOOD-FAMILY',
    names: {
      en: `Family food parcel (${FOOD_PARCEL_PEOPLE} people, ${FOOD_PARCEL_DAYS} days)`,
      fa: `بسته غذایی خانوار (${FOOD_PARCEL_PEOPLE} نفر، ${FOOD_PARCEL_DAYS} روز)`,
      ar: `طرد غذائي عائلي (${FOOD_PARCEL_PEOPLE} أفراد، ${FOOD_PARCEL_DAYS} يوماً)`,
    },
    sector: 'food_security',
    unit: 'parcel',
    components: [
      ['FOOD-FLOUR-5', 3],
      ['FOOD-RICE-5', 1],
      ['FOOD-LENTIL-1', 4],
      ['FOOD-CHICKPEA-1', 2],
      ['FOOD-OIL-1L', 4],
      ['FOOD-SUGAR-1', 4],
      ['FOOD-BEANS-400', 6],
      ['FOOD-TUNA-160', 10],
      ['FOOD-DATES-1', 3],
      ['FOOD-HALAWA-500', 3],
      ['FOOD-SALT-1', 1],
    ],
  },
  {
    code: 'KIT-MED-BASIC',
    names: { en: 'Basic medical kit (clinic module)', fa: 'کیت پزشکی پایه (ماژول درمانگاه)', ar: 'حقيبة طبية أساسية (وحدة عيادة)' },
    sector: 'health',
    unit: 'kit',
    components: [
      ['MED-PARA-500', 10],
      ['MED-AMOX-250', 6],
      ['MED-ORS', 200],
      ['MED-ZINC-20', 4],
      ['MED-GAUZE', 5],
      ['MED-BANDAGE', 20],
      ['MED-GLOVES', 4],
      ['MED-SYRINGE-5', 2],
      ['MED-CHLORHEX', 10],
      ['MED-THERMO', 2],
    ],
  },
  {
    code: 'KIT-SCHOOL',
    names: { en: 'School kit (one pupil)', fa: 'کیت مدرسه (یک دانش‌آموز)', ar: 'حقيبة مدرسية (تلميذ واحد)' },
    sector: 'education',
    unit: 'kit',
    components: [
      ['EDU-NOTEBOOK-48', 6],
      ['EDU-PENCIL-10', 1],
      ['EDU-PEN-10', 1],
      ['EDU-ERASER', 2],
      ['EDU-SHARPENER', 1],
      ['EDU-RULER-30', 1],
      ['EDU-CRAYONS-12', 1],
      ['EDU-BAG', 1],
    ],
  },
];

/** A kit's weight, volume and energy are those of its components (plus nothing for packing). */
export function kitTotals(kit: DemoKit) {
  const byCode = new Map(demoItems.map((i) => [i.code, i]));
  let weightKg = 0;
  let volumeM3 = 0;
  let kcal = 0;
  for (const [code, n] of kit.components) {
    const item = byCode.get(code);
    if (!item) throw new Error(`demo kit ${kit.code} names unknown item ${code}`);
    weightKg += n * item.weightKgPerUnit;
    volumeM3 += n * item.volumeM3PerUnit;
    kcal += n * (item.kcalPerUnit ?? 0);
  }
  return { weightKg: Math.round(weightKg * 100) / 100, volumeM3: Math.round(volumeM3 * 10_000) / 10_000, kcal };
}
