import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Names } from '../api/client';
import { instantOfLocalDate, type Calendar, type LocalDate } from './dates';
import en from './en.json';

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
type SameKeys<T> = [Exclude<MessageKey, keyof T>, Exclude<keyof T, MessageKey>] extends [never, never] ? true : false;
// A key missing from (or left over in) a translation is a type error, as well as a failing test.
const translationsComplete: [SameKeys<typeof import('./fa.json')>, SameKeys<typeof import('./ar.json')>] = [true, true];
void translationsComplete;

export const languages = ['en', 'fa', 'ar'] as const;
export type Language = (typeof languages)[number];

/**
 * How each language writes dates and numbers: Solar Hijri with Persian digits for fa, Gregorian
 * with Arabic-Indic digits for ar (as read in Gaza), day-month-year Gregorian for en.
 */
const locales: Record<Language, { intl: string; gregorian: string; dir: 'ltr' | 'rtl'; calendar: Calendar }> = {
  en: { intl: 'en-GB', gregorian: 'en-GB', dir: 'ltr', calendar: 'gregory' },
  fa: { intl: 'fa-IR-u-ca-persian-nu-arabext', gregorian: 'fa-IR-u-ca-gregory-nu-arabext', dir: 'rtl', calendar: 'persian' },
  ar: { intl: 'ar-PS-u-ca-gregory-nu-arab', gregorian: 'ar-PS-u-ca-gregory-nu-arab', dir: 'rtl', calendar: 'gregory' },
};

// Persian and Arabic load when chosen, so an English reader downloads neither.
const loaders: Record<Language, () => Promise<Messages>> = {
  en: async () => en,
  fa: async () => (await import('./fa.json')).default,
  ar: async () => (await import('./ar.json')).default,
};

const STORAGE_KEY = 'karvan.language';
export const isLanguage = (value: unknown): value is Language => languages.includes(value as Language);

/** The language this browser was told to use, if it was. */
export function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

function storeLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this visit only.
  }
}

export function initialLanguage(): Language {
  const browser = navigator.languages.map((l) => l.slice(0, 2)).find(isLanguage);
  return storedLanguage() ?? browser ?? 'en';
}

export function applyDocumentLanguage(language: Language) {
  document.documentElement.lang = language;
  document.documentElement.dir = locales[language].dir;
}

export const loadMessages = (language: Language) => loaders[language]();

export interface I18n {
  language: Language;
  dir: 'ltr' | 'rtl';
  /** The reader's calendar, and the Intl locale that writes in it with the reader's digits. */
  calendar: Calendar;
  intlLocale: string;
  /** The reader's language and digits in the Gregorian calendar, for days fixed in it (a school year's start). */
  gregorianLocale: string;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A translation looked up by a key made at run time (error codes); null when there is none. */
  lookup(key: string, vars?: Record<string, string | number>): string | null;
  setLanguage(language: Language): Promise<void>;
  /** An instant (a timestamp), as the date it was where the reader is. */
  formatDate(iso: string | Date): string;
  formatDateTime(iso: string | Date): string;
  /** A calendar date (`YYYY-MM-DD`, a needed-by date): that day, whatever the reader's time zone. */
  formatDay(date: LocalDate, options?: Intl.DateTimeFormatOptions): string;
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
  /** 0.5 → 50 %, in the reader's digits. */
  formatPercent(ratio: number): string;
  /** An amount in the currency's minor units (cents, rials), written as the reader's locale writes money. */
  formatMoney(amountMinor: number, currency: string): string;
  /** A record's name in the reader's language, else in whichever script it has. */
  nameOf(names: Names): string;
}

/**
 * How many decimals a currency's minor unit has (USD 2, JOD 3, IRR 0: the API counts Iranian money
 * in rials), as ISO 4217 and the browser's Intl data give it.
 */
export const minorDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider(props: { language: Language; messages: Messages; children: ReactNode }) {
  const [state, setState] = useState({ language: props.language, messages: props.messages });

  const setLanguage = useCallback(async (language: Language) => {
    const messages = await loadMessages(language);
    storeLanguage(language);
    applyDocumentLanguage(language);
    setState({ language, messages });
  }, []);

  const value = useMemo<I18n>(() => {
    const { language, messages } = state;
    const intl = locales[language].intl;
    const numbers = new Intl.NumberFormat(intl);
    const dates = new Intl.DateTimeFormat(intl, { dateStyle: 'medium' });
    const dateTimes = new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeStyle: 'short' });
    const days = new Intl.DateTimeFormat(intl, { dateStyle: 'medium', timeZone: 'UTC' });
    const percents = new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 0 });
    // A name or a title set into a sentence keeps its own direction (first-strong isolation), so
    // an English organisation name in a Persian sentence does not scramble the words around it.
    const fill = (text: string, vars?: Record<string, string | number>) =>
      vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const v = vars[name];
        return v === undefined ? whole : typeof v === 'number' ? numbers.format(v) : /\p{L}/u.test(v) ? `\u2068${v}\u2069` : v;
      }) : text;
    const lookup = (key: string, vars?: Record<string, string | number>) => {
      const text = (messages as Record<string, string>)[key];
      return text === undefined ? null : fill(text, vars);
    };
    return {
      language,
      dir: locales[language].dir,
      calendar: locales[language].calendar,
      intlLocale: intl,
      gregorianLocale: locales[language].gregorian,
      t: (key, vars) => lookup(key, vars) ?? key,
      lookup,
      setLanguage,
      formatDate: (iso) => dates.format(new Date(iso)),
      formatDateTime: (iso) => dateTimes.format(new Date(iso)),
      formatDay: (date, options) =>
        (options ? new Intl.DateTimeFormat(intl, { ...options, timeZone: 'UTC' }) : days).format(instantOfLocalDate(date)),
      formatNumber: (value, options) => (options ? new Intl.NumberFormat(intl, options) : numbers).format(value),
      formatPercent: (ratio) => percents.format(ratio),
      formatMoney: (amountMinor, currency) => {
        const format = new Intl.NumberFormat(intl, { style: 'currency', currency });
        return format.format(amountMinor / 10 ** minorDigits(currency));
      },
      nameOf: (names) => names[language] ?? names.en ?? names.fa ?? names.ar ?? '',
    };
  }, [state, setLanguage]);

  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
