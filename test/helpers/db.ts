import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Store } from '../../src/db/client.js';
import { serverUrl, testDatabaseUrl } from './backend.js';

/** A migrated database of its own for one test file (or one test), on the backend under test. */
export async function openTestStore(): Promise<Store> {
  const url = testDatabaseUrl();
  const template = inject('postgresTemplate');
  if (url && template) {
    const name = `karvan_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
    const admin = await openPostgres(url, 1);
    await admin.query(`create database ${name} template ${template}`);
    await admin.close();
    const store = await openPostgres(serverUrl(url, name), 20);
    return {
      ...store,
      async close() {
        await store.close();
        const dropper = await openPostgres(url, 1);
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.close();
      },
    };
  }
  const tarball = new Blob([readFileSync(inject('pgliteTemplate'))]);
  return openPglite({ loadDataDir: tarball });
}
