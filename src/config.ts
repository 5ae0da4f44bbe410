import path from 'node:path';

/** Everything Karvan reads from its environment, in one place, checked at start. */
export interface Config {
  port: number;
  host: string;
  /** Where the embedded database and the secrets live when DATABASE_URL is not set. */
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  logLevel: string;
  /** Send the session cookie only over HTTPS. On by default when KARVAN_PUBLIC_URL is https. */
  secureCookies: boolean;
  sessionTtlHours: number;
  /** Deployment secrets that are not in the database: KARVAN_SECRETS_DIR, default <dataDir>/secrets. */
  secretsDir: string;
  /**
   * KARVAN_PSEUDONYM_KEY (hex or base64, at least 32 bytes), for several servers sharing one
   * database; when unset, a key is made once in the secrets folder. See src/services/secrets.ts.
   */
  pseudonymKeyText: string | undefined;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const publicUrl = env.KARVAN_PUBLIC_URL ?? '';
  const dataDir = path.resolve(env.KARVAN_DATA_DIR ?? '.data');
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: integer(env, 'KARVAN_DB_POOL_SIZE', 10, 1, 200),
    logLevel: env.KARVAN_LOG_LEVEL ?? 'info',
    secureCookies: env.KARVAN_SECURE_COOKIES ? env.KARVAN_SECURE_COOKIES === 'true' : publicUrl.startsWith('https:'),
    sessionTtlHours: integer(env, 'KARVAN_SESSION_TTL_HOURS', 12, 1, 24 * 90),
    secretsDir: path.resolve(env.KARVAN_SECRETS_DIR || path.join(dataDir, 'secrets')),
    pseudonymKeyText: env.KARVAN_PSEUDONYM_KEY || undefined,
  };
}
