import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DomainError } from '../../domain/errors.js';
import { keyFingerprint } from '../../domain/ledger/checkpoint.js';
import type { PublicKeyView } from '../../domain/ledger/views.js';
import type { Queryable, Store } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';

const SETTING = 'audit_public_key';
export const PRIVATE_KEY_FILE = 'audit-ed25519.pem';

export const privateKeyPath = (secretsDir: string) => path.join(secretsDir, PRIVATE_KEY_FILE);

/** The public key every server process serves: stored in the database, not read from a file. */
export async function auditPublicKey(db: Queryable): Promise<PublicKeyView | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SETTING));
  return row ? (row.value as PublicKeyView) : null;
}

export async function requireAuditPublicKey(db: Queryable): Promise<PublicKeyView> {
  const key = await auditPublicKey(db);
  if (!key) throw new DomainError('not_found', 'this server has no audit key yet; it is made when the server starts', undefined);
  return key;
}

function readPrivateKey(file: string): KeyObject {
  const key = createPrivateKey(readFileSync(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an ed25519 private key`);
  return key;
}

/**
 * Makes the instance's ed25519 key pair on first start: the private key goes to a file only the
 * server's user can read, the public key into the database. Later starts check the two still
 * belong together. A server without the private key file (another machine sharing the same
 * PostgreSQL) serves the public key and cannot sign checkpoints, which is fine.
 */
export async function ensureAuditKey(store: Store, secretsDir: string): Promise<{ key: PublicKeyView; created: boolean }> {
  return store.exclusive(async (db) => {
    const stored = await auditPublicKey(db);
    const file = privateKeyPath(secretsDir);
    if (existsSync(file)) {
      const publicKey = createPublicKey(readPrivateKey(file));
      const fingerprint = keyFingerprint(publicKey);
      if (stored && stored.fingerprint !== fingerprint) {
        throw new Error(
          `the audit private key in ${file} (${fingerprint}) does not belong to the public key in the database (${stored.fingerprint}); ` +
            'restore the right key file, or point KARVAN_SECRETS_DIR at it',
        );
      }
      if (stored) return { key: stored, created: false };
      const key: PublicKeyView = { algorithm: 'ed25519', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint };
      await db.insert(settings).values({ key: SETTING, value: key });
      return { key, created: false };
    }
    if (stored) return { key: stored, created: false };
    const pair = generateKeyPairSync('ed25519');
    mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    const key: PublicKeyView = {
      algorithm: 'ed25519',
      publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      fingerprint: keyFingerprint(pair.publicKey),
    };
    await db.insert(settings).values({ key: SETTING, value: key });
    return { key, created: true };
  });
}

/** The private key, for signing; it must belong to the public key the database publishes. */
export async function loadSigningKey(db: Queryable, secretsDir: string): Promise<{ privateKey: KeyObject; key: PublicKeyView }> {
  const key = await requireAuditPublicKey(db);
  const file = privateKeyPath(secretsDir);
  if (!existsSync(file)) {
    throw new Error(`the audit private key is not on this machine (expected ${file}); sign checkpoints where the server first started, or set KARVAN_SECRETS_DIR`);
  }
  const privateKey = readPrivateKey(file);
  if (keyFingerprint(createPublicKey(privateKey)) !== key.fingerprint) {
    throw new Error(`the audit private key in ${file} does not belong to the public key in the database`);
  }
  return { privateKey, key };
}
