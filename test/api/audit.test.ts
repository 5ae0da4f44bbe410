import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { verifyCheckpoint } from '../../src/domain/ledger/checkpoint.js';
import type { AuditReportView, PublicKeyView } from '../../src/domain/ledger/views.js';
import { createCheckpoint } from '../../src/services/audit/checkpoints.js';
import { ensureAuditKey, privateKeyPath } from '../../src/services/audit/keys.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { seedStock, type StockWorld } from '../helpers/stock.js';

let t: TestApp;
let w: World;
let s: StockWorld;
let secretsDir: string;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  s = await seedStock(t, w);
  secretsDir = mkdtempSync(path.join(os.tmpdir(), 'karvan-secrets-'));
});
afterAll(async () => {
  await t.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

describe('audit', () => {
  it('publishes the public key to anyone once the server has made it, the same on every start', async () => {
    expect((await w.anonymous.call('GET', '/api/audit/public-key')).statusCode).toBe(404);
    const made = await ensureAuditKey(t.store, secretsDir);
    expect(made.created).toBe(true);
    const res = await w.anonymous.call('GET', '/api/audit/public-key');
    expect(res.statusCode).toBe(200);
    const key = res.json<PublicKeyView>();
    expect(key).toMatchObject({ algorithm: 'ed25519', fingerprint: made.key.fingerprint });
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(await ensureAuditKey(t.store, secretsDir)).toEqual({ key, created: false });
  });

  it('lets a process without the private key serve the stored public key, and stops one holding a foreign key', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'karvan-secrets-'));
    const foreign = mkdtempSync(path.join(os.tmpdir(), 'karvan-secrets-'));
    try {
      const stored = await ensureAuditKey(t.store, secretsDir);
      expect(await ensureAuditKey(t.store, empty)).toEqual(stored);
      expect(existsSync(privateKeyPath(empty))).toBe(false);
      writeFileSync(privateKeyPath(foreign), generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await expect(ensureAuditKey(t.store, foreign)).rejects.toThrow(/does not belong to the public key in the database/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
      rmSync(foreign, { recursive: true, force: true });
    }
  });

  it('verifies the ledger for monitors and coordinators, not for people without audit:read', async () => {
    await w.people.sending.warehouse.call('POST', `/api/organisations/${w.sending.id}/stock/intakes`, {
      id: newId(),
      locationId: s.sites.isfahanMain.id,
      source: 'purchase',
      lines: [{ itemId: s.items.rice.id, triage: 'urgent', quantityUnits: 3 }],
    });
    for (const caller of [w.people.partner.monitor, w.people.sending.coordinator, w.admin]) {
      const res = await caller.call('GET', '/api/audit/verification');
      expect(res.statusCode).toBe(200);
      expect(res.json<AuditReportView>()).toMatchObject({ ok: true, firstBrokenTransferId: null });
    }
    expect((await w.people.sending.warehouse.call('GET', '/api/audit/verification')).statusCode).toBe(403);
    expect((await w.people.partner.field.call('GET', '/api/audit/verification')).statusCode).toBe(403);
    expect((await w.anonymous.call('GET', '/api/audit/verification')).statusCode).toBe(401);
  });

  it('serves the latest signed checkpoint, which verifies offline with the published key', async () => {
    expect((await w.people.partner.monitor.call('GET', '/api/audit/checkpoints/latest')).statusCode).toBe(404);
    await ensureAuditKey(t.store, secretsDir);
    const created = await createCheckpoint(t.store.db, secretsDir);
    const res = await w.people.partner.monitor.call('GET', '/api/audit/checkpoints/latest');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(created.signed);
    const key = (await w.anonymous.call('GET', '/api/audit/public-key')).json<PublicKeyView>();
    const check = verifyCheckpoint(res.json(), key.publicKeyPem);
    expect(check).toMatchObject({ ok: true, payload: { transfers: created.report.transfers } });
    expect((await w.people.sending.field.call('GET', '/api/audit/checkpoints/latest')).statusCode).toBe(403);
  });
});
