import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { rowsOf } from '../ledger/sql.js';

/**
 * Units handed to households for each need line: transfers carrying the line's id into
 * `distributed:<site>` accounts, less those taken back out of them (reversed distributions).
 * Lines with nothing distributed are absent from the answer.
 */
export async function distributedUnitsByNeedLine(db: Queryable, needLineIds: readonly string[]): Promise<Map<string, number>> {
  if (needLineIds.length === 0) return new Map();
  const rows = await rowsOf<{ need_line_id: string; units: number }>(
    db,
    sql`select t.need_line_id,
               sum(case when ta.code like 'distributed:%' then t.quantity_units else 0 end
                 - case when fa.code like 'distributed:%' then t.quantity_units else 0 end)::int8 as units
        from transfers t
        join ledger_accounts fa on fa.id = t.from_account_id
        join ledger_accounts ta on ta.id = t.to_account_id
        where t.need_line_id in ${needLineIds}
        group by t.need_line_id`,
  );
  return new Map(rows.map((r) => [r.need_line_id, r.units]));
}
