import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { newId } from '../../src/domain/ids.js';
import { pseudonymKey } from '../../src/domain/households/pseudonym.js';
import type { Actor } from '../../src/domain/access.js';
import { assertEmpty, DemoRefused, loadDemo, type DemoSummary } from '../../src/demo/load.js';
import { verifyLedger } from '../../src/services/audit/verify.js';
import { importDistributions } from '../../src/services/distributions/import.js';
import { issueToSite } from '../../src/services/distributions/plan-stock.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { getDistribution } from '../../src/services/distributions/records.js';
import { openTestStore } from '../helpers/db.js';

/**
 * The demo scenario, scaled down (the full one is measured by `npm run bench -- demo`): loaded
 * twice with one seed into two fresh stores, it must give the same figures, a ledger that
 * verifies, and no identity document anywhere in the database.
 */
const SCALE = 0.03; // 150 households, 300 distributions
const SECRET = Buffer.alloc(32, 0x44);

let a: Store;
let b: Store;
let first: DemoSummary;
let second: DemoSummary;
let documents: readonly string[] = [];

beforeAll(async () => {
  a = await openTestStore();
  b = await openTestStore();
  first = (await loadDemo(a.db, { seed: 7, scale: SCALE, pseudonymSecret: SECRET, onDocumentNumbers: (d) => (documents = d) })).summary;
  second = (await loadDemo(b.db, { seed: 7, scale: SCALE, pseudonymSecret: SECRET })).summary;
}, 600_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const count = async (store: Store, table: string) => (await store.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

describe('karvan demo', () => {
  it('loads the scenario: organisations, catalogue, needs, pledges, households and distributions at the asked scale', async () => {
    expect(first).toMatchObject({ organisations: 9, users: 23, sites: 14, items: 44, kits: 3, households: 150, distributions: 300, distributionPlans: 12 });
    expect(Object.values(first.needs).reduce((s, n) => s + n, 0)).toBe(12);
    expect(Object.keys(first.needs).sort()).toEqual(expect.arrayContaining(['approved']));
    expect(Object.values(first.pledges).reduce((s, n) => s + n, 0)).toBe(10);
    expect(first.exceptions).toBeGreaterThan(0);
    // Consignments stopped at every step of the journey.
    expect(first.consignments).toEqual({ draft: 2, cancelled: 1, packed: 2, in_transit: 5, at_checkpoint: 2, offloaded: 2, collected: 2, received: 2, closed: 2 });
    expect(await count(a, "consignment_events where kind = 'under_review'")).toBe(2);
    expect(await count(a, "transfers where kind = 'inspection-rejection'")).toBe(2);
    expect(await count(a, "transfers where kind = 'transit-loss'")).toBeGreaterThanOrEqual(2);
    expect(first.unitsDistributed['KIT-FOOD-FAMILY']).toBe(300);
    // What the summary says is what the database holds.
    expect(await count(a, 'households')).toBe(150);
    expect(await count(a, 'distributions')).toBe(300);
    expect(await count(a, 'transfers')).toBe(first.transfers);
    expect(await count(a, "needs where status = 'approved'")).toBe(first.needs.approved);
  });

  it('ends with a ledger that verifies (chains, balances, conservation, nothing negative)', async () => {
    expect(first.verified).toBe(true);
    const report = await verifyLedger(a.db);
    expect(report.ok).toBe(true);
    expect(report.transfers).toBe(first.transfers);
  });

  it('is deterministic: the same seed gives the same figures', () => {
    expect(second).toEqual(first);
  });

  it('keeps no identity document: only their keyed pseudonyms, found nowhere in the database', async () => {
    expect(documents.length).toBeGreaterThanOrEqual(150);
    const keys = new Set((await a.query<{ k: string }>('select pseudonym_key as k from households')).map((r) => r.k));
    for (const d of documents) expect(keys.has(pseudonymKey(SECRET, d))).toBe(true);
    const tables = await a.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
    let dump = '';
    for (const { t } of tables) dump += (await a.query<{ s: string | null }>(`select string_agg(x::text, E'\\n') as s from "${t}" x`))[0]!.s ?? '';
    expect(dump.length).toBeGreaterThan(100_000);
    for (const d of documents) expect(dump.includes(d), `document ${d} is stored`).toBe(false);
  });

  it('refuses a database that is not empty, saying what it holds', async () => {
    await expect(assertEmpty(a.db)).rejects.toThrow(DemoRefused);
    await expect(assertEmpty(a.db)).rejects.toThrow(/not empty \(9 organisations, 23 users, 47 items, \d+ transfers\)/);
    await expect(loadDemo(a.db, { seed: 7, scale: SCALE, pseudonymSecret: SECRET })).rejects.toThrow(DemoRefused);
    expect(await count(a, 'organisations')).toBe(9);
  });
});

describe('importDistributions (the bulk path the demo records with)', () => {
  async function partnerWorld() {
    const [org] = await a.query<{ id: string }>("select id from organisations where kind = 'partner' order by id limit 1");
    const [coordinator] = await a.query<{ user_id: string }>("select user_id from memberships where organisation_id = $1 and role = 'coordinator'", [org!.id]);
    const actor: Actor = { userId: coordinator!.user_id, isInstanceAdmin: false, memberships: [{ organisationId: org!.id, organisationKind: 'partner', role: 'coordinator' }], via: 'cli' };
    const [plan] = await a.query<{ id: string; planned_on: string }>('select id, planned_on::text from distribution_plans where organisation_id = $1 order by planned_on desc limit 1', [org!.id]);
    const [served] = await a.query<{ id: string; household_id: string }>('select id, household_id from distributions where plan_id = $1 and exception_reason is null limit 1', [plan!.id]);
    return { ctx: { db: a.db, actor }, organisationId: org!.id, plan: plan!, served: served! };
  }

  it('writes nothing when one record of the batch breaks a rule, and names that record', async () => {
    const { ctx, organisationId, plan, served } = await partnerWorld();
    // Five more parcels at the plan's site, through the services.
    const [warehouse] = await a.query<{ id: string }>("select id from locations where organisation_id = $1 and site_kind = 'warehouse'", [organisationId]);
    const [parcel] = await a.query<{ id: string }>("select id from items where code = 'KIT-FOOD-FAMILY'");
    await receiveIntake(ctx, organisationId, { id: newId(), locationId: warehouse!.id, source: 'purchase', lines: [{ itemId: parcel!.id, expiryDate: null, triage: 'urgent', quantityUnits: 5 }] });
    await issueToSite(ctx, organisationId, plan.id, { id: newId(), fromLocationId: warehouse!.id, lines: [{ itemId: parcel!.id, quantityUnits: 5 }] });
    const [fresh] = await a.query<{ id: string }>(
      'select h.id from households h where h.organisation_id = $1 and not exists (select 1 from distributions d where d.household_id = h.id and d.distributed_on > $2::date - 31) limit 1',
      [organisationId, plan.planned_on],
    );
    const before = { distributions: await count(a, 'distributions'), transfers: await count(a, 'transfers') };
    const at = `${plan.planned_on}T15:00:00+02:00`;
    const lines = [{ itemId: parcel!.id, quantityUnits: 1 }];
    const records = [
      { id: newId(), planId: plan.id, householdId: fresh!.id, distributedAt: at, lines, proof: { kind: 'voucher' as const, code: 'TEST-OK-1' } },
      // A second parcel the same day for a household served already: the monthly rule refuses it.
      { id: newId(), planId: plan.id, householdId: served.household_id, distributedAt: at, lines, proof: { kind: 'voucher' as const, code: 'TEST-AGAIN-1' } },
    ];
    await expect(importDistributions(ctx, SECRET, organisationId, records)).rejects.toMatchObject({ code: 'rule_violated', field: 'records.1.lines.0.quantityUnits' });
    expect(await count(a, 'distributions')).toBe(before.distributions);
    expect(await count(a, 'transfers')).toBe(before.transfers);
    // Without the refused record, the other is recorded.
    expect(await importDistributions(ctx, SECRET, organisationId, records.slice(0, 1))).toEqual({ recorded: 1, alreadyRecorded: 0, transfers: 1 });
    expect((await verifyLedger(a.db)).ok).toBe(true);
  });

  it('answers a retry of recorded records with nothing new, refuses another record under a used id, and each record keeps its own operation', async () => {
    const { ctx, organisationId, plan } = await partnerWorld();
    const [row] = await a.query<{ id: string; household_id: string; distributed_at: Date | string; voucher_code: string }>(
      "select id, household_id, distributed_at, voucher_code from distributions where plan_id = $1 and proof_kind = 'voucher' and exception_reason is null limit 1",
      [plan.id],
    );
    // The record as the demo sent it: the device's time at UTC+2.
    const local = new Date(new Date(row!.distributed_at).getTime() + 2 * 3_600_000).toISOString().slice(0, 19);
    const sent = { id: row!.id, planId: plan.id, householdId: row!.household_id, distributedAt: `${local}+02:00`, proof: { kind: 'voucher' as const, code: row!.voucher_code } };
    const transfers = await count(a, 'transfers');
    expect(await importDistributions(ctx, SECRET, organisationId, [sent])).toEqual({ recorded: 0, alreadyRecorded: 1, transfers: 0 });
    expect(await count(a, 'transfers')).toBe(transfers);
    await expect(importDistributions(ctx, SECRET, organisationId, [{ ...sent, proof: { kind: 'voucher', code: 'OTHER-1' } }])).rejects.toMatchObject({
      code: 'conflict',
      field: 'records.0.id',
    });
    const view = await getDistribution(ctx, organisationId, row!.id);
    for (const line of view.lines) expect(line.lots.reduce((s, l) => s + l.quantityUnits, 0)).toBe(line.quantityUnits);
    const operations = await a.query<{ operation_id: string }>("select distinct operation_id from transfers where distribution_id = $1 and kind = 'distribution'", [row!.id]);
    expect(operations).toEqual([{ operation_id: row!.id }]);
  });
});
