import { performance } from 'node:perf_hooks';
import { assertEmpty, loadDemo, type DemoAccount, type DemoSummary } from '../demo/load.js';
import { DEMO_PASSWORD } from '../demo/organisations.js';
import { loadSecrets } from '../services/secrets.js';
import { withStore } from './runtime.js';

export interface DemoCommandOptions {
  seed: number;
  scale: number;
  json?: boolean;
}

const n = (x: number) => x.toLocaleString('en');

function describe(summary: DemoSummary, seconds: number): string[] {
  const byStatus = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${v} ${k}`).join(', ');
  return [
    `Demo scenario loaded in ${seconds.toFixed(1)} s (seed ${summary.seed}${summary.scale !== 1 ? `, scale ${summary.scale}` : ''}):`,
    `  ${summary.organisations} organisations, ${summary.users} people, ${summary.sites} sites, ${summary.items} items and ${summary.kits} kits`,
    `  ${summary.needs ? Object.values(summary.needs).reduce((a, b) => a + b, 0) : 0} needs (${byStatus(summary.needs)})`,
    `  ${Object.values(summary.pledges).reduce((a, b) => a + b, 0)} pledges (${byStatus(summary.pledges)})`,
    `  ${summary.intakes} intakes, ${summary.kitAssemblies} kit assemblies, ${summary.handovers} hand-overs to partners`,
    `  ${Object.values(summary.consignments).reduce((a, b) => a + b, 0)} consignments (${byStatus(summary.consignments).replaceAll('_', ' ')})`,
    `  ${n(summary.households)} households (${summary.householdsRegisteredByBothPartners} registered by both partners), ${summary.distributionPlans} distribution plans`,
    `  ${n(summary.distributions)} distributions (${summary.exceptions} exceptions allowed by a coordinator): ${Object.entries(summary.unitsDistributed).map(([code, units]) => `${n(units)} ${code}`).join(', ')}`,
    `  ${n(summary.transfers)} ledger transfers in ${summary.chains} chains`,
    summary.verified ? 'Audit: ledger verified: every hash chain and balance recomputed, OK.' : 'Audit: NOT OK: the ledger does not verify.',
  ];
}

function signIn(accounts: DemoAccount[]): string[] {
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    '',
    `Sign in (npm start, then http://localhost:8080) with any of these e-mail addresses and the password: ${DEMO_PASSWORD}`,
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.role}, ${a.organisation}`),
    'Demo data only: never use this password or these accounts in production.',
  ];
}

/** `karvan demo`: the demo scenario into an empty database; progress on stderr, the summary and sign-in on stdout. */
export async function demo(options: DemoCommandOptions): Promise<void> {
  await withStore(async (store, config) => {
    await assertEmpty(store.db);
    const { pseudonymSecret } = loadSecrets(config);
    console.error(`Loading the demo scenario (seed ${options.seed}) into ${store.backend === 'pglite' ? config.dataDir : 'the PostgreSQL database'}…`);
    const t0 = performance.now();
    const { summary, accounts } = await loadDemo(store.db, {
      seed: options.seed,
      scale: options.scale,
      pseudonymSecret,
      progress: (message) => console.error(message),
    });
    const seconds = (performance.now() - t0) / 1000;
    if (options.json) console.log(JSON.stringify({ ...summary, seconds }));
    else console.log([...describe(summary, seconds), ...signIn(accounts)].join('\n'));
    if (!summary.verified) process.exitCode = 1;
  });
}
