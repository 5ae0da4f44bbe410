import { createHmac } from 'node:crypto';
import { invalid } from '../errors.js';
import { foldForMatch } from '../text.js';

/**
 * The pseudonymous key of a household: HMAC-SHA-256, under the deployment's secret key, of the
 * identity document number after folding. The same document typed with Persian, Arabic or ASCII
 * digits, with spaces or dashes, gives the same key, so duplicates are found across partners; and
 * without the secret key (which never enters the database) a key cannot be traced back to a
 * number, even though identity numbers are short enough to try them all.
 */
export function normaliseDocumentNumber(documentNumber: string): string {
  const folded = foldForMatch(documentNumber).replace(/[^\p{L}\p{N}]/gu, '');
  if (folded.length < 4 || folded.length > 40) {
    throw invalid('documentNumber', 'must have 4 to 40 letters and digits (spaces and dashes are ignored)');
  }
  return folded;
}

// The version lets a future change of folding live beside the old keys instead of silently breaking matches.
const CONTEXT = 'karvan:household-document:v1\u0000';

export const MIN_SECRET_BYTES = 32;

export function pseudonymKey(secret: Uint8Array, documentNumber: string): string {
  if (secret.length < MIN_SECRET_BYTES) throw new Error(`the pseudonym secret must have at least ${MIN_SECRET_BYTES} bytes`);
  return createHmac('sha256', secret).update(CONTEXT + normaliseDocumentNumber(documentNumber)).digest('hex');
}

/** A value that tells whether two secrets are the same without revealing either. */
export const secretFingerprint = (secret: Uint8Array): string =>
  createHmac('sha256', secret).update('karvan:pseudonym-secret-check').digest('hex');
