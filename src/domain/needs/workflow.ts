import { can, isMember, type Actor } from '../access.js';
import { forbidden, ruleViolated } from '../errors.js';
import type { NeedStatus } from './need.js';

/**
 * The life of a need: draft → submitted → approved → closed, or cancelled from any state before
 * closed. Every step is an event with who, when and for which organisation; the status column is
 * only the latest step, kept for filtering.
 */
export const needActions = ['submit', 'approve', 'close', 'cancel'] as const;
export type NeedAction = (typeof needActions)[number];
/** What the history of a need records: its creation, edits of the draft, and each transition. */
export const needEventKinds = ['create', 'edit', ...needActions] as const;
export type NeedEventKind = (typeof needEventKinds)[number];

const transitions: Record<NeedAction, { from: readonly NeedStatus[]; to: NeedStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  close: { from: ['approved'], to: 'closed' },
  cancel: { from: ['draft', 'submitted', 'approved'], to: 'cancelled' },
};

export function nextNeedStatus(current: NeedStatus, action: NeedAction): NeedStatus {
  const t = transitions[action];
  if (!t.from.includes(current)) {
    throw ruleViolated('status', `a ${current} need cannot be ${pastTense[action]}; only a ${t.from.join(' or ')} need can`);
  }
  return t.to;
}

const pastTense: Record<NeedAction, string> = { submit: 'submitted', approve: 'approved', close: 'closed', cancel: 'cancelled' };

export interface NeedParties {
  /** The partner that raised the need. */
  organisationId: string;
  /** The sending organisations it is addressed to, in the order given. */
  addressedTo: readonly string[];
  /** False for a draft, and for a draft that was cancelled without ever being submitted. */
  everSubmitted: boolean;
}

/**
 * The organisation on whose behalf the actor takes `action` (or edits the draft), or a refusal.
 * The partner owns its need: it edits, submits, closes and cancels it. Approval belongs to a
 * coordinator of an organisation the need is addressed to. An instance administrator may do
 * anything and acts for no organisation (null).
 */
export function actingOrganisation(actor: Actor, need: NeedParties, action: NeedAction | 'edit'): string | null {
  if (action === 'approve') {
    const addressee = need.addressedTo.find((org) => roleAllows(actor, org, 'needs:approve'));
    if (addressee) return addressee;
    if (actor.isInstanceAdmin) return null;
    throw forbidden('only a coordinator of an organisation this need is addressed to may approve it');
  }
  if (roleAllows(actor, need.organisationId, 'needs:write')) return need.organisationId;
  if (actor.isInstanceAdmin) return null;
  throw forbidden('only the organisation that raised this need may change it');
}

// `can` answers yes for an instance administrator in every organisation; here the question is
// which organisation the person really belongs to.
const roleAllows = (actor: Actor, organisationId: string, permission: 'needs:write' | 'needs:approve') =>
  actor.memberships.some((m) => m.organisationId === organisationId) && can({ ...actor, isInstanceAdmin: false }, permission, organisationId);

/**
 * A draft is the partner's own working copy. Once submitted, a need is shared data: every
 * organisation's members (donors deciding what to pledge, sending organisations avoiding double
 * shipments) and monitors read it, as the public portal later shows what was needed.
 */
export function mayReadNeed(actor: Actor, need: NeedParties): boolean {
  return isMember(actor, need.organisationId) || (need.everSubmitted && can(actor, 'shared:read'));
}
