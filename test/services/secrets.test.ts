import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { checkPseudonymSecret } from '../../src/services/households/secret-check.js';
import { loadSecrets, parseSecret } from '../../src/services/secrets.js';
import { openTestStore } from '../helpers/db.js';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'karvan-secrets-'));
  dirs.push(dir);
  return path.join(dir, 'secrets');
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('deployment secrets', () => {
  it('creates the pseudonym key once, readable by its owner only, and reads the same key afterwards', () => {
    const secretsDir = freshDir();
    const first = loadSecrets({ secretsDir, pseudonymKeyText: undefined });
    expect(first.pseudonymSecret.length).toBe(32);
    expect(statSync(path.join(secretsDir, 'pseudonym.key')).mode & 0o777).toBe(0o600);
    expect(loadSecrets({ secretsDir, pseudonymKeyText: undefined }).pseudonymSecret.equals(first.pseudonymSecret)).toBe(true);
  });

  it('takes KARVAN_PSEUDONYM_KEY in hex or base64 instead of a file, and refuses a short one', () => {
    const secretsDir = freshDir();
    const hex = 'ab'.repeat(32);
    expect(loadSecrets({ secretsDir, pseudonymKeyText: hex }).pseudonymSecret.equals(Buffer.from(hex, 'hex'))).toBe(true);
    const base64 = Buffer.alloc(48, 9).toString('base64');
    expect(parseSecret(base64, 'test').length).toBe(48);
    expect(existsSync(secretsDir)).toBe(false);
    expect(() => parseSecret('ab'.repeat(16), 'KARVAN_PSEUDONYM_KEY')).toThrow(/at least 32 bytes/);
    expect(() => parseSecret('not a key!', 'KARVAN_PSEUDONYM_KEY')).toThrow(/hex or base64/);
  });

  it('keeps secrets under the data folder unless KARVAN_SECRETS_DIR says otherwise', () => {
    expect(loadConfig({ KARVAN_DATA_DIR: '/srv/karvan' }).secretsDir).toBe('/srv/karvan/secrets');
    expect(loadConfig({ KARVAN_DATA_DIR: '/srv/karvan', KARVAN_SECRETS_DIR: '/run/secrets/karvan' }).secretsDir).toBe('/run/secrets/karvan');
  });

  it('refuses to run a database holding households with a pseudonym key other than the one they were registered under', async () => {
    const store = await openTestStore();
    try {
      await checkPseudonymSecret(store.db, Buffer.alloc(32, 1));
      // No household yet: the operator may still change the key.
      await checkPseudonymSecret(store.db, Buffer.alloc(32, 2));
      await checkPseudonymSecret(store.db, Buffer.alloc(32, 1));
      const [user] = await store.query<{ id: string }>('select id from users limit 1');
      const [org] = await store.query<{ id: string }>("insert into organisations (id, kind, name_en, country) values (gen_random_uuid(), 'partner', 'P', 'PS') returning id");
      const [place] = await store.query<{ id: string }>("select id from locations where level = 'admin2' limit 1");
      await store.query(
        'insert into households (id, organisation_id, pseudonym_key, location_id, member_count, children_under5_count, school_age_children_count, registered_by) values (gen_random_uuid(), $1, $2, $3, 1, 0, 0, $4)',
        [org!.id, 'f'.repeat(64), place!.id, user!.id],
      );
      await checkPseudonymSecret(store.db, Buffer.alloc(32, 1));
      await expect(checkPseudonymSecret(store.db, Buffer.alloc(32, 2))).rejects.toThrow(/not the one this database was used with/);
      const rows = await store.query<{ value: unknown }>("select value from settings where key like 'households.%'");
      expect(JSON.stringify(rows)).not.toContain(Buffer.alloc(32, 1).toString('hex'));
    } finally {
      await store.close();
    }
  });
});
