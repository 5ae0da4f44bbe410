import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { MIN_SECRET_BYTES } from '../domain/households/pseudonym.js';

/**
 * Secrets of one deployment that must never be in the database, so that a copy of the database
 * (a backup, an open-data export gone wrong) cannot undo them. Each comes from the environment
 * or, failing that, from a file in the secrets folder that is created once and then kept.
 */
export interface Secrets {
  /** The key of the households' pseudonyms (HMAC-SHA-256 of identity document numbers). */
  pseudonymSecret: Buffer;
}

export function loadSecrets(config: Pick<Config, 'secretsDir' | 'pseudonymKeyText'>): Secrets {
  const pseudonymSecret = config.pseudonymKeyText
    ? parseSecret(config.pseudonymKeyText, 'KARVAN_PSEUDONYM_KEY')
    : secretFile(config.secretsDir, 'pseudonym.key', () => randomBytes(MIN_SECRET_BYTES).toString('base64') + '\n', 'pseudonym key');
  return { pseudonymSecret };
}

/** Hex or base64, at least MIN_SECRET_BYTES bytes once decoded. */
export function parseSecret(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^(?:[0-9a-fA-F]{2})+$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : Buffer.alloc(0);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new Error(`${source} must be at least ${MIN_SECRET_BYTES} bytes written in hex or base64 (e.g. \`openssl rand -base64 32\`)`);
  }
  return bytes;
}

/**
 * Reads `name` from `dir`, creating it with `make()` the first time. Creation is atomic (write a
 * private temporary file, then hard-link it to its name, which fails if another process won the
 * race), so two servers starting together on one folder end up with the same secret.
 */
export function secretFile(dir: string, name: string, make: () => string, what: string): Buffer {
  const file = path.join(dir, name);
  const read = () => parseSecret(readFileSync(file, 'utf8'), `${what} file ${file}`);
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = path.join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temporary, make(), { mode: 0o600, flag: 'wx' });
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return read();
}
