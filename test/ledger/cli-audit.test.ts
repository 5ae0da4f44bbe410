import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The audit commands as an operator and an auditor use them, each in a process of its own, on a
 * PGlite data folder of their own (the commands, not the database, are under test here).
 */
const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'karvan-cli-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function karvan(args: string[], dataDir = path.join(dir, 'data')): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KARVAN_DATA_DIR: dataDir, KARVAN_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/karvan.js', ...args], { cwd: repo, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('karvan audit', () => {
  it('publishes the key, signs a checkpoint, and lets anyone check it offline with the key alone', async () => {
    const key = await karvan(['audit', 'public-key']);
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const pem = path.join(dir, 'karvan-audit.pem');
    writeFileSync(pem, key.stdout);

    const file = path.join(dir, 'checkpoint.json');
    const signed = await karvan(['audit', 'checkpoint', '--out', file]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'karvan-checkpoint-v1' });

    // No database here: the data folder does not exist.
    const offline = await karvan(['audit', 'verify-checkpoint', file, '--public-key', pem], path.join(dir, 'nowhere'));
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/^OK: signed by sha256:/);

    const forged = path.join(dir, 'forged.json');
    const content = JSON.parse(readFileSync(file, 'utf8')) as { payload: string };
    writeFileSync(forged, JSON.stringify({ ...content, payload: content.payload.replace('"transfers":0', '"transfers":1') }));
    const refused = await karvan(['audit', 'verify-checkpoint', forged, '--public-key', pem], path.join(dir, 'nowhere'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/signature does not match/);

    const against = await karvan(['audit', 'verify', '--checkpoint', file, '--public-key', pem]);
    expect(against.code, against.stderr).toBe(0);
    expect(against.stdout).toMatch(/still passes through every hash of the checkpoint/);
  }, 120_000);
});
