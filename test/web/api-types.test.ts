import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the web app’s API types', () => {
  it('are generated from docs/openapi.json as it is now (run `npm run openapi`)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'karvan-api-types-'));
    try {
      const fresh = path.join(dir, 'schema.d.ts');
      const cli = path.join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
      execFileSync(process.execPath, [cli, 'docs/openapi.json', '--output', fresh], { cwd: root, stdio: 'pipe' });
      expect(readFileSync(path.join(root, 'web', 'src', 'api', 'schema.d.ts'), 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
