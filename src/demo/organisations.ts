import type { Role } from '../domain/access.js';
import type { SiteKind } from '../domain/locations.js';
import type { Names } from '../domain/names.js';
import type { OrganisationKind } from '../domain/organisations.js';

/**
 * The people and places of the demo: three civic groups in Isfahan, two partners in the Gaza
 * Strip, a logistics provider at Al-Arish, two donors and a monitoring coalition. All names are
 * invented; places are the reference sites with approximate coordinates.
 */
export interface DemoOrganisation {
  key: string;
  kind: OrganisationKind;
  names: Names;
  country: string;
  /** The e-mail local part of its people: `<role>@<key>.demo.karvan.org`. */
  roles: Role[];
}

export const demoOrganisations: DemoOrganisation[] = [
  { key: 'relief-circle', kind: 'sending', names: { en: 'Isfahan Relief Circle', fa: 'حلقه امداد اصفهان' }, country: 'IR', roles: ['admin', 'coordinator', 'warehouse'] },
  { key: 'zayandeh', kind: 'sending', names: { en: 'Zayandeh Rud Charity Foundation', fa: 'بنیاد خیریه زاینده‌رود' }, country: 'IR', roles: ['admin', 'coordinator', 'warehouse'] },
  { key: 'naqsh-e-jahan', kind: 'sending', names: { en: 'Naqsh-e Jahan Volunteers Network', fa: 'شبکه داوطلبان نقش جهان' }, country: 'IR', roles: ['admin', 'coordinator', 'warehouse'] },
  { key: 'al-amal', kind: 'partner', names: { en: 'Al-Amal Relief Society, Deir al-Balah', ar: 'جمعية الأمل للإغاثة - دير البلح' }, country: 'PS', roles: ['admin', 'coordinator', 'warehouse', 'field'] },
  { key: 'khan-younis-health', kind: 'partner', names: { en: 'Khan Younis Health and Relief Committee', ar: 'لجنة الصحة والإغاثة - خان يونس' }, country: 'PS', roles: ['admin', 'coordinator', 'warehouse', 'field'] },
  { key: 'sinai-logistics', kind: 'logistics', names: { en: 'Sinai Logistics', ar: 'سيناء للخدمات اللوجستية' }, country: 'EG', roles: ['admin', 'warehouse'] },
  { key: 'bazaar-donors', kind: 'donor', names: { en: 'Isfahan Bazaar Donors', fa: 'خیرین بازار اصفهان' }, country: 'IR', roles: ['admin'] },
  { key: 'pharma-guild', kind: 'donor', names: { en: 'Isfahan Pharmacists Guild', fa: 'صنف داروسازان اصفهان' }, country: 'IR', roles: ['admin'] },
  { key: 'transparency', kind: 'monitor', names: { en: 'Aid Transparency Coalition', fa: 'ائتلاف شفافیت امداد', ar: 'ائتلاف شفافية المساعدات' }, country: 'IR', roles: ['monitor'] },
];

export interface DemoSite {
  key: string;
  kind: SiteKind;
  names: Names;
  /** P-code or ISO code of the area it belongs to. */
  area: string;
  latitude: number;
  longitude: number;
  /** The organisation running it. */
  operator: string;
}

export const demoSites: DemoSite[] = [
  { key: 'isfahan-warehouse', kind: 'warehouse', names: { en: 'Isfahan central warehouse', fa: 'انبار مرکزی اصفهان' }, area: 'IR-10', latitude: 32.63, longitude: 51.66, operator: 'relief-circle' },
  { key: 'zayandeh-store', kind: 'warehouse', names: { en: 'Zayandeh Rud store, Isfahan', fa: 'انبار زاینده‌رود، اصفهان' }, area: 'IR-10', latitude: 32.66, longitude: 51.68, operator: 'zayandeh' },
  { key: 'naqsh-store', kind: 'warehouse', names: { en: 'Naqsh-e Jahan collection point', fa: 'پایگاه جمع‌آوری نقش جهان' }, area: 'IR-10', latitude: 32.657, longitude: 51.677, operator: 'naqsh-e-jahan' },
  { key: 'isfahan-airport', kind: 'airport', names: { en: 'Isfahan International Airport', fa: 'فرودگاه بین‌المللی اصفهان' }, area: 'IR-10', latitude: 32.75, longitude: 51.86, operator: 'relief-circle' },
  { key: 'arish-airport', kind: 'airport', names: { en: 'El Arish International Airport', ar: 'مطار العريش الدولي' }, area: 'EG-SIN', latitude: 31.07, longitude: 33.84, operator: 'sinai-logistics' },
  { key: 'arish-hub', kind: 'transit_hub', names: { en: 'Al-Arish logistics hub', ar: 'مركز العريش اللوجستي' }, area: 'EG-SIN', latitude: 31.13, longitude: 33.8, operator: 'sinai-logistics' },
  { key: 'rafah-crossing', kind: 'border_crossing', names: { en: 'Rafah crossing', ar: 'معبر رفح', fa: 'گذرگاه رفح' }, area: 'PS0275', latitude: 31.25, longitude: 34.26, operator: 'sinai-logistics' },
  { key: 'kerem-shalom', kind: 'border_crossing', names: { en: 'Kerem Shalom / Karem Abu Salem crossing', ar: 'معبر كرم أبو سالم', fa: 'گذرگاه کرم ابوسالم' }, area: 'PS0275', latitude: 31.23, longitude: 34.28, operator: 'sinai-logistics' },
  { key: 'deir-warehouse', kind: 'warehouse', names: { en: 'Partner warehouse, Deir Al-Balah', ar: 'مستودع الشريك - دير البلح' }, area: 'PS0265', latitude: 31.42, longitude: 34.35, operator: 'al-amal' },
  { key: 'khan-younis-warehouse', kind: 'warehouse', names: { en: 'Partner warehouse, Khan Younis', ar: 'مستودع الشريك - خان يونس' }, area: 'PS0270', latitude: 31.35, longitude: 34.31, operator: 'khan-younis-health' },
  { key: 'deir-school-point', kind: 'distribution_point', names: { en: 'Al-Salah school distribution point', ar: 'نقطة توزيع مدرسة الصلاح' }, area: 'PS0265', latitude: 31.417, longitude: 34.351, operator: 'al-amal' },
  { key: 'maghazi-point', kind: 'distribution_point', names: { en: 'Maghazi camp distribution point', ar: 'نقطة توزيع مخيم المغازي' }, area: 'PS0265', latitude: 31.42, longitude: 34.39, operator: 'al-amal' },
  { key: 'mawasi-point', kind: 'distribution_point', names: { en: 'Al-Mawasi distribution point', ar: 'نقطة توزيع المواصي' }, area: 'PS0270', latitude: 31.36, longitude: 34.26, operator: 'khan-younis-health' },
  { key: 'khan-younis-clinic', kind: 'health_facility', names: { en: 'Khan Younis field clinic', ar: 'العيادة الميدانية - خان يونس' }, area: 'PS0270', latitude: 31.345, longitude: 34.305, operator: 'khan-younis-health' },
];

/** Every demo person signs in with this password; the demo prints it. Never use the demo in production. */
export const DEMO_PASSWORD = 'karvan-demo-2026';

export const demoEmail = (role: Role, organisationKey: string) => `${role}@${organisationKey}.demo.karvan.org`;
