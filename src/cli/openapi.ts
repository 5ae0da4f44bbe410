import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../db/client.js';
import { buildApp } from '../http/app.js';

export const openapiFile = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

/** The OpenAPI document as the server describes itself, in a stable text form for the repository. */
export async function renderOpenapi(): Promise<string> {
  // Building the routes needs no data: an empty in-memory database will do.
  const store = await openPglite();
  try {
    const app = await buildApp({ store, config: { secureCookies: false, sessionTtlHours: 1 } });
    await app.ready();
    const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    return text;
  } finally {
    await store.close();
  }
}

export async function openapi(options: { write?: boolean }): Promise<void> {
  const text = await renderOpenapi();
  if (options.write) {
    writeFileSync(openapiFile, text);
    console.error(`wrote ${openapiFile}`);
  } else {
    process.stdout.write(text);
  }
}
