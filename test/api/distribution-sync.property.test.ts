import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOfEpochDay, epochDay } from '../../src/domain/dates.js';
import { checkEntitlement, schoolYearAround, type DistributedUnits } from '../../src/domain/entitlements/check.js';
import { allowedUnits, type EntitlementRule } from '../../src/domain/entitlements/rules.js';
import type { SyncResultView } from '../../src/domain/distributions/views.js';
import { newId } from '../../src/domain/ids.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { DEIR_AL_BALAH, seedItems } from '../helpers/pipeline.js';

/**
 * Offline devices sync their records in batches, in any order, some more than once. Whatever the
 * order, a household never ends up with more than a rule allows in any window, unless a
 * coordinator recorded an exception in that window; every refusal is one the final record
 * justifies; and a batch sent again records nothing new.
 */

let t: TestApp;
let w: World;
let items: Awaited<ReturnType<typeof seedItems>>;
let planId: string;
let rules: EntitlementRule[];
const household = { memberCount: 5, childrenUnder5Count: 0, schoolAgeChildrenCount: 2 };
const FIRST_DAY = epochDay('2024-07-01');

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  items = await seedItems(w);
  const f = distributionFixtures(t);
  const [warehouse, site] = [await f.warehouse(w.partner.id), await f.site(w.partner.id)];
  await f.stock(w.partner.id, warehouse, items.parcel, 100_000);
  await f.stock(w.partner.id, warehouse, items.schoolKit, 100_000);
  const plan = await f.plan(w.partner.id, {
    siteId: site,
    plannedOn: '2024-07-01',
    lines: [
      { itemId: items.parcel, quantityUnits: 1, per: 'household' },
      { itemId: items.schoolKit, quantityUnits: 1, per: 'school_age_child' },
    ],
  });
  await f.issue(w.partner.id, plan.id, warehouse, [
    { itemId: items.parcel, quantityUnits: 100_000 },
    { itemId: items.schoolKit, quantityUnits: 100_000 },
  ]);
  planId = plan.id;
  const coordinator = w.people.partner.coordinator;
  const rule = async (body: object) => {
    const res = await coordinator.call('POST', `/api/organisations/${w.partner.id}/entitlement-rules`, body);
    expect(res.statusCode, res.body).toBe(201);
    const { id, item, quantityUnits, per, window } = res.json();
    return { id, itemId: item.id, quantityUnits, per, window } as EntitlementRule;
  };
  rules = [
    await rule({ itemId: items.parcel, quantityUnits: 2, per: 'household', window: { kind: 'rolling_days', days: 20 } }),
    await rule({ itemId: items.schoolKit, quantityUnits: 1, per: 'school_age_child', window: { kind: 'school_year', startsOn: '09-01' } }),
  ];
});
afterAll(() => t.close());

interface Sent {
  id: string;
  itemId: string;
  quantityUnits: number;
  on: string;
  exception: boolean;
}

/**
 * The windows of a rule holding more than the household may have. Any rolling window holds the
 * same records as the span from its first to its last record day, so every pair of record days
 * closer than the window's length stands for every window there is.
 */
function overfullWindows(rule: EntitlementRule, kept: readonly Sent[]): { from: number; to: number }[] {
  const limit = allowedUnits(rule, household);
  const mine = kept.filter((k) => k.itemId === rule.itemId).map((k) => ({ day: epochDay(k.on), units: k.quantityUnits }));
  const window = rule.window;
  const windows =
    window.kind === 'school_year'
      ? mine.map((m) => schoolYearAround(window.startsOn, m.day))
      : mine.flatMap((a) => mine.filter((b) => b.day >= a.day && b.day - a.day < window.days).map((b) => ({ from: a.day, to: b.day })));
  return windows.filter((win) => mine.filter((m) => m.day >= win.from && m.day <= win.to).reduce((s, m) => s + m.units, 0) > limit);
}

const recordArb = fc.record({
  itemIsParcel: fc.boolean(),
  quantityUnits: fc.integer({ min: 1, max: 2 }),
  day: fc.integer({ min: 0, max: 120 }),
  time: fc.integer({ min: 0, max: 23 }),
  exception: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  batch: fc.integer({ min: 0, max: 3 }),
});

describe('syncing batches from offline devices (property)', () => {
  it('never lets a household exceed a rule without an exception, whatever the order and retries of the batches', async () => {
    let documents = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: 12 }),
        fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        async (drawn, batchOrder, retried) => {
          const h = await w.people.partner.field.call('POST', `/api/organisations/${w.partner.id}/households`, {
            documentNumber: `PROP${newId().slice(0, 8)}${++documents}`,
            locationId: DEIR_AL_BALAH,
            ...household,
          });
          expect(h.statusCode, h.body).toBe(201);
          const householdId = h.json().id as string;
          const sent: Sent[] = drawn.map((d) => ({
            id: newId(),
            itemId: d.itemIsParcel ? items.parcel : items.schoolKit,
            quantityUnits: d.quantityUnits,
            on: dateOfEpochDay(FIRST_DAY + d.day),
            exception: d.exception,
          }));
          const body = (i: number) => ({
            id: sent[i]!.id,
            planId,
            householdId,
            distributedAt: `${sent[i]!.on}T${String(drawn[i]!.time).padStart(2, '0')}:00:00+02:00`,
            lines: [{ itemId: sent[i]!.itemId, quantityUnits: sent[i]!.quantityUnits }],
            proof: { kind: 'voucher', code: `P-${sent[i]!.id.slice(0, 13)}` },
            ...(sent[i]!.exception ? { exception: { reason: 'family hosting displaced relatives' } } : {}),
          });
          const batch = (b: number) => drawn.flatMap((d, i) => (d.batch === b ? [i] : []));
          const syncBatch = async (b: number) => {
            const res = await w.people.partner.coordinator.call('POST', `/api/organisations/${w.partner.id}/distributions/sync`, { records: batch(b).map(body) });
            expect(res.statusCode, res.body).toBe(200);
            return new Map((res.json() as SyncResultView).results.map((r) => [r.id, r]));
          };

          const outcome = new Map<string, SyncResultView['results'][number]>();
          for (const b of batchOrder) if (batch(b).length > 0) for (const [id, r] of await syncBatch(b)) outcome.set(id, r);
          for (const r of outcome.values()) {
            expect(r.outcome === 'recorded' || r.error?.code === 'rule_violated', JSON.stringify(r)).toBe(true);
          }

          const kept = sent.filter((s) => outcome.get(s.id)!.outcome === 'recorded');
          const exceptions = kept.filter((s) => outcome.get(s.id)!.distribution!.exception !== null);
          expect(exceptions.every((s) => s.exception)).toBe(true);
          // Every window over a rule's limit holds a distribution a coordinator allowed as an exception.
          for (const rule of rules) {
            for (const win of overfullWindows(rule, kept)) {
              const allowed = exceptions.filter((e) => e.itemId === rule.itemId && epochDay(e.on) >= win.from && epochDay(e.on) <= win.to);
              expect(allowed.length, `${rule.window.kind} window ${dateOfEpochDay(win.from)}..${dateOfEpochDay(win.to)} over the limit`).toBeGreaterThan(0);
            }
          }
          // A refusal is never arbitrary: the record would break a rule against what was kept in the end.
          const history: DistributedUnits[] = kept.map((k) => ({ itemId: k.itemId, quantityUnits: k.quantityUnits, on: k.on }));
          for (const s of sent.filter((s) => outcome.get(s.id)!.outcome === 'refused')) {
            expect(checkEntitlement(rules, history, { household, lines: [s] }, s.on).allowed).toBe(false);
          }
          // The household's stored history is exactly what the answers said was kept.
          const stored = await t.store.query<{ id: string }>('select id from distributions where household_id = $1 order by id', [householdId]);
          expect(stored.map((r) => r.id)).toEqual(kept.map((k) => k.id).sort());

          // A batch sent again writes nothing and answers as before.
          if (batch(retried).length > 0) {
            const again = await syncBatch(retried);
            for (const [id, r] of again) {
              const first = outcome.get(id)!;
              expect(r.outcome).toBe(first.outcome === 'recorded' ? 'already-recorded' : 'refused');
              expect(r.distribution).toEqual(first.distribution);
            }
            const after = await t.store.query<{ n: number }>('select count(*)::int as n from distributions where household_id = $1', [householdId]);
            expect(after[0]!.n).toBe(kept.length);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
