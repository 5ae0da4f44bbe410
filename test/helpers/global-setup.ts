import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { serverUrl, testDatabaseUrl } from './backend.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
    runId: string;
  }
}

/**
 * Migrates one template database per test run and hands its location to the test files, which
 * copy it: creating and migrating a database for each file would cost seconds each.
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'karvan-test-'));
  const pglite = await openPglite();
  await migrate(pglite);
  const templateFile = path.join(dir, 'template.tar');
  writeFileSync(templateFile, Buffer.from(await (await pglite.client.dumpDataDir('none')).arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplate', templateFile);
  project.provide('runId', runId);

  const url = testDatabaseUrl();
  let template: string | null = null;
  if (url) {
    template = `karvan_tpl_${runId}`;
    const admin = await openPostgres(url, 1);
    await admin.query(`create database ${template}`);
    await admin.close();
    const store = await openPostgres(serverUrl(url, template), 1);
    await migrate(store);
    await store.close();
  }
  project.provide('postgresTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url) {
      const admin = await openPostgres(url, 1);
      const leftovers = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`karvan_%${runId}%`]);
      for (const { datname } of leftovers) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.close();
    }
  };
}
