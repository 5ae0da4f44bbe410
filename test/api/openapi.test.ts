import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openapiFile, renderOpenapi } from '../../src/cli/openapi.js';

describe('docs/openapi.json', () => {
  it('is what the server describes now (run `npm run openapi` after changing routes)', async () => {
    expect(readFileSync(openapiFile, 'utf8')).toBe(await renderOpenapi());
  });
});
