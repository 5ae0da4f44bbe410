import { z } from 'zod';

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code such as IRR, USD or EUR. */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as IRR, USD or EUR')
  .refine((c) => knownCurrencies.has(c), 'is not an ISO 4217 currency code');

/**
 * Money as a whole number of the currency's minor units (cents for USD, rials for IRR), so sums
 * are exact. Amounts in different currencies are never added together.
 */
export const CashAmount = z
  .object({ currency: z.string(), amountMinor: z.number().int() })
  .meta({ id: 'CashAmount' });
export type CashAmount = z.infer<typeof CashAmount>;

/** Totals per currency, in code order. */
export function sumByCurrency(amounts: readonly CashAmount[]): CashAmount[] {
  const totals = new Map<string, number>();
  for (const a of amounts) totals.set(a.currency, (totals.get(a.currency) ?? 0) + a.amountMinor);
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor }));
}
