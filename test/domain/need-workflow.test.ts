import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/domain/access.js';
import { DomainError } from '../../src/domain/errors.js';
import { needStatuses } from '../../src/domain/needs/need.js';
import { actingOrganisation, mayReadNeed, needActions, nextNeedStatus, type NeedParties } from '../../src/domain/needs/workflow.js';

const PARTNER = '00000000-0000-4000-8000-0000000000a1';
const SENDING = '00000000-0000-4000-8000-0000000000b1';
const OTHER_SENDING = '00000000-0000-4000-8000-0000000000b2';
const need: NeedParties = { organisationId: PARTNER, addressedTo: [SENDING], everSubmitted: true };
const person = (organisationId: string, role: Role): Actor => ({
  userId: 'u',
  isInstanceAdmin: false,
  memberships: [{ organisationId, organisationKind: organisationId === PARTNER ? 'partner' : 'sending', role }],
  via: 'token',
});
const admin: Actor = { userId: 'root', isInstanceAdmin: true, memberships: [], via: 'token' };

const outcome = (fn: () => unknown) => {
  try {
    return fn();
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('need workflow', () => {
  it('follows draft → submitted → approved → closed, with cancel before closed, and nothing after', () => {
    const table = Object.fromEntries(needStatuses.map((s) => [s, Object.fromEntries(needActions.map((a) => [a, outcome(() => nextNeedStatus(s, a))]))]));
    expect(table).toEqual({
      draft: { submit: 'submitted', approve: 'rule_violated', close: 'rule_violated', cancel: 'cancelled' },
      submitted: { submit: 'rule_violated', approve: 'approved', close: 'rule_violated', cancel: 'cancelled' },
      approved: { submit: 'rule_violated', approve: 'rule_violated', close: 'closed', cancel: 'cancelled' },
      closed: { submit: 'rule_violated', approve: 'rule_violated', close: 'rule_violated', cancel: 'rule_violated' },
      cancelled: { submit: 'rule_violated', approve: 'rule_violated', close: 'rule_violated', cancel: 'rule_violated' },
    });
  });

  it('lets the partner change its need and a coordinator of an addressed organisation approve it', () => {
    expect(outcome(() => actingOrganisation(person(PARTNER, 'field'), need, 'submit'))).toBe(PARTNER);
    expect(outcome(() => actingOrganisation(person(PARTNER, 'monitor'), need, 'submit'))).toBe('forbidden');
    expect(outcome(() => actingOrganisation(person(PARTNER, 'coordinator'), need, 'approve'))).toBe('forbidden');
    expect(outcome(() => actingOrganisation(person(SENDING, 'coordinator'), need, 'approve'))).toBe(SENDING);
    expect(outcome(() => actingOrganisation(person(SENDING, 'field'), need, 'approve'))).toBe('forbidden');
    expect(outcome(() => actingOrganisation(person(OTHER_SENDING, 'coordinator'), need, 'approve'))).toBe('forbidden');
    expect(outcome(() => actingOrganisation(person(SENDING, 'coordinator'), need, 'cancel'))).toBe('forbidden');
    expect(outcome(() => actingOrganisation(admin, need, 'approve'))).toBe(null);
  });

  it('keeps a draft to the partner and shares a submitted need with every organisation', () => {
    const draft = { ...need, everSubmitted: false };
    expect(mayReadNeed(person(PARTNER, 'monitor'), draft)).toBe(true);
    expect(mayReadNeed(person(SENDING, 'coordinator'), draft)).toBe(false);
    expect(mayReadNeed(person(SENDING, 'coordinator'), need)).toBe(true);
    expect(mayReadNeed(person(OTHER_SENDING, 'monitor'), need)).toBe(true);
  });
});
