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

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`lines.2.quantity`), when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = statusByCode[code];
  }
}

export const invalid = (field: string, message: string) => new DomainError('invalid_input', message, field);
export const ruleViolated = (field: string | undefined, message: string) => new DomainError('rule_violated', message, field);
export const notFound = (what: string, field?: string) => new DomainError('not_found', `${what} not found`, field);
export const conflict = (message: string, field?: string) => new DomainError('conflict', message, field);
export const forbidden = (message = 'you do not have permission to do this') => new DomainError('forbidden', message);
export const unauthenticated = (message = 'sign in first, or send a valid API token') =>
  new DomainError('unauthenticated', message);

/** Asserts an invariant of the program itself (not of user input): a failure is a bug. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
