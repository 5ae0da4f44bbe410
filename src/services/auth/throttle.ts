import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { authThrottle } from '../../db/schema/index.js';

/**
 * Failed sign-ins are counted per e-mail address and per client address in the database, so the
 * limit holds across every server process. Past the limit, that key is locked for a while, even
 * for the right password: an attacker cannot tell a lucky guess from a lock.
 */
export const throttlePolicy = {
  window_ms: 15 * 60_000,
  lock_ms: 15 * 60_000,
  maxFailuresPerAccount: 5,
  maxFailuresPerClient: 30,
};

export const accountKey = (email: string) => `account:${email}`;
export const clientKey = (ip: string) => `client:${ip}`;

/** The time until which any of `keys` is locked, or null. */
export async function lockedUntil(db: Queryable, keys: string[], now: Date): Promise<Date | null> {
  const rows = await db
    .select({ lockedUntil: authThrottle.lockedUntil })
    .from(authThrottle)
    .where(sql`${authThrottle.key} in ${keys} and ${authThrottle.lockedUntil} > ${now}`);
  const times = rows.map((r) => r.lockedUntil!.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

export async function recordFailure(db: Queryable, key: string, limit: number, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - throttlePolicy.window_ms);
  const lockUntil = new Date(now.getTime() + throttlePolicy.lock_ms);
  // One statement, so two processes failing at once both count.
  await db.execute(sql`
    insert into auth_throttle (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${now}, null)
    on conflict (key) do update set
      failures = case when auth_throttle.window_started_at < ${windowStart} then 1 else auth_throttle.failures + 1 end,
      window_started_at = case when auth_throttle.window_started_at < ${windowStart} then ${now} else auth_throttle.window_started_at end,
      locked_until = case
        when auth_throttle.window_started_at >= ${windowStart} and auth_throttle.failures + 1 >= ${limit} then ${lockUntil}::timestamptz
        else auth_throttle.locked_until end`);
}

export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}
