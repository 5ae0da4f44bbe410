import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './app.js';

/**
 * Paths where an unknown path is a JSON 404, never the app: the server's own, and the built
 * files (a script asked for after a new build must fail as a script, not load a page).
 */
const notTheApp = /^\/(api|healthz|assets)(\/|$)/;

// The app talks only to its own origin and ships its fonts, so nothing else need be allowed.
const contentSecurityPolicy = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built web app (web/dist) at `/`. Files with a content hash in their name are cached
 * for good; any other path that is not the server's own gets index.html, so deep links such as
 * /catalogue/123 load the app, which then routes in the browser.
 */
export async function registerWebApp(app: App, distDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: distDir,
    // One route per built file (found at start); the app shell below answers every other path.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders(reply, filePath) {
      const hashed = path.dirname(filePath) === path.join(distDir, 'assets');
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (notTheApp.test(request.url)) return reply.callNotFound();
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', contentSecurityPolicy)
      .header('x-content-type-options', 'nosniff')
      .sendFile('index.html');
  });
}
