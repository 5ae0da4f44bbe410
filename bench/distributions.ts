import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../src/domain/access.js';
import type { DistributionInput } from '../src/domain/distributions/record.js';
import { newId } from '../src/domain/ids.js';
import { referenceLocationId } from '../src/db/reference-locations.js';
import { migrate } from '../src/db/migrate.js';
import { entitlementRules, memberships } from '../src/db/schema/index.js';
import { verifyLedger } from '../src/services/audit/verify.js';
import { createItem } from '../src/services/catalogue.js';
import { operator, type Ctx } from '../src/services/context.js';
import { householdsServed } from '../src/services/distributions/aggregates.js';
import { issueToSite } from '../src/services/distributions/plan-stock.js';
import { createPlan } from '../src/services/distributions/plans.js';
import { recordDistribution } from '../src/services/distributions/record.js';
import { syncDistributions } from '../src/services/distributions/sync.js';
import { registerHousehold } from '../src/services/households/households.js';
import { receiveIntake } from '../src/services/ledger/intake.js';
import { createLocation } from '../src/services/locations.js';
import { createOrganisation } from '../src/services/organisations.js';
import { insertUser } from '../src/services/users.js';
import { plainItem } from '../test/helpers/stock.js';
import { openScratch } from './scratch-store.js';

/**
 * Recording distributions, on PGlite (default) or on the PostgreSQL server named by DATABASE_URL
 * (a scratch database): households registered, a plan with a parcel rule (1 per household per
 * 30 days) and stock issued, then
 *   1. one record per request (recordDistribution: household lock, entitlement check against the
 *      household's history, FEFO pick, posting), p50/p99 latency and records per second;
 *   2. offline sync in batches of 500 (each record its own transaction), records per second,
 *      with every household receiving a second parcel 40 days later (history of one record);
 *   3. the households-served aggregate over all of them;
 * then verifies the ledger. Options: --households N (default 2,000).
 */
const log = (message: string) => console.log(`[bench distributions] ${message}`);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const SECRET = Buffer.alloc(32, 0x42);

function parse(args: string[]): { households: number } {
  if (args.length === 0) return { households: 2_000 };
  const n = Number(args[1]);
  if (args[0] !== '--households' || !Number.isInteger(n) || n <= 0 || args.length > 2) throw new Error('usage: --households N');
  return { households: n };
}

const { households: count } = parse(process.argv.slice(3));
const { store, backend, cleanup } = await openScratch();
try {
  log(`backend ${backend}, ${os.cpus().length} CPU cores, ${count.toLocaleString('en')} households`);
  await migrate(store);
  const admin: Ctx = { db: store.db, actor: operator };
  const partner = await createOrganisation(admin, { kind: 'partner', names: { en: 'Bench partner' }, country: 'PS', contacts: [] });
  const userId = await insertUser(store.db, { email: 'field@bench.test', displayName: 'Field officer', password: 'bench password 2026' });
  await store.db.insert(memberships).values({ userId, organisationId: partner.id, role: 'coordinator' });
  const actor: Actor = { userId, isInstanceAdmin: false, memberships: [{ organisationId: partner.id, organisationKind: 'partner', role: 'coordinator' }], via: 'token' };
  const ctx: Ctx = { db: store.db, actor };
  const site = (siteKind: 'warehouse' | 'distribution_point') =>
    createLocation(admin, { level: 'site', siteKind, parentId: referenceLocationId('PS0265'), names: { en: siteKind }, organisationId: partner.id });
  const [warehouse, point] = [await site('warehouse'), await site('distribution_point')];
  const parcel = await createItem(admin, plainItem('KIT-FOOD', 'Family food parcel'));
  await store.db.insert(entitlementRules).values({ id: newId(), organisationId: partner.id, itemId: parcel.id, quantityUnits: 1, per: 'household', windowKind: 'rolling_days', windowDays: 30, createdBy: userId });
  await receiveIntake(ctx, partner.id, { id: newId(), locationId: warehouse.id, source: 'purchase', lines: [{ itemId: parcel.id, expiryDate: null, triage: 'urgent', quantityUnits: 2 * count }] });
  const plan = await createPlan(ctx, partner.id, { title: 'Bench round', siteId: point.id, plannedOn: '2025-01-10', householdsExpected: count, lines: [{ itemId: parcel.id, quantityUnits: 1, per: 'household' }] });
  await issueToSite(ctx, partner.id, plan.id, { id: newId(), fromLocationId: warehouse.id, lines: [{ itemId: parcel.id, quantityUnits: 2 * count }] });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await registerHousehold(ctx, SECRET, partner.id, { documentNumber: `BENCH${i}`, locationId: point.id, memberCount: 5, childrenUnder5Count: 0, schoolAgeChildrenCount: 0, vulnerabilities: [] })).id);
  }
  const recordFor = (householdId: string, day: string): DistributionInput => ({
    id: newId(),
    planId: plan.id,
    householdId,
    distributedAt: `${day}T10:00:00+02:00`,
    proof: { kind: 'voucher', code: `V-${newId().slice(0, 12).toUpperCase()}` },
  });

  const latencies: number[] = [];
  const started = performance.now();
  for (const householdId of ids) {
    const t0 = performance.now();
    await recordDistribution(ctx, SECRET, partner.id, recordFor(householdId, '2025-01-10'));
    latencies.push(performance.now() - t0);
  }
  const singleMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const singleRate = Math.round((count / singleMs) * 1000);
  log(`one record per request: ${singleRate}/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);

  const syncStarted = performance.now();
  let recorded = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const { results } = await syncDistributions(ctx, SECRET, partner.id, { records: ids.slice(i, i + 500).map((h) => recordFor(h, '2025-02-19')) });
    recorded += results.filter((r) => r.outcome === 'recorded').length;
  }
  const syncMs = performance.now() - syncStarted;
  const syncRate = Math.round((count / syncMs) * 1000);
  log(`offline sync in batches of 500: ${syncRate}/s (${recorded} of ${count} recorded)`);

  const t0 = performance.now();
  const served = await householdsServed(store.db, { from: '2025-01', to: '2025-02', by: 'site' });
  const aggregateMs = performance.now() - t0;
  log(`households served by site and month over ${2 * count} distributions: ${aggregateMs.toFixed(1)} ms (${served.rows.length} rows)`);
  const report = await verifyLedger(store.db);
  log(`audit verify: ${report.ok ? 'ok' : 'NOT OK'}`);
  console.log(JSON.stringify({ backend, households: count, singleRecordsPerSecond: singleRate, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), syncRecordsPerSecond: syncRate, aggregateMs, verified: report.ok }));
  if (!report.ok || recorded !== count) process.exitCode = 1;
} finally {
  await cleanup();
}
