import type { z } from 'zod';

/** Refuses a list naming the same thing twice (an item, a lot, a record id), at the second one. */
export function distinctBy<T>(rows: readonly T[] | undefined, key: (row: T) => string, path: string, message: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  rows?.forEach((row, i) => {
    const k = key(row);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message });
    seen.add(k);
  });
}
