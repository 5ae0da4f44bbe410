import { loadConfig } from '../config.js';
import { buildApp } from '../http/app.js';
import { issueSetupToken } from '../services/auth/setup.js';
import { checkPseudonymSecret } from '../services/households/secret-check.js';
import { loadSecrets } from '../services/secrets.js';
import { makeLogger, openMigrated } from './runtime.js';

export async function serve(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const logger = makeLogger(config);
  const secrets = loadSecrets(config);
  const store = await openMigrated(config);
  try {
    await checkPseudonymSecret(store.db, secrets.pseudonymSecret);
  } catch (error) {
    await store.close();
    throw error;
  }
  const app = await buildApp({ store, config, secrets }, logger);

  const address = await app.listen({ port: config.port, host: config.host });
  logger.info(
    {
      address,
      backend: store.backend,
      data: store.backend === 'pglite' ? config.dataDir : 'DATABASE_URL',
      startup_ms: Math.round(performance.now() - startedAt),
    },
    `Karvan is listening on ${address} (API documentation at ${address}/api/docs)`,
  );

  const setupToken = await issueSetupToken(store.db);
  if (setupToken) {
    logger.warn(
      'No administrator yet. Create one on this machine with `npx karvan admin create --email you@example.org --name "Your Name"`, ' +
        `or POST /api/setup with the one-time setup token ${setupToken} (it changes at each start until used).`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
