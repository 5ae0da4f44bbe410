import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/**
 * A checkpoint is the head of every chain at one moment, signed with the instance's ed25519 key.
 * Whoever keeps a copy can later prove that the history up to it was not rewritten: the
 * transfer at each head must still carry the same hash. The signed bytes travel as a string
 * (`payload`), so a verifier checks exactly what was signed and never re-serialises JSON.
 */
export const CHECKPOINT_FORMAT = 'karvan-checkpoint-v1';

export const CheckpointPayload = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  createdAt: z.iso.datetime({ offset: true }),
  keyFingerprint: z.string(),
  transfers: z.number().int().nonnegative(),
  chains: z.array(
    z.strictObject({
      organisationId: z.uuid(),
      seq: z.number().int().nonnegative(),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type CheckpointPayload = z.infer<typeof CheckpointPayload>;

export const CheckpointFile = z
  .strictObject({
    format: z.literal(CHECKPOINT_FORMAT),
    payload: z.string().describe('the signed bytes: a JSON CheckpointPayload, as UTF-8'),
    signature: z.string().describe('ed25519 signature of payload, base64'),
  })
  .meta({ id: 'Checkpoint' });
export type CheckpointFile = z.infer<typeof CheckpointFile>;

/** sha-256 of the public key's DER (SubjectPublicKeyInfo) bytes: short enough to read out on a call. */
export function keyFingerprint(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return `sha256:${createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

export function signCheckpoint(payload: CheckpointPayload, privateKey: KeyObject): CheckpointFile {
  const text = JSON.stringify(payload);
  return { format: CHECKPOINT_FORMAT, payload: text, signature: sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64') };
}

export type CheckpointCheck = { ok: true; payload: CheckpointPayload } | { ok: false; reason: string };

/** Needs nothing but the file and the published public key: no database, no network. */
export function verifyCheckpoint(file: unknown, publicKeyPem: string): CheckpointCheck {
  const parsed = CheckpointFile.safeParse(file);
  if (!parsed.success) return { ok: false, reason: `not a ${CHECKPOINT_FORMAT} file: ${parsed.error.issues[0]!.message}` };
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(publicKeyPem);
  } catch {
    return { ok: false, reason: 'the public key is not a PEM key' };
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return { ok: false, reason: 'the public key is not an ed25519 key' };
  const signed = Buffer.from(parsed.data.payload, 'utf8');
  if (!verify(null, signed, publicKey, Buffer.from(parsed.data.signature, 'base64'))) {
    return { ok: false, reason: 'the signature does not match: the file was changed, or it was signed with another key' };
  }
  let payload: CheckpointPayload;
  try {
    payload = CheckpointPayload.parse(JSON.parse(parsed.data.payload));
  } catch {
    return { ok: false, reason: 'the signed payload is not a checkpoint' };
  }
  if (payload.keyFingerprint !== keyFingerprint(publicKey)) {
    return { ok: false, reason: 'the checkpoint names another key than the one given' };
  }
  return { ok: true, payload };
}
