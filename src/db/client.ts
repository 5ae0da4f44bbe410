import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.js';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: what a use case works on. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Queryable = Database | Tx;

export type Backend = 'pglite' | 'postgres';

export interface Store {
  backend: Backend;
  db: Database;
  /** Raw SQL, for migrations, routines, benchmarks and tests. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /**
   * Runs `fn` on one connection while holding an instance-wide lock, so that several server
   * processes starting together migrate one at a time. `exec` runs a script of many statements.
   */
  exclusive<T>(fn: (db: Database, exec: (script: string) => Promise<void>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Any constant works; it only has to be the same in every Karvan process.
const MIGRATION_LOCK_KEY = 7_412_026;

// Quantities are int8 in the database; JavaScript numbers hold them exactly up to 2^53, far above
// any stock count, so read them as numbers. Dates (type 1082) stay 'YYYY-MM-DD' strings: turning
// them into a Date would shift them by the server's time zone.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

export async function openPostgres(url: string, poolSize = 10): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight get their own error.
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  return {
    backend: 'postgres',
    db,
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async exclusive(fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        const single = drizzlePg({ client, schema }) as unknown as Database;
        return await fn(single, async (script) => void (await client.query(script)));
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export interface PgliteOpenOptions {
  /** Folder on disk; omitted means in memory (tests). */
  dataDir?: string;
  /** A tarball from `dumpDataDir`, to start from a migrated template (tests). */
  loadDataDir?: Blob;
}

export async function openPglite(options: PgliteOpenOptions = {}): Promise<Store & { client: PGlite }> {
  let releaseLock = () => {};
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    releaseLock = lockDataDir(options.dataDir);
  }
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'pg') } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v },
  });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    backend: 'pglite',
    db,
    client,
    async query(text, params) {
      return (await client.query(text, params as unknown[])).rows as never[];
    },
    // One process owns a PGlite folder (see lockDataDir), so there is no one to wait for.
    exclusive: (fn) => fn(db, async (script) => void (await client.exec(script))),
    async close() {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is one process's database: a second process on the same folder would corrupt it. A pid
 * file turns that mistake into a clear message instead.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'karvan.pid');
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isRunning(pid)) {
      throw new Error(
        `another Karvan process (pid ${pid}) is using the embedded database in ${dataDir}. ` +
          'Stop it (Ctrl-C in its terminal), run this command, then start it again; ' +
          'to create the first administrator while the server runs, use the setup token printed in its log (POST /api/setup). ' +
          'Several processes at once need a PostgreSQL server (DATABASE_URL).',
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenStoreOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
}

export function openStore(options: OpenStoreOptions): Promise<Store> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize)
    : openPglite({ dataDir: options.dataDir });
}
