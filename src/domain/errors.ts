import { z } from 'zod';

/**
 * Errors a use case may raise on purpose. The HTTP layer maps each to a status code and the
 * body `{"error": {"code", "message", "field"}}`; anything else is an internal error and is
 * never shown to a client.
 */
export type ErrorCode =
  | 'invalid_input' // 400: the request does not match the schema
  | 'rule_violated' // 422: well-formed, but breaks a business rule
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'too_many_requests'; // 429

const statusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  rule_violated: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
};

/**
 * Which rule refused a request, when one code covers several (a distribution is refused for
 * stock, for an entitlement, for a voucher…): a stable snake_case `reason`, and the facts a
 * client needs to say it in its own language (numbers, ids, calendar days whose names end in
 * `On`, and instants whose names end in `At`).
 */
export interface Refusal {
  reason: string;
  details?: Record<string, string | number>;
}

/** A refusal's fields in an error answer (the HTTP error body, a batch's refused record). */
export const refusalFields = {
  reason: z
    .string()
    .optional()
    .describe('stable, machine-readable: which rule refused the request, where one code covers several (entitlement_exceeded, stock_short_at_site, …)'),
  details: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .optional()
    .describe("the facts of that refusal, to say it in the reader's language: numbers, ids, calendar days (names ending in On, YYYY-MM-DD) and instants (names ending in At, ISO 8601 in UTC)"),
};

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`lines.2.quantity`), when there is one. */
    readonly field?: string,
    readonly refusal?: Refusal,
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = statusByCode[code];
  }

  /** The same error about another field (an item of a list, a record of a batch). */
  at(field: string): DomainError {
    return new DomainError(this.code, this.message, field, this.refusal);
  }
}

export const invalid = (field: string, message: string) => new DomainError('invalid_input', message, field);
export const ruleViolated = (field: string | undefined, message: string, refusal?: Refusal) => new DomainError('rule_violated', message, field, refusal);
export const notFound = (what: string, field?: string, refusal?: Refusal) => new DomainError('not_found', `${what} not found`, field, refusal);
export const conflict = (message: string, field?: string, refusal?: Refusal) => new DomainError('conflict', message, field, refusal);
export const forbidden = (message = 'you do not have permission to do this') => new DomainError('forbidden', message);
export const unauthenticated = (message = 'sign in first, or send a valid API token') =>
  new DomainError('unauthenticated', message);

/** Asserts an invariant of the program itself (not of user input): a failure is a bug. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
