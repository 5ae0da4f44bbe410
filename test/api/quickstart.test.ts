import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * Runs the README's walk-through exactly as written, against the real `karvan serve` process
 * (what `npm start` runs), on a fresh data folder — or a fresh PostgreSQL database when the suite
 * runs on PostgreSQL — and the command-line tools around it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

function block(name: string): string {
  const match = readme.match(new RegExp(`<!-- ${name}:start -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`));
  if (!match) throw new Error(`README.md has no ${name} block`);
  return match[1]!;
}

let work: string;
let database: TestDatabase | null;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'karvan-quickstart-'));
  database = await createTestDatabase();
  env = { ...process.env, KARVAN_DATA_DIR: path.join(work, 'data'), KARVAN_LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  if (database) env.DATABASE_URL = database.url;
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await database?.drop();
});

interface Server {
  address: string;
  log: string[];
  stop(): Promise<void>;
}

/** Starts `karvan serve` on a free port and waits for the line that says it listens. */
function startServer(): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ['bin/karvan.js', 'serve'], {
    cwd: root,
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join('\n')}`)), 60_000);
    child.stderr!.on('data', (d) => log.push(String(d)));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log.join('\n')}`)));
    child.stdout!.on('data', (d) => {
      buffered += String(d);
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        const listening = /Karvan is listening on (http:\/\/[\d.:]+)/.exec(line);
        if (listening) {
          clearTimeout(timer);
          // Give the first-start message (written right after) a moment to arrive.
          setTimeout(
            () =>
              resolve({
                address: listening[1]!,
                log,
                stop: () =>
                  new Promise((done) => {
                    child.removeAllListeners('exit');
                    child.on('exit', () => done());
                    child.kill('SIGTERM');
                  }),
              }),
            500,
          );
        }
      }
    });
  });
}

const karvan = (args: string[], input?: string) =>
  new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
    const child = spawn(process.execPath, ['bin/karvan.js', ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
    child.stdin.end(input ?? '');
  });

// Each test starts server and CLI processes (a few seconds each when the machine is quiet, many more when it is busy).
describe('README quick start', { timeout: 180_000 }, () => {
  it('a first start says how to create the first administrator', async () => {
    const server = await startServer();
    try {
      const health = await fetch(`${server.address}/healthz`);
      expect(health.status).toBe(200);
      const text = server.log.join('\n');
      expect(text).toContain('npx karvan admin create');
      expect(text).toMatch(/setup token kvsetup_[\w-]{20,}/);
    } finally {
      await server.stop();
    }
  });

  it("runs the README's steps as written: administrator, sign-in, organisation, person, warehouse, item, kit", async () => {
    await run('bash', ['-c', block('quickstart-admin')], { cwd: root, env });
    const server = await startServer();
    try {
      const { stdout } = await run('bash', ['-c', block('quickstart')], { cwd: work, env: { ...env, KARVAN: server.address } });
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^[\w-]{16}$/); // the coordinator's temporary password
      expect(lines[1]).toMatch(/^[0-9a-f-]{36}$/); // the warehouse's id
      expect(lines[2]).toBe('KIT-FAMILY-FOOD');
      expect(server.log.join('\n')).not.toContain('olive branch 2026 Isfahan');
    } finally {
      await server.stop();
    }
  });

  it('the command line creates tokens and resets passwords, and each command has --help', async () => {
    for (const command of [[], ['serve'], ['migrate'], ['admin', 'create'], ['admin', 'reset-password'], ['token', 'create'], ['openapi']]) {
      const { stdout, code } = await karvan([...command, '--help']);
      expect(code, command.join(' ')).toBe(0);
      expect(stdout).toMatch(/^Usage: karvan/);
    }
    const token = await karvan(['token', 'create', '--email', 'admin@example.org', '--name', 'nightly export']);
    expect(token.code, token.stderr).toBe(0);
    const reset = await karvan(['admin', 'reset-password', '--email', 'admin@example.org', '--password-stdin'], 'a brand new passphrase\n');
    expect(reset.code, reset.stderr).toBe(0);
    const unknown = await karvan(['admin', 'reset-password', '--email', 'ghost@example.org']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not found');

    const server = await startServer();
    try {
      const me = await fetch(`${server.address}/api/me`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
      expect(((await me.json()) as { email: string }).email).toBe('admin@example.org');
      const signIn = await fetch(`${server.address}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.org', password: 'a brand new passphrase' }),
      });
      expect(signIn.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
