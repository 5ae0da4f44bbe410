import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { households, settings } from '../../db/schema/index.js';
import { secretFingerprint } from '../../domain/households/pseudonym.js';

const SETTING = 'households.pseudonym_secret_fingerprint';

/**
 * Refuses to go on with a pseudonym key other than the one this database's households were
 * registered under: with another key no registered document would be found again and every
 * duplicate across partners would be missed, silently. The database keeps only a fingerprint.
 * Before the first household is registered the key may still change.
 */
export async function checkPseudonymSecret(db: Database, secret: Uint8Array): Promise<void> {
  const fingerprint = secretFingerprint(secret);
  await db.transaction(async (tx) => {
    await tx.insert(settings).values({ key: SETTING, value: fingerprint }).onConflictDoNothing();
    const [row] = await tx.select().from(settings).where(eq(settings.key, SETTING));
    if (row?.value === fingerprint) return;
    const [registered] = await tx.select({ id: households.id }).from(households).limit(1);
    if (!registered) {
      await tx.update(settings).set({ value: fingerprint, updatedAt: new Date() }).where(eq(settings.key, SETTING));
      return;
    }
    throw new Error(
      'the household pseudonym key is not the one this database was used with: registered households would not be found ' +
        'and duplicates would be missed. Restore pseudonym.key in the secrets folder (KARVAN_SECRETS_DIR) or KARVAN_PSEUDONYM_KEY from a backup.',
    );
  });
}
