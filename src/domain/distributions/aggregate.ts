import { z } from 'zod';

/**
 * Households served, for people who may not see households: monitors, donors, other
 * organisations, the public portal and the trace. Small counts point at a few families (in a
 * camp, "3 households with a child-headed flag got infant kits at this school in March" can name
 * them), so a count below MIN_HOUSEHOLDS is not shown, nor anything else of its cell.
 *
 * Suppressing one cell is not enough when a total beside it is shown: the governorate's figure
 * less its other sites gives the hidden one back. So when exactly one site of a governorate and
 * month is hidden, the smallest other site is hidden too (secondary suppression), as statistics
 * offices do for tables with margins.
 */
export const MIN_HOUSEHOLDS = 5;

export interface ServedCell<T> {
  period: string;
  locationId: string;
  /** The area a site lies in, for secondary suppression; null for rows that are areas themselves. */
  areaId: string | null;
  householdsServed: number;
  distributions: number;
  items: T[];
}

export type Shown<T> =
  | (ServedCell<T> & { suppressed: false })
  | { period: string; locationId: string; areaId: string | null; householdsServed: null; distributions: null; items: null; suppressed: true };

const hide = <T>(c: ServedCell<T>): Shown<T> => ({
  period: c.period,
  locationId: c.locationId,
  areaId: c.areaId,
  householdsServed: null,
  distributions: null,
  items: null,
  suppressed: true,
});

export function suppressSmallCounts<T>(cells: readonly ServedCell<T>[]): Shown<T>[] {
  const hidden = new Set<ServedCell<T>>(cells.filter((c) => c.householdsServed < MIN_HOUSEHOLDS));
  const groups = new Map<string, ServedCell<T>[]>();
  for (const c of cells) {
    if (c.areaId === null) continue;
    const key = `${c.period}\u0000${c.areaId}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    if (group.filter((c) => hidden.has(c)).length !== 1) continue;
    const next = group
      .filter((c) => !hidden.has(c))
      .sort((a, b) => a.householdsServed - b.householdsServed || (a.locationId < b.locationId ? -1 : 1))[0];
    if (next) hidden.add(next);
  }
  return cells.map((c) => (hidden.has(c) ? hide(c) : { ...c, suppressed: false as const }));
}

/** The calendar months from `from` to `to` (YYYY-MM), as the first day of `from` and the day after `to`. */
export function monthRange(from: string, to: string): { firstDay: string; dayAfter: string } {
  const [y, m] = to.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { firstDay: `${from}-01`, dayAfter: `${next}-01` };
}

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');

const monthsBetween = (from: string, to: string) => {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
};

/**
 * Whole calendar months only: with any two days as bounds, two overlapping questions would
 * differ by a single day, and the difference could point at one family.
 */
export const ServedQuery = z
  .strictObject({
    from: Month,
    to: Month,
    by: z.enum(['site', 'governorate']).default('governorate').describe('governorate: the area a site lies in (in the Gaza Strip, OCHA admin-2)'),
    organisationId: z.uuid().optional().describe('only the distributions of this partner'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => monthsBetween(q.from, q.to) < 36, { path: ['to'], message: 'ask for at most 36 months at a time' });
export type ServedQuery = z.infer<typeof ServedQuery>;
