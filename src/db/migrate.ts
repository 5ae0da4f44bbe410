import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Store } from './client.js';
import { seedReferenceLocations } from './reference-locations.js';
import { SYSTEM_USER_ID } from '../domain/ids.js';
import { users } from './schema/index.js';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
const routinesFolder = new URL('./routines/', import.meta.url);

/**
 * Brings the database to the current schema: the generated table migrations (drizzle/), then the
 * SQL routines (functions and triggers, src/db/routines/*.sql, written to be re-run), then the
 * reference locations. Safe to run from several processes at once and on every start.
 */
export async function migrate(store: Store): Promise<void> {
  await store.exclusive(async (db, exec) => {
    if (store.backend === 'pglite') await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
    else await migratePg(db as unknown as NodePgDatabase, { migrationsFolder });
    for (const name of readdirSync(routinesFolder).filter((f) => f.endsWith('.sql')).sort()) {
      await exec(readFileSync(new URL(name, routinesFolder), 'utf8'));
    }
    await seedReferenceLocations(db);
    // '!' is no scrypt hash, so no password ever matches it; the account is also disabled.
    await db
      .insert(users)
      .values({ id: SYSTEM_USER_ID, email: 'system@karvan.invalid', displayName: 'Karvan server', passwordHash: '!', disabledAt: new Date(0) })
      .onConflictDoNothing();
  });
}
