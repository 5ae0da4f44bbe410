import type { Logger } from 'pino';
import { loadConfig } from '../config.js';
import { buildApp } from '../http/app.js';
import { issueSetupToken } from '../services/auth/setup.js';
import { checkPseudonymSecret } from '../services/households/secret-check.js';
import { loadSecrets } from '../services/secrets.js';
import { ensureAuditKey } from '../services/audit/keys.js';
import { markExpiredLots } from '../services/ledger/lots.js';
import { makeLogger, openMigrated } from './runtime.js';
import { buildWebApp, webBuildState, webDistDir } from './web-build.js';

/** `npm install` builds the web app; a checkout changed since (or never installed) is built here. */
async function ensureWebApp(logger: Logger): Promise<{ distDir: string } | undefined> {
  const state = webBuildState();
  if (state !== 'fresh') {
    const startedAt = performance.now();
    logger.info(`the web app is ${state}; building it (npm run build:web)`);
    try {
      await buildWebApp();
      logger.info({ build_ms: Math.round(performance.now() - startedAt) }, 'web app built');
    } catch (error) {
      logger.error({ err: error }, 'could not build the web app: run `npm install` (or `npm run build:web`) in the Karvan folder, then start again');
    }
  }
  if (webBuildState() === 'missing') {
    logger.warn('serving the API only: the web app is not built (run `npm run build:web`)');
    return undefined;
  }
  return { distDir: webDistDir };
}

const EXPIRY_SWEEP_INTERVAL_MS = 6 * 3_600_000;

export async function serve(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const logger = makeLogger(config);
  const secrets = loadSecrets(config);
  const web = await ensureWebApp(logger);
  const store = await openMigrated(config);
  try {
    await checkPseudonymSecret(store.db, secrets.pseudonymSecret);
  } catch (error) {
    await store.close();
    throw error;
  }
  const audit = await ensureAuditKey(store, config.secretsDir);
  if (audit.created) logger.info({ fingerprint: audit.key.fingerprint, secretsDir: config.secretsDir }, 'created the audit signing key');
  const app = await buildApp({ store, config, secrets, ...(web ? { web } : {}) }, logger);

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
        `or open ${address}/setup in a browser (or POST /api/setup) with the one-time setup token ${setupToken} (it changes at each start until used).`,
    );
  }

  // Reads and picks already treat lots past their date as expired; this writes it down.
  const sweepExpiry = () =>
    markExpiredLots(store.db)
      .then((marked) => marked && logger.info({ lots: marked }, 'marked lots past their expiry date as expired'))
      .catch((error: unknown) => logger.error({ err: error }, 'expiry sweep failed'));
  await sweepExpiry();
  const sweepTimer = setInterval(sweepExpiry, EXPIRY_SWEEP_INTERVAL_MS);
  sweepTimer.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    clearInterval(sweepTimer);
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
