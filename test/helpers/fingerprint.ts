import type { Store } from '../../src/db/client.js';

/**
 * A digest of every row of every table, to show that a refused request changed nothing.
 * `auth_throttle` is left out on purpose: counting failed sign-ins is what it is for; so is a
 * token's `last_used_at`, which the request that presents the token may refresh (once a minute).
 */
const recordsOfUse: Record<string, string[]> = { api_tokens: ['last_used_at'] };

export async function fingerprint(store: Store): Promise<Record<string, string>> {
  const tables = await store.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'auth_throttle'
      order by table_name`,
  );
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    const row_ = `(to_jsonb(t) ${(recordsOfUse[name] ?? []).map((column) => `- '${column}'`).join(' ')})::text`;
    const [row] = await store.query<{ d: string | null; n: number }>(
      `select md5(coalesce(string_agg(${row_}, '|' order by ${row_}), '')) as d, count(*)::int as n from "${name}" t`,
    );
    digest[name] = `${row!.n}:${row!.d}`;
  }
  return digest;
}
