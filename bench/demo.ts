import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { migrate } from '../src/db/migrate.js';
import { loadDemo } from '../src/demo/load.js';
import { openScratch } from './scratch-store.js';

/**
 * `karvan demo` at full size (5,000 households, 10,000 distributions) into a scratch store: PGlite
 * in a temporary folder (default) or a scratch database on the PostgreSQL server named by
 * DATABASE_URL. Measures the load alone (the migration of the fresh store is timed apart, as it is
 * the same for every command). Options: --scale F (default 1), --seed N (default 1).
 */
const log = (message: string) => console.log(`[bench demo] ${message}`);

function parse(args: string[]): { scale: number; seed: number } {
  const options = { scale: 1, seed: 1 };
  for (let i = 0; i < args.length; i += 2) {
    const value = Number(args[i + 1]);
    if (args[i] === '--scale' && value > 0 && value <= 1) options.scale = value;
    else if (args[i] === '--seed' && Number.isSafeInteger(value) && value >= 0) options.seed = value;
    else throw new Error('usage: [--scale F] [--seed N]');
  }
  return options;
}

const { scale, seed } = parse(process.argv.slice(3));
const { store, backend, cleanup } = await openScratch();
try {
  const [load1] = os.loadavg();
  log(`backend ${backend}, ${os.cpus().length} CPU cores, load average ${load1!.toFixed(1)}, scale ${scale}, seed ${seed}`);
  const m0 = performance.now();
  await migrate(store);
  const migrateS = (performance.now() - m0) / 1000;
  log(`migrated a fresh store in ${migrateS.toFixed(1)} s`);
  const t0 = performance.now();
  const { summary } = await loadDemo(store.db, { seed, scale, pseudonymSecret: Buffer.alloc(32, 0x42), progress: log });
  const demoS = (performance.now() - t0) / 1000;
  log(`demo loaded in ${demoS.toFixed(1)} s; ledger ${summary.verified ? 'verified' : 'NOT VERIFIED'}`);
  console.log(
    JSON.stringify({
      backend,
      demo_s: Math.round(demoS * 10) / 10,
      migrate_s: Math.round(migrateS * 10) / 10,
      households: summary.households,
      distributions: summary.distributions,
      transfers: summary.transfers,
      verified: summary.verified,
      loadavg_1m: Math.round(os.loadavg()[0]! * 10) / 10,
    }),
  );
  if (!summary.verified) process.exitCode = 1;
} finally {
  await cleanup();
}
