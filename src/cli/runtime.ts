import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { openStore, type Store } from '../db/client.js';
import { migrate } from '../db/migrate.js';

export function makeLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'karvan' },
    // Belt and braces: our own log lines carry no secrets, but an error object might.
    redact: { paths: ['*.password', '*.newPassword', '*.currentPassword', '*.token', '*.setupToken', '*.documentNumber', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
  });
}

/** Opens the configured database and brings it to the current schema. */
export async function openMigrated(config: Config = loadConfig()): Promise<Store> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** Runs a command against the database and always closes it. */
export async function withStore<T>(fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openMigrated(config);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

export async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}
