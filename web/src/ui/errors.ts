import { ApiError } from '../api/client';
import type { I18n } from '../i18n/i18n';

/** An error found before asking the server (a number that is not one, passwords that differ). */
export const localError = (code: string, field?: string) => new ApiError(0, code, code, field);

export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, 'internal_error', error instanceof Error ? error.message : String(error));

/** A refusal's facts as a sentence shows them: calendar days (`…On`) and instants (`…At`) in the reader's calendar; numbers are formatted by `t`. */
function detailVars(i18n: I18n, details: Record<string, string | number> = {}): Record<string, string | number> {
  const shown = (name: string, value: string | number) =>
    typeof value !== 'string' ? value : name.endsWith('On') ? i18n.formatDay(value) : name.endsWith('At') ? i18n.formatDateTime(value) : value;
  return Object.fromEntries(Object.entries(details).map(([name, value]) => [name, shown(name, value)]));
}

/**
 * The reader's sentence for an error. A refusal with a reason the app knows reads
 * `error.reason.<reason>`, followed by `error.reason.<reason>.<detail>` for each optional detail
 * the server sent (the next day a household may receive). Otherwise `error.<code>.<field>` when
 * the field has its own wording (list positions match `*`, as in
 * `error.rule_violated.components.*.itemId`), else `error.<code>`.
 */
export function errorText(i18n: I18n, error: ApiError): string {
  const vars = detailVars(i18n, error.details);
  const reason = error.reason && i18n.lookup(`error.reason.${error.reason}`, vars);
  if (reason) {
    const more = Object.keys(error.details ?? {}).flatMap((name) => i18n.lookup(`error.reason.${error.reason}.${name}`, vars) ?? []);
    return [reason, ...more].join(' ');
  }
  const field = error.field?.replace(/\.\d+(?=\.|$)/g, '.*');
  return (field && i18n.lookup(`error.${error.code}.${field}`)) || i18n.lookup(`error.${error.code}`) || i18n.t('error.unknown');
}

/** Whether an error at `errorField` belongs to the input named `name` (or to something inside it). */
export const fieldClaims = (name: string, errorField: string) => errorField === name || errorField.startsWith(`${name}.`);
