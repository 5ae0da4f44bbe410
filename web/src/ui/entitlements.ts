import type { EntitlementRule, ItemRef } from '../api/client';
import type { I18n } from '../i18n/i18n';
import { instantOfLocalDate } from '../i18n/dates';

/**
 * A rule in a sentence: "1 parcel of Family food parcel per household, in any 30 consecutive
 * days". A school year starts on a Gregorian day of the year (MM-DD), written in the reader's
 * language and digits but not converted to another calendar: 1 September is a different Persian
 * day every year.
 */
export function ruleSentence(i18n: I18n, rule: { item: ItemRef; quantityUnits: number; per: EntitlementRule['per']; window: EntitlementRule['window'] }): string {
  const window =
    rule.window.kind === 'rolling_days'
      ? i18n.t('rule.window.rolling_days', { days: rule.window.days })
      : i18n.t('rule.window.school_year', {
          day: new Intl.DateTimeFormat(i18n.gregorianLocale, { timeZone: 'UTC', month: 'long', day: 'numeric' }).format(
            instantOfLocalDate(`2001-${rule.window.startsOn}`),
          ),
        });
  return i18n.t('rule.sentence', {
    quantity: rule.quantityUnits,
    unit: rule.item.unit,
    item: i18n.nameOf(rule.item.names),
    per: i18n.t(`rule.per.${rule.per}`),
    window,
  });
}
