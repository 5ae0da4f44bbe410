import type { SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';

/** Rows of a raw query, the same on PGlite and node-postgres. */
export async function rowsOf<Row>(db: Queryable, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/** The PostgreSQL error under drizzle's wrapper, when there is one. */
export interface PgError {
  code: string;
  message: string;
  detail?: string;
  constraint?: string;
}

export function pgErrorOf(error: unknown): PgError | undefined {
  for (let e = error; e instanceof Error || (typeof e === 'object' && e !== null); e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as PgError;
    if (!(e as { cause?: unknown }).cause) break;
  }
  return undefined;
}

/** bytea arrives as a Buffer from node-postgres and as a Uint8Array from PGlite. */
export const toBuffer = (value: Uint8Array): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(value));

const PG_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

/**
 * A timestamptz from a raw query: drizzle hands PostgreSQL's text ('2025-03-01 08:15:00.123+00',
 * offset in the session's time zone) to both drivers, which JavaScript's Date does not parse.
 */
export function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  const m = PG_TIMESTAMP.exec(value);
  if (!m) throw new Error(`not a PostgreSQL timestamp: ${value}`);
  const [, day, time, fraction = '', offsetHours, offsetMinutes = '00', offsetSeconds = '00'] = m;
  const local = Date.parse(`${day}T${time}.${fraction.padEnd(3, '0').slice(0, 3)}Z`);
  const sign = offsetHours!.startsWith('-') ? -1 : 1;
  const offsetMs = sign * (Math.abs(Number(offsetHours)) * 3_600_000 + Number(offsetMinutes) * 60_000 + Number(offsetSeconds) * 1000);
  return new Date(local - offsetMs);
}
