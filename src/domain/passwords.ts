import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';

// scrypt cost: N=2^15 takes about 60 ms here, slow enough to make guessing expensive.
const N = 32_768;
const r = 8;
const p = 1;
const KEY_BYTES = 32;
const maxmem = 64 * 1024 * 1024;

export const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

function derive(password: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { N: n, r: rr, p: pp, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, base64url; the parameters travel with the hash so they can grow. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(rr), Number(pp));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash computed for a user who does not exist, so a wrong e-mail takes as long as a wrong password. */
export const decoyPasswordHash = `scrypt$${N}$${r}$${p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_BYTES).toString('base64url')}`;

/** A secret for a cookie or an API token: 32 random bytes, with a prefix that says what it is. */
export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Secrets are stored as their sha-256 only; they are long and random, so a fast hash suffices. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
