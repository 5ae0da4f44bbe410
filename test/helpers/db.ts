import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Store } from '../../src/db/client.js';
import { serverUrl, testDatabaseUrl } from './backend.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** On PostgreSQL: a fresh database copied from the run's migrated template; null on PGlite. */
export async function createTestDatabase(): Promise<TestDatabase | null> {
  const url = testDatabaseUrl();
  const template = inject('postgresTemplate');
  if (!url || !template) return null;
  const name = `karvan_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  await admin.query(`create database ${name} template ${template}`);
  await admin.close();
  return {
    url: serverUrl(url, name),
    async drop() {
      const dropper = await openPostgres(url, 1);
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.close();
    },
  };
}

/** A migrated database of its own for one test file (or one test), on the backend under test. */
export async function openTestStore(): Promise<Store> {
  const database = await createTestDatabase();
  if (database) {
    const store = await openPostgres(database.url, 20);
    return {
      ...store,
      async close() {
        await store.close();
        await database.drop();
      },
    };
  }
  const tarball = new Blob([readFileSync(inject('pgliteTemplate'))]);
  return openPglite({ loadDataDir: tarball });
}
