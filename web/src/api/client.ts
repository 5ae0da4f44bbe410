import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** The records the API returns, named as in docs/openapi.json. */
export type Schemas = components['schemas'];
export type User = Schemas['User'];
export type Organisation = Schemas['Organisation'];
export type Member = Schemas['Member'];
export type ApiToken = Schemas['ApiToken'];
export type Item = Schemas['Item'];
export type Location = Schemas['Location'];
export type Names = Organisation['names'];
export type Need = Schemas['Need'];
export type NeedSummary = Schemas['NeedSummary'];
export type NeedLine = Schemas['NeedLine'];
export type NeedEvent = Schemas['NeedEvent'];
export type Pledge = Schemas['Pledge'];
export type PledgeLine = Schemas['PledgeLine'];
export type Household = Schemas['Household'];
export type EntitlementRule = Schemas['EntitlementRule'];
export type EntitlementCheck = Schemas['EntitlementCheck'];
export type ItemRef = Schemas['ItemRef'];
export type LocationRef = Schemas['LocationRef'];
export type OrganisationRef = Schemas['OrganisationRef'];
export type StockRow = Schemas['StockRow'];
export type StockCount = Schemas['StockCount'];
export type StockCountSummary = Schemas['StockCountSummary'];
export type StockOperation = Schemas['StockOperation'];
export type LotDetail = Schemas['LotDetail'];
export type DistributionPlan = Schemas['DistributionPlan'];
export type Distribution = Schemas['Distribution'];
export type AuditReport = Schemas['AuditReport'];
export type DashboardLossCause = Schemas['DashboardLossCause'];
export type IntakeBody = NonNullable<paths['/api/organisations/{organisationId}/stock/intakes']['post']['requestBody']>['content']['application/json'];
export type IntakeLine = IntakeBody['lines'][number];
export type LotStatusInput = NonNullable<paths['/api/organisations/{organisationId}/lots/{lotId}/status']['put']['requestBody']>['content']['application/json'];
export type AllocationPlan = Schemas['AllocationPlan'];
export type AllocationLine = Schemas['AllocationLine'];
export type UnmetNeed = Schemas['UnmetNeed'];
export type TransportLane = Schemas['TransportLane'];
export type Permission = User['memberships'][number]['permissions'][number];

/** Same origin: the Karvan server serves both this app and the API, and sets the session cookie. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** An answer other than success, as `{"error": {"code", "message", "field"}}` said it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The input at fault, without the `body.`/`querystring.` prefix: `names.en`, `contacts.0.email`. */
    readonly field?: string,
    /** Which rule refused it, where one code covers several (`entitlement_exceeded`), with its facts. */
    readonly reason?: string,
    readonly details?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const fieldOf = (field: unknown) => (typeof field === 'string' && field ? field.replace(/^(body|querystring|params)\./, '') : undefined);

function errorFrom(response: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown; reason?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    const details = error.details && typeof error.details === 'object' ? (error.details as Record<string, string | number>) : undefined;
    return new ApiError(response.status, error.code, String(error.message ?? ''), fieldOf(error.field), typeof error.reason === 'string' ? error.reason : undefined, details);
  }
  return new ApiError(response.status, response.status >= 500 ? 'internal_error' : 'bad_request', response.statusText);
}

/**
 * The data of a call, or an ApiError. A request that never reached the server (offline, server
 * down) becomes the code `network`, so every failure is shown the same way.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'network error');
  }
  if (!result.response.ok) throw errorFrom(result.response, result.error);
  return result.data as T;
}

/** Tells the session when the server no longer knows this browser (expired or revoked session). */
export function onSessionLost(listener: () => void): () => void {
  const middleware = {
    onResponse({ request, response }: { request: Request; response: Response }) {
      const path = new URL(request.url, window.location.origin).pathname;
      if (response.status === 401 && !path.startsWith('/api/auth/') && path !== '/api/setup') listener();
      return undefined;
    },
  };
  api.use(middleware);
  return () => api.eject(middleware);
}

export type Consignment = Schemas['Consignment'];
export type ConsignmentSummary = Schemas['ConsignmentSummary'];
export type ConsignmentLine = Schemas['ConsignmentLine'];
export type ConsignmentEvent = Schemas['ConsignmentEvent'];
export type HandlingUnit = Schemas['HandlingUnit'];
export type HandlingUnitScan = Schemas['HandlingUnitScan'];
