import { z } from 'zod';
import { sectors } from '../catalogue.js';
import { LocalDate } from '../dates.js';
import { ruleViolated } from '../errors.js';

export const priorities = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof priorities)[number];

export const needStatuses = ['draft', 'submitted', 'approved', 'closed', 'cancelled'] as const;
export type NeedStatus = (typeof needStatuses)[number];

export const NeedLineInput = z.strictObject({
  /** An item or a kit from the catalogue; a kit is needed, pledged and counted as whole kits. */
  itemId: z.uuid(),
  quantityUnits: z.number().int().positive().max(100_000_000),
});
export type NeedLineInput = z.infer<typeof NeedLineInput>;

/**
 * What a partner asks for. Location, priority, date, people and sector describe the whole need; a
 * need whose lines differ in priority or place is recorded as two needs, so that each figure a
 * coordinator plans with means one thing.
 */
export const NeedInput = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200),
  /** The sending organisations the need is submitted to: one of their coordinators approves it. */
  addressedTo: z.array(z.uuid()).min(1, 'address the need to at least one sending organisation').max(10),
  /** A governorate (admin-1 or admin-2) or a site. */
  locationId: z.uuid(),
  priority: z.enum(priorities),
  neededBy: LocalDate,
  peopleToReach: z.number().int().positive().max(10_000_000),
  sector: z.enum(sectors),
  /** Shared with every organisation once submitted: describe the situation, never a person. */
  justification: z.string().trim().max(4000).default(''),
  lines: z.array(NeedLineInput).min(1, 'a need has at least one line').max(200),
});
export type NeedInput = z.infer<typeof NeedInput>;

export const TransitionNote = z.strictObject({ note: z.string().trim().max(1000).optional() });
export const CancelInput = z.strictObject({ reason: z.string().trim().min(1, 'say why the need is cancelled').max(1000) });

/** Each item once per need, so that pledges and shipments name one line without ambiguity. */
export function checkNeedLines(lines: readonly NeedLineInput[]): void {
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (seen.has(line.itemId)) throw ruleViolated(`lines.${i}.itemId`, 'list each item once; add the quantities together');
    seen.add(line.itemId);
  });
}

/** A need submitted today cannot be needed yesterday. */
export function checkNeededBy(neededBy: string, today: string): void {
  if (neededBy < today) throw ruleViolated('neededBy', `the needed-by date ${neededBy} is in the past; today is ${today}`);
}
