/**
 * Which database the tests run on: PGlite always, unless KARVAN_TEST_DATABASE_URL (or
 * DATABASE_URL) names a PostgreSQL server, in which case every test file gets a fresh database
 * of its own there, copied from a migrated template.
 */
export function testDatabaseUrl(): string | undefined {
  return process.env.KARVAN_TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** The same server, another database. */
export function serverUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export const testBackend = (): 'pglite' | 'postgres' => (testDatabaseUrl() ? 'postgres' : 'pglite');
