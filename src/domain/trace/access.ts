import type { Actor } from '../access.js';

/**
 * Monitors (people with the monitor role anywhere, and everyone in a monitor organisation) verify
 * what organisations did, so they may trace anything; so may an instance administrator.
 */
export const isMonitor = (actor: Actor): boolean =>
  actor.isInstanceAdmin || actor.memberships.some((m) => m.role === 'monitor' || m.organisationKind === 'monitor');

/**
 * Who may see a trace: monitors, and members of any organisation the goods passed through or
 * came from — the donor, the organisation that took the pledge, the ones that held, carried or
 * handed out the goods. Each sees the whole path of the lots it touched, because "where did it
 * go after us" and "where did it come from" are exactly the questions a trace answers; household
 * identities are never in it, only counts of at least MIN_HOUSEHOLDS.
 */
export function mayTrace(actor: Actor, involvedOrganisationIds: ReadonlySet<string>): boolean {
  return isMonitor(actor) || actor.memberships.some((m) => involvedOrganisationIds.has(m.organisationId));
}
