import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/** Karvan runs on Node 20: no installed package may declare that it needs a newer Node. */
const root = fileURLToPath(new URL('../..', import.meta.url));

function* packages(dir: string): Generator<{ name: string; version: string; node?: string }> {
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (entry.startsWith('@')) {
      yield* packages(full);
      continue;
    }
    const manifest = path.join(full, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string; engines?: { node?: string } };
    yield { name: pkg.name, version: pkg.version, node: pkg.engines?.node };
    const nested = path.join(full, 'node_modules');
    if (existsSync(nested)) yield* packages(nested);
  }
}

describe('dependencies', () => {
  it('all support Node 20', () => {
    const node20 = '20.19.0';
    const tooNew = [...packages(path.join(root, 'node_modules'))]
      .filter((p) => p.node && !semver.satisfies(node20, p.node, { includePrerelease: true }))
      .map((p) => `${p.name}@${p.version} needs node ${p.node}`);
    expect(tooNew).toEqual([]);
  });
});
