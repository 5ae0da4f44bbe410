import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, refusalFields } from '../domain/errors.js';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('stable, machine-readable: invalid_input, rule_violated, unauthenticated, forbidden, not_found, conflict, …'),
      message: z.string().describe('for people, in English; the web app shows its own translation of the code'),
      field: z.string().optional().describe('the input at fault, as a dotted path such as body.lines.2.quantity'),
      ...refusalFields,
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

const codeByStatus: Record<number, string> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  422: 'rule_violated',
  429: 'too_many_requests',
};

interface ValidationProblem {
  keyword: string;
  instancePath: string;
  message?: string;
  params: { keys?: string[] };
}

/** One sentence that names the field and the rule, from the first problem zod found. */
function describeValidation(problem: ValidationProblem, context: string | undefined) {
  const path = problem.instancePath.split('/').filter(Boolean);
  const unknownKeys = problem.keyword === 'unrecognized_keys' ? (problem.params.keys ?? []) : [];
  if (unknownKeys.length) path.push(unknownKeys[0]!);
  const field = [context, ...path].join('.');
  const message = unknownKeys.length
    ? `unknown field ${unknownKeys.join(', ')}: remove it (check the spelling against /api/docs)`
    : `${field}: ${problem.message ?? 'is not valid'}`;
  return { field, message };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, field: error.field, ...error.refusal } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const { field, message } = describeValidation(error.validation[0] as unknown as ValidationProblem, error.validationContext ?? 'body');
      return reply.status(400).send({ error: { code: 'invalid_input', message, field } });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own answers to malformed requests: bad JSON, a body too large, a wrong content type.
      const code = codeByStatus[error.statusCode] ?? 'bad_request';
      const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'the request body is too large (the limit is 1 MiB)' : error.message;
      return reply.status(error.statusCode).send({ error: { code, message, field: error.code?.startsWith('FST_ERR_CTP') ? 'body' : undefined } });
    } else {
      request.log.error({ err: error }, 'request failed');
    }
    return reply.status(500).send({
      error: { code: 'internal_error', message: `something went wrong on the server; quote request id ${request.id} when reporting it` },
    });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
}
