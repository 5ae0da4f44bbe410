/** Dates as whole days since 1970-01-01 (UTC), so date arithmetic is integer arithmetic. */
const MS_PER_DAY = 86_400_000;

export const dayNumber = (isoDate: string): number => Math.round(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY);

export const isoDate = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
