import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const webDistDir = path.join(root, 'web', 'dist');
const webIndex = path.join(webDistDir, 'index.html');
/** What the built app is made from; a newer file than the build means the build is stale. */
const webSources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'].map((p) => path.join(root, p));

function newestChange_ms(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((newest, name) => Math.max(newest, newestChange_ms(path.join(file, name))), stat.mtimeMs);
}

export function webBuildState(): 'missing' | 'stale' | 'fresh' {
  if (!existsSync(webIndex)) return 'missing';
  const built_ms = statSync(webIndex).mtimeMs;
  return webSources.some((source) => existsSync(source) && newestChange_ms(source) > built_ms) ? 'stale' : 'fresh';
}

/** Runs `npm run build:web` (vite) in a child process, so the server's memory stays its own. */
export async function buildWebApp(): Promise<void> {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    // Vite builds whatever NODE_ENV says; under a test runner that is 'test', which would ship React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 16 * 1024 * 1024,
  });
}
