import { minorDigits, useI18n } from '../i18n/i18n';
import { parseNumber } from '../i18n/numbers';
import { localError } from './errors';

/** A number typed in any of the three scripts' digits, or null when nothing is typed; the server checks its range. */
export function optionalNumber(text: string, field: string): number | null {
  if (text.trim() === '') return null;
  const value = parseNumber(text);
  if (value === null) throw localError('not_a_number', field);
  return value;
}

export function requiredNumber(text: string, field: string): number {
  const value = optionalNumber(text, field);
  if (value === null) throw localError('required', field);
  return value;
}

/** Numbers to edit, written in the reader's digits without grouping, so they read back exactly. */
export function useNumberText(): (n: number | null | undefined) => string {
  const { formatNumber } = useI18n();
  return (n) => (n === null || n === undefined ? '' : formatNumber(n, { useGrouping: false, maximumFractionDigits: 20 }));
}

/**
 * An amount of money typed in the currency's main unit (12.50 dollars), as the API counts it: in
 * minor units (1250 cents). More decimals than the currency has are refused, not rounded away.
 */
export function minorUnitsFrom(text: string, currency: string, field: string): number {
  const scaled = requiredNumber(text, field) * 10 ** minorDigits(currency);
  const minor = Math.round(scaled);
  if (Math.abs(scaled - minor) > 1e-6) throw localError('too_many_decimals', field);
  return minor;
}
