import { testDeps } from '../helpers/app.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/http/app.js';
import { webDistDir } from '../../src/cli/web-build.js';
import type { Store } from '../../src/db/client.js';
import { openTestStore } from '../helpers/db.js';

let store: Store;
let app: App;
beforeAll(async () => {
  store = await openTestStore();
  app = await buildApp({ ...testDeps(store, 1), web: { distDir: webDistDir } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('the web app at /', () => {
  it('serves the app shell at / and at deep links, never cached, with a content security policy', async () => {
    for (const url of ['/', '/catalogue/0b7c7c1e-0000-4000-8000-000000000000', '/locations?parent=x', '/sign-in']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('<div id="root"></div>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
    }
  });

  it('serves the built files, the hashed ones cached for good', async () => {
    const assets = readdirSync(path.join(webDistDir, 'assets'));
    const script = assets.find((name) => name.endsWith('.js'))!;
    const res = await get(`/assets/${script}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('ships the production build of React, whatever NODE_ENV the build ran under', async () => {
    const shell = (await get('/')).body;
    const entry = /<script type="module" crossorigin src="([^"]+)"/.exec(shell)![1]!;
    const script = (await get(entry)).body;
    expect(script.length).toBeGreaterThan(10_000);
    expect(script).not.toContain('Download the React DevTools');
  });

  it('keeps JSON 404s for unknown /api and /healthz paths and for a missing asset', async () => {
    for (const url of ['/api/nothing-here', '/api', '/healthz/deeper', '/assets/not-built.js']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('answers other methods on app paths with a JSON 404', async () => {
    const res = await app.inject({ method: 'POST', url: '/catalogue' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('leaves the API and its documentation as they were', async () => {
    expect((await get('/healthz')).json()).toMatchObject({ status: 'ok' });
    expect((await get('/api/me')).statusCode).toBe(401);
    expect((await get('/api/openapi.json')).json()).toHaveProperty('openapi');
  });
});
