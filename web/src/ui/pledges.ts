import { api, unwrap, type Need, type Pledge, type PledgeLine } from '../api/client';
import type { I18n } from '../i18n/i18n';

/**
 * The donor as the reader may see them: an organisation by name; a person by the name they gave
 * only where the API returns it (to the organisation that took the pledge), else "individual donor".
 */
export function donorName(i18n: I18n, donor: Pledge['donor']): string {
  if (donor.kind === 'organisation' && donor.organisation) return i18n.nameOf(donor.organisation.names);
  if (donor.kind === 'individual') return donor.displayName ?? i18n.t('donor.individual');
  return i18n.t('donor.anonymous');
}

// A cash line has a currency and amounts; a goods line an item and units (the API's PledgeLine).
const amount = (i18n: I18n, line: PledgeLine, minor: number | null, units: number | null) =>
  line.currency !== null ? i18n.formatMoney(minor ?? 0, line.currency) : `${i18n.formatNumber(units ?? 0)} ${line.item?.unit ?? ''}`.trim();

/** What a line promises: units of an item, or an amount of money in the reader's way of writing it. */
export const promised = (i18n: I18n, line: PledgeLine) => amount(i18n, line, line.amountMinor, line.quantityUnits);

/** What has come of a line so far. */
export const received = (i18n: I18n, line: PledgeLine) => amount(i18n, line, line.receivedMinor, line.receivedUnits);

/** The line's promise and what has come, as numbers of one kind (units, or minor units of money). */
export const progressOf = (line: PledgeLine) =>
  line.kind === 'cash' ? { done: line.receivedMinor ?? 0, of: line.amountMinor ?? 0 } : { done: line.receivedUnits ?? 0, of: line.quantityUnits ?? 0 };

/** The name of what a line gives: the item, or the currency in the reader's language. */
export function lineSubject(i18n: I18n, line: PledgeLine): string {
  if (line.kind === 'goods' && line.item) return i18n.nameOf(line.item.names);
  return line.currency ? currencyName(i18n, line.currency) : '';
}

export function currencyName(i18n: I18n, currency: string): string {
  return new Intl.DisplayNames([i18n.language], { type: 'currency' }).of(currency) ?? currency;
}

/** The needs a pledge's lines are for, to name them (a pledge names few). */
export async function needsOf(pledge: Pledge): Promise<Map<string, Need>> {
  const ids = [...new Set(pledge.lines.flatMap((l) => (l.needId ? [l.needId] : [])))];
  const needs = await Promise.all(ids.map((needId) => unwrap(api.GET('/api/needs/{needId}', { params: { path: { needId } } }))));
  return new Map(needs.map((n) => [n.id, n]));
}
