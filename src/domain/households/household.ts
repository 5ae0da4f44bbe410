import { z } from 'zod';

/**
 * The vulnerability criteria a partner may tick, fixed so that figures add up across partners
 * (they follow the categories of the Sphere standards and of the Gaza food-security cluster's
 * targeting). A flag says a household meets a criterion, never which member or why.
 */
export const vulnerabilityFlags = [
  'female_headed', // headed by a woman
  'child_headed', // headed by a person under 18
  'older_person_headed', // headed by a person aged 60 or more
  'disability', // a member lives with a disability
  'chronic_illness', // a member needs continuing treatment
  'pregnant_or_lactating', // a member is pregnant or breastfeeding
  'separated_child', // the household hosts an unaccompanied or separated child
  'displaced', // displaced from its home
] as const;
export type VulnerabilityFlag = (typeof vulnerabilityFlags)[number];

/**
 * Only what a distribution needs: how many people (rations are per person), how many young
 * children (infant food, hygiene) and school-age children (school kits), where the household is
 * served, and its vulnerability flags. No names, no birth dates, no address, no telephone; the
 * identity document number is turned into a pseudonym and then forgotten.
 */
const composition = {
  memberCount: z.number().int().min(1).max(50),
  childrenUnder5Count: z.number().int().min(0).max(50),
  schoolAgeChildrenCount: z.number().int().min(0).max(50).describe('aged 5 to 17'),
};

/** Any identity document; partners agree to use the national identity number where a person has one. */
export const DocumentNumber = z.string().trim().min(1, 'must not be empty').max(64);

const Vulnerabilities = z
  .array(z.enum(vulnerabilityFlags))
  .max(vulnerabilityFlags.length)
  .refine((flags) => new Set(flags).size === flags.length, 'list each flag once');

function checkComposition(
  h: { memberCount?: number; childrenUnder5Count?: number; schoolAgeChildrenCount?: number },
  ctx: z.RefinementCtx,
) {
  if (h.memberCount === undefined) return;
  if ((h.childrenUnder5Count ?? 0) + (h.schoolAgeChildrenCount ?? 0) > h.memberCount) {
    ctx.addIssue({ code: 'custom', path: ['memberCount'], message: 'children cannot outnumber the members of the household' });
  }
}

export const HouseholdInput = z
  .strictObject({
    documentNumber: DocumentNumber,
    /** Where the household is served: a governorate or a distribution site. */
    locationId: z.uuid(),
    memberCount: composition.memberCount,
    childrenUnder5Count: composition.childrenUnder5Count.default(0),
    schoolAgeChildrenCount: composition.schoolAgeChildrenCount.default(0),
    vulnerabilities: Vulnerabilities.default([]),
  })
  .superRefine(checkComposition);
export type HouseholdInput = z.infer<typeof HouseholdInput>;

/** Omitted fields keep their value. A new document number replaces the pseudonym. */
export const HouseholdPatch = z.strictObject({
  documentNumber: DocumentNumber.optional(),
  locationId: z.uuid().optional(),
  memberCount: composition.memberCount.optional(),
  childrenUnder5Count: composition.childrenUnder5Count.optional(),
  schoolAgeChildrenCount: composition.schoolAgeChildrenCount.optional(),
  vulnerabilities: Vulnerabilities.optional(),
});
export type HouseholdPatch = z.infer<typeof HouseholdPatch>;

export const HouseholdLookup = z.strictObject({ documentNumber: DocumentNumber });

/**
 * A household's code as people type or print it: its short reference `HH-1A2B3C4D` (the first
 * eight hex digits of its id), or its id or the start of it. Answers the hex digits, lowercase;
 * hyphens and the `HH-` are dropped, case does not matter.
 */
export const HouseholdCode = z
  .string()
  .trim()
  .max(40)
  .regex(/^(?:hh-?)?[0-9a-f-]+$/i, 'a household code: HH- and hex digits (HH-1A2B3C4D), or the start of a household id')
  .transform((code) => code.replace(/^hh-?/i, '').replace(/-/g, '').toLowerCase())
  .refine((hex) => hex.length >= 4 && hex.length <= 32, 'give 4 to 32 hex digits of the household id (HH-1A2B3C4D has 8)');

/** The smallest and largest household id that start with these hex digits: a range the primary key index answers. */
export function idRangeOfPrefix(hex: string): { from: string; to: string } {
  const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  return { from: uuid(hex.padEnd(32, '0')), to: uuid(hex.padEnd(32, 'f')) };
}

export interface HouseholdComposition {
  memberCount: number;
  childrenUnder5Count: number;
  schoolAgeChildrenCount: number;
}

/** The composition after a patch, checked as a whole (a patch may change one count only). */
export function compositionRuleBroken(c: HouseholdComposition): string | undefined {
  return c.childrenUnder5Count + c.schoolAgeChildrenCount > c.memberCount
    ? 'children cannot outnumber the members of the household'
    : undefined;
}
