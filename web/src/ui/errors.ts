import { ApiError } from '../api/client';
import type { I18n } from '../i18n/i18n';

/** An error found before asking the server (a number that is not one, passwords that differ). */
export const localError = (code: string, field?: string) => new ApiError(0, code, code, field);

export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, 'internal_error', error instanceof Error ? error.message : String(error));

/**
 * The reader's sentence for an error: `error.<code>.<field>` when the field has its own wording
 * (list positions match `*`, as in `error.rule_violated.components.*.itemId`), else `error.<code>`.
 */
export function errorText(i18n: I18n, error: ApiError): string {
  const field = error.field?.replace(/\.\d+(?=\.|$)/g, '.*');
  return (field && i18n.lookup(`error.${error.code}.${field}`)) || i18n.lookup(`error.${error.code}`) || i18n.t('error.unknown');
}

/** Whether an error at `errorField` belongs to the input named `name` (or to something inside it). */
export const fieldClaims = (name: string, errorField: string) => errorField === name || errorField.startsWith(`${name}.`);
