import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, keyFingerprint, signCheckpoint, verifyCheckpoint, type CheckpointPayload } from '../../src/domain/ledger/checkpoint.js';

const pair = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const payload: CheckpointPayload = {
  format: CHECKPOINT_FORMAT,
  createdAt: '2025-06-15T10:00:00.000Z',
  keyFingerprint: keyFingerprint(pair.publicKey),
  transfers: 3,
  chains: [{ organisationId: '0b6f1c3e-8a0d-4a43-9a55-3c1f2a7b9d10', seq: 3, hash: 'ab'.repeat(32) }],
};

describe('checkpoints', () => {
  it('verify with the public key alone', () => {
    const file = JSON.parse(JSON.stringify(signCheckpoint(payload, pair.privateKey)));
    expect(verifyCheckpoint(file, pem)).toEqual({ ok: true, payload });
  });

  it('fail when one character of the payload changes', () => {
    const file = signCheckpoint(payload, pair.privateKey);
    const changed = { ...file, payload: file.payload.replace('"seq":3', '"seq":4') };
    expect(verifyCheckpoint(changed, pem)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature does not match/) });
  });

  it('fail with another key', () => {
    const file = signCheckpoint(payload, other.privateKey);
    expect(verifyCheckpoint(file, pem)).toMatchObject({ ok: false });
  });

  it('refuse what is not a checkpoint or not a key', () => {
    expect(verifyCheckpoint({ hello: 'world' }, pem)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a karvan-checkpoint-v1/) });
    expect(verifyCheckpoint(signCheckpoint(payload, pair.privateKey), 'not a key')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a PEM key/) });
  });
});
