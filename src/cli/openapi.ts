import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../db/client.js';
import { buildApp } from '../http/app.js';

export const openapiFile = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

/** The OpenAPI document as the server describes itself, in a stable text form for the repository. */
export async function renderOpenapi(): Promise<string> {
  // Building the routes needs no data: an empty in-memory database will do.
  const store = await openPglite();
  try {
    // Describing the routes uses no secret; a throw-away key keeps the real one out of this process.
    const secrets = { pseudonymSecret: randomBytes(32) };
    const app = await buildApp({ store, config: { secureCookies: false, sessionTtlHours: 1 }, secrets });
    await app.ready();
    const doc = app.swagger() as { components?: { schemas?: Record<string, unknown> } };
    // Named schemas come in the order their modules were first imported, which differs between
    // the CLI and the tests; sorted, the document is the same however it was produced.
    const schemas = doc.components?.schemas;
    if (schemas) doc.components!.schemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    await app.close();
    return text;
  } finally {
    await store.close();
  }
}

export async function openapi(options: { write?: boolean }): Promise<void> {
  const text = await renderOpenapi();
  if (options.write) {
    mkdirSync(path.dirname(openapiFile), { recursive: true });
    writeFileSync(openapiFile, text);
    console.error(`wrote ${openapiFile}`);
  } else {
    process.stdout.write(text);
  }
}
