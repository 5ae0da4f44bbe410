import { z } from 'zod';
import { ErrorBody } from './errors.js';

/** The error answers a route can give, for its OpenAPI entry: `...errors(400, 401, 404)`. */
export function errors<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: typeof ErrorBody } {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as { [K in S[number]]: typeof ErrorBody };
}

/** Every route that needs a signed-in caller can answer these. */
export const signedInErrors = errors(401, 403);

export const NoContent = z.undefined().describe('done; nothing to return');

export const idParam = <K extends string>(name: K) => z.strictObject({ [name]: z.uuid() } as { [P in K]: z.ZodUUID });
export const OrganisationParams = idParam('organisationId');

/** Query parameters of a long list: `limit` rows from `offset`. */
export const Paging = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
