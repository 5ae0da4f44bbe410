import { useEffect, useId, useMemo, useState } from 'react';
import { dateOfParts, isLocalDate, monthNames, partsOf, type LocalDate } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { parseNumber } from '../i18n/numbers';
import { localError } from './errors';
import { useFieldError } from './Form';

/** What a date input holds: nothing yet, a date, or parts that make no date (yet). */
export type DateValue = '' | LocalDate | 'invalid';

/** The date for the API, or an error beside the field when it is missing or no date. */
export function dateFrom(value: DateValue, field: string): LocalDate {
  if (value === '') throw localError('required', field);
  if (value === 'invalid') throw localError('not_a_date', field);
  return value;
}

interface Parts {
  day: string;
  month: string;
  year: string;
}

/**
 * A calendar date typed as day, month and year in the reader's calendar (Solar Hijri in Persian)
 * and digits; the API gets `YYYY-MM-DD`. A browser's own date input would show the Gregorian
 * calendar to a Persian reader. Below it, the date is written out in full, weekday and all, so the
 * reader sees which day they chose.
 */
export function DateField(props: { name: string; label: string; hint?: string; value: DateValue; onChange(value: DateValue): void }) {
  const { t, calendar, intlLocale, formatDay, formatNumber } = useI18n();
  const id = useId();
  const error = useFieldError(props.name);
  const months = useMemo(() => monthNames(calendar, intlLocale), [calendar, intlLocale]);
  const digits = (n: number) => formatNumber(n, { useGrouping: false });
  const partsFor = (value: DateValue): Parts => {
    if (!isLocalDate(value)) return { day: '', month: '', year: '' };
    const p = partsOf(value, calendar);
    return { day: digits(p.day), month: String(p.month), year: digits(p.year) };
  };
  const [parts, setParts] = useState<Parts>(() => partsFor(props.value));
  const { value, onChange } = props;

  // Another language may mean another calendar: the same day, written in its parts.
  useEffect(() => {
    if (isLocalDate(value)) setParts(partsFor(value));
  }, [calendar, intlLocale]); // not on every value: the parts being typed are the source of the value

  const change = (next: Partial<Parts>) => {
    const all = { ...parts, ...next };
    setParts(all);
    if (!all.day.trim() && !all.month && !all.year.trim()) return onChange('');
    const [day, year] = [parseNumber(all.day), parseNumber(all.year)];
    const date = day !== null && year !== null && all.month ? dateOfParts({ year, month: Number(all.month), day }, calendar) : null;
    onChange(date ?? 'invalid');
  };

  const describedBy = [props.hint ? `${id}-hint` : '', `${id}-shown`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const invalid = error ? true : undefined;
  return (
    <fieldset className={`field date-field${error ? ' field-invalid' : ''}`} data-field={props.name} aria-describedby={describedBy}>
      <legend>{props.label}</legend>
      <div className="date-parts">
        <label>
          <span>{t('date.day')}</span>
          <input type="text" inputMode="numeric" autoComplete="off" size={3} aria-invalid={invalid} value={parts.day} onChange={(e) => change({ day: e.target.value })} />
        </label>
        <label>
          <span>{t('date.month')}</span>
          <select aria-invalid={invalid} value={parts.month} onChange={(e) => change({ month: e.target.value })}>
            <option value="">—</option>
            {months.map((name, i) => (
              <option key={name} value={String(i + 1)}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('date.year')}</span>
          <input type="text" inputMode="numeric" autoComplete="off" size={5} aria-invalid={invalid} value={parts.year} onChange={(e) => change({ year: e.target.value })} />
        </label>
      </div>
      {props.hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <p className="field-hint date-shown" id={`${id}-shown`} aria-live="polite">
        {/* The weekday apart: Intl has no full Solar Hijri date pattern for Persian and falls back to a scrambled one. */}
        {isLocalDate(value) ? t('date.full', { weekday: formatDay(value, { weekday: 'long' }), date: formatDay(value, { dateStyle: 'long' }) }) : ''}
      </p>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
