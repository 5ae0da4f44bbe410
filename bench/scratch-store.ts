import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite, openPostgres, type Store } from '../src/db/client.js';

/**
 * A store for one benchmark run: on the PostgreSQL server named by DATABASE_URL, a scratch
 * database created for the run and dropped after it; otherwise PGlite in a temporary folder.
 */
export async function openScratch(): Promise<{ store: Store; backend: string; cleanup: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `karvan_bench_${process.pid}_${Date.now().toString(36)}`;
    const admin = await openPostgres(url, 1);
    await admin.query(`create database ${name}`);
    await admin.close();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const store = await openPostgres(u.toString(), 4);
    return {
      store,
      backend: 'postgres',
      async cleanup() {
        await store.close();
        const dropper = await openPostgres(url, 1);
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.close();
      },
    };
  }
  // On disk, as `npm start` keeps it: a million transfers would not fit PGlite's memory anyway.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'karvan-bench-'));
  const store = await openPglite({ dataDir: dir });
  return {
    store,
    backend: 'pglite',
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
