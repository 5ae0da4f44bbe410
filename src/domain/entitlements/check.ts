import { dateOfEpochDay, epochDay, type LocalDate } from '../dates.js';
import type { HouseholdComposition } from '../households/household.js';
import { allowedUnits, type EntitlementRule, type EntitlementWindow } from './rules.js';

/** Something a household already received: what, how much, and on which day (at the site). */
export interface DistributedUnits {
  itemId: string;
  quantityUnits: number;
  on: LocalDate;
}

export interface ProposedDistribution {
  household: HouseholdComposition;
  lines: readonly { itemId: string; quantityUnits: number }[];
}

export interface RuleOutcome {
  ruleId: string;
  itemId: string;
  allowedUnits: number;
  /** Already received in the fullest window that contains the day of the distribution. */
  usedUnits: number;
  proposedUnits: number;
  /** What may still be given on that day: allowed − used, at least 0. */
  remainingUnits: number;
  ok: boolean;
  /** That fullest window, first and last day included. */
  window: { from: LocalDate; to: LocalDate };
}

export interface EntitlementCheck {
  allowed: boolean;
  outcomes: RuleOutcome[];
}

/**
 * May the household receive `proposed` on day `on`, given what it has received (`history`)?
 *
 * A rule holds when no window of the rule ever contains more than the household is allowed. The
 * new distribution can only break windows that contain its day, so each such window is checked.
 * History is a set: the answer depends on the days things were given, never on the order they
 * were recorded in. A record synced late from an offline device, with a day earlier than records
 * already kept, is checked against every window around its own day, before and after; so any
 * collection of distributions that keeps every window within the rule is accepted whatever the
 * order of recording, and no order can make the collection accepted break the rule.
 *
 * Only rules on the items being given are evaluated.
 */
export function checkEntitlement(
  rules: readonly EntitlementRule[],
  history: readonly DistributedUnits[],
  proposed: ProposedDistribution,
  on: LocalDate,
): EntitlementCheck {
  const day = epochDay(on);
  const proposedByItem = new Map<string, number>();
  for (const line of proposed.lines) proposedByItem.set(line.itemId, (proposedByItem.get(line.itemId) ?? 0) + line.quantityUnits);

  const outcomes = rules
    .filter((rule) => proposedByItem.has(rule.itemId))
    .map((rule): RuleOutcome => {
      const days = history.filter((h) => h.itemId === rule.itemId).map((h) => ({ day: epochDay(h.on), units: h.quantityUnits }));
      const fullest = fullestWindow(rule.window, days, day);
      const allowed = allowedUnits(rule, proposed.household);
      const proposedUnits = proposedByItem.get(rule.itemId)!;
      return {
        ruleId: rule.id,
        itemId: rule.itemId,
        allowedUnits: allowed,
        usedUnits: fullest.units,
        proposedUnits,
        remainingUnits: Math.max(0, allowed - fullest.units),
        ok: fullest.units + proposedUnits <= allowed,
        window: { from: dateOfEpochDay(fullest.from), to: dateOfEpochDay(fullest.to) },
      };
    });
  return { allowed: outcomes.every((o) => o.ok), outcomes };
}

/**
 * The first day after `on` on which the household may receive `proposedUnits` under this rule,
 * given what it has received: every window of the rule containing that day then has room for
 * them. Null when the rule never allows that many at once.
 */
export function nextEligibleDay(
  rule: EntitlementRule,
  household: HouseholdComposition,
  history: readonly DistributedUnits[],
  proposedUnits: number,
  on: LocalDate,
): LocalDate | null {
  const allowed = allowedUnits(rule, household);
  if (proposedUnits > allowed) return null;
  const days = history.filter((h) => h.itemId === rule.itemId).map((h) => ({ day: epochDay(h.on), units: h.quantityUnits }));
  const start = epochDay(on);
  const latest = Math.max(start, ...days.map((d) => d.day));
  // Past the latest day received by a whole window (a rolling one, or two school years) no window holds anything.
  const horizon = latest + (rule.window.kind === 'rolling_days' ? rule.window.days : 2 * 366);
  for (let day = start + 1; day <= horizon; day += 1) {
    if (fullestWindow(rule.window, days, day).units + proposedUnits <= allowed) return dateOfEpochDay(day);
  }
  return dateOfEpochDay(horizon + 1);
}

interface DayUnits {
  day: number;
  units: number;
}

/** The window of the rule containing `day` that already holds the most units (the earliest on a tie). */
export function fullestWindow(window: EntitlementWindow, given: readonly DayUnits[], day: number) {
  const sumIn = (from: number, to: number) => given.reduce((sum, g) => (g.day >= from && g.day <= to ? sum + g.units : sum), 0);
  if (window.kind === 'school_year') {
    const { from, to } = schoolYearAround(window.startsOn, day);
    return { from, to, units: sumIn(from, to) };
  }
  // Windows [s, s + days − 1] contain `day` for s in [day − days + 1, day]. Sliding s rightwards
  // only drops a given day when s passes it, so the fullest window starts on a given day or on `day`.
  const length = window.days;
  const starts = [...new Set([...given.map((g) => g.day).filter((d) => d > day - length && d <= day), day])].sort((a, b) => a - b);
  let best = { from: day, to: day + length - 1, units: -1 };
  for (const from of starts) {
    const units = sumIn(from, from + length - 1);
    if (units > best.units) best = { from, to: from + length - 1, units };
  }
  return best;
}

/** The school year containing `day`: from its start day (MM-DD) to the day before the next. */
export function schoolYearAround(startsOn: string, day: number): { from: number; to: number } {
  const year = Number(dateOfEpochDay(day).slice(0, 4));
  const thisYear = epochDay(`${year}-${startsOn}`);
  const from = thisYear <= day ? thisYear : epochDay(`${year - 1}-${startsOn}`);
  const nextYear = Number(dateOfEpochDay(from).slice(0, 4)) + 1;
  return { from, to: epochDay(`${nextYear}-${startsOn}`) - 1 };
}
