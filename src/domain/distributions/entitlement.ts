import type { RuleOutcome } from '../entitlements/check.js';
import type { EntitlementRule } from '../entitlements/rules.js';

const basisWords = { household: 'household', member: 'member', child_under_5: 'child under 5', school_age_child: 'school-age child' } as const;

export function ruleInWords(rule: EntitlementRule): string {
  const window = rule.window.kind === 'rolling_days' ? `in any ${rule.window.days} days` : `per school year starting ${rule.window.startsOn}`;
  return `${rule.quantityUnits} per ${basisWords[rule.per]} ${window}`;
}

/** Why a distribution is refused, in words a field officer can act on: which rule, what it allows, what was received. */
export function brokenRuleMessage(rule: EntitlementRule, outcome: RuleOutcome, nextEligibleOn?: string | null): string {
  const next =
    nextEligibleOn === undefined ? '' : nextEligibleOn ? `; it may receive them from ${nextEligibleOn}` : '; the rule never allows that many at once';
  return (
    `entitlement rule ${rule.id} (${ruleInWords(rule)}) allows this household ${outcome.allowedUnits} units; ` +
    `it received ${outcome.usedUnits} from ${outcome.window.from} to ${outcome.window.to}, so ${outcome.proposedUnits} more would exceed it ` +
    `(${outcome.remainingUnits} may still be given)${next}. A coordinator may record it as an exception, with a reason`
  );
}
