import { ruleViolated } from '../domain/errors.js';
import type { OrganisationKind } from '../domain/organisations.js';
import type { Queryable } from '../db/client.js';
import { loadOrganisation } from './organisations.js';

/**
 * Roles grant permissions in any organisation; what an organisation does follows from its kind
 * (partners raise needs and register households, sending organisations take pledges).
 * `doneBy` completes "<doneBy> partner organisations", e.g. "needs are raised by".
 */
export async function assertOrganisationKind(db: Queryable, organisationId: string, kind: OrganisationKind, doneBy: string): Promise<void> {
  const org = await loadOrganisation(db, organisationId);
  if (org.kind !== kind) throw ruleViolated('organisationId', `${doneBy} ${kind} organisations; this one is ${org.kind}`);
}
