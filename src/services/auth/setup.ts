import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, unauthenticated } from '../../domain/errors.js';
import { newSecret, Password, secretHash } from '../../domain/passwords.js';
import type { Database } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';
import { countUsers, DisplayName, Email, insertUser, userView } from '../users.js';
import type { UserView } from '../../domain/views.js';

const SETTING = 'setup_token';
// Several processes starting together would each print a token; within this window they reuse one.
const REUSE_WINDOW_MS = 60_000;

/**
 * On a server with no users yet, makes a one-time setup token for `POST /api/setup` and returns
 * it (to be shown once in the log); null when users exist or another process printed one just now.
 */
export async function issueSetupToken(db: Database, now = new Date()): Promise<string | null> {
  return db.transaction(async (tx) => {
    if ((await countUsers(tx)) > 0) return null;
    const [existing] = await tx.select().from(settings).where(eq(settings.key, SETTING)).for('update');
    if (existing && now.getTime() - existing.updatedAt.getTime() < REUSE_WINDOW_MS) return null;
    const token = newSecret('kvsetup_');
    const value = { hash: secretHash(token) };
    await tx
      .insert(settings)
      .values({ key: SETTING, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
    return token;
  });
}

export const SetupInput = z.strictObject({
  setupToken: z.string().min(1, 'must not be empty').max(200),
  email: Email,
  displayName: DisplayName,
  password: Password,
});
export type SetupInput = z.infer<typeof SetupInput>;

/** Creates the first instance administrator with the token from the log; the token then dies. */
export async function completeSetup(db: Database, input: SetupInput): Promise<UserView> {
  return db.transaction(async (tx) => {
    if ((await countUsers(tx)) > 0) throw conflict('Karvan is set up already; sign in instead');
    const [row] = await tx.select().from(settings).where(eq(settings.key, SETTING)).for('update');
    const expected = (row?.value as { hash?: string } | undefined)?.hash;
    if (!expected || expected !== secretHash(input.setupToken)) {
      throw unauthenticated('the setup token is wrong; use the one printed in the server log at start');
    }
    const id = await insertUser(tx, { ...input, isInstanceAdmin: true });
    await tx.delete(settings).where(eq(settings.key, SETTING));
    return userView(tx, id);
  });
}
