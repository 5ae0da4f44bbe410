import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openapiFile, renderOpenapi } from '../../src/cli/openapi.js';

describe('the checked-in OpenAPI document', () => {
  it('matches what the server describes (run `npm run openapi` after changing a route)', async () => {
    const checkedIn = readFileSync(openapiFile, 'utf8');
    const current = await renderOpenapi();
    expect(current === checkedIn, 'docs/openapi.json is stale: run `npm run openapi` and commit it').toBe(true);
  });

  it('documents every route with its error shape', async () => {
    const doc = JSON.parse(await renderOpenapi());
    expect(doc.components.schemas.Error).toBeDefined();
    const signIn = doc.paths['/api/auth/sign-in'].post;
    expect(Object.keys(signIn.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
  });
});
