import { createHash, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/**
 * The same UUID for the same name on every installation (an RFC 9562 version-8 UUID from
 * sha-256), so reference data such as the Gaza governorates has one id everywhere.
 */
export function stableId(namespace: string, name: string): string {
  const bytes = createHash('sha256').update(`${namespace}\u0000${name}`).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The user the server acts as for commands run on the machine (`npx karvan …`); it cannot sign in. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';
