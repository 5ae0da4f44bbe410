import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { donationAccount, distributedAccount, holdingAccount, lossAccount } from '../../src/domain/ledger/accounts.js';
import { buildTraceGraph, onPathsThrough, type FlowRow, type SiteFacts, type TraceAccount } from '../../src/domain/trace/graph.js';

/**
 * The trace's graph keeps the ledger's conservation: for any history of one lot — an intake, then
 * moves between warehouses and sites, hand-outs and losses, some of them reversed — each place's
 * inflow less its outflow in the graph is what the place holds at the end, and everything that
 * came in is either still held or went to a sink. Household counts under 5 are never shown.
 */
const ORG = '00000000-0000-4000-8000-00000000000a';
const LOT = '00000000-0000-4000-8000-0000000000b1';
const ITEM = '00000000-0000-4000-8000-0000000000c1';
const AREA = '00000000-0000-4000-8000-0000000000d1';
const siteIds = [1, 2, 3, 4].map((n) => `00000000-0000-4000-8000-00000000010${n}`);
const holdings = siteIds.map((id) => holdingAccount(id, ORG));
const donor = donationAccount({ organisationId: ORG });
const sinks = [distributedAccount(siteIds[3]!, ORG), lossAccount('damaged')];
const accounts = new Map<string, TraceAccount>([donor, ...holdings, ...sinks].map((a) => [a.id, a]));
const sites = new Map<string, SiteFacts>(
  siteIds.map((id, i) => [id, { id, parentId: AREA, siteKind: i < 3 ? 'warehouse' : 'distribution_point', organisationId: ORG }]),
);

const step = fc.record({
  from: fc.integer({ min: 0, max: 3 }),
  to: fc.integer({ min: 0, max: 5 }), // 4, 5: the sinks
  units: fc.integer({ min: 1, max: 50 }),
  reversed: fc.boolean(),
});

describe('trace graph', () => {
  it('conserves units: per place, in − out in the graph = what it holds; all received is held or sunk', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.array(step, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 3 }), (received, steps, households) => {
        const balance = new Map<string, number>([[holdings[0]!.id, received]]);
        const flows: FlowRow[] = [{ fromAccountId: donor.id, toAccountId: holdings[0]!.id, kind: 'intake', itemId: ITEM, lotId: LOT, pledgeLineId: null, quantityUnits: received }];
        for (const s of steps) {
          const from = holdings[s.from]!;
          const to = s.to < 4 ? holdings[s.to]! : sinks[s.to - 4]!;
          const units = Math.min(s.units, balance.get(from.id) ?? 0);
          if (units === 0 || from.id === to.id) continue;
          if (s.reversed) {
            // A movement and its reversal: the service gives the reversal as minus the movement it undoes.
            flows.push({ fromAccountId: from.id, toAccountId: to.id, kind: 'move', itemId: ITEM, lotId: LOT, pledgeLineId: null, quantityUnits: units });
            flows.push({ fromAccountId: from.id, toAccountId: to.id, kind: 'move', itemId: ITEM, lotId: LOT, pledgeLineId: null, quantityUnits: -units });
            continue;
          }
          balance.set(from.id, (balance.get(from.id) ?? 0) - units);
          balance.set(to.id, (balance.get(to.id) ?? 0) + units);
          flows.push({ fromAccountId: from.id, toAccountId: to.id, kind: 'move', itemId: ITEM, lotId: LOT, pledgeLineId: null, quantityUnits: units });
        }
        const graph = buildTraceGraph({
          flows,
          accounts,
          sites,
          pledgeOfLine: new Map(),
          households: households.map((h, i) => ({ siteId: siteIds[i]!, householdsServed: h })),
          householdsByGovernorate: [{ governorateId: AREA, householdsServed: households.reduce((a, b) => a + b, 0) }],
        });

        expect(graph.edges.every((e) => e.quantityUnits > 0)).toBe(true);
        const net = new Map<string, number>();
        for (const e of graph.edges) {
          if (e.to.startsWith('governorate:')) continue;
          net.set(e.to, (net.get(e.to) ?? 0) + e.quantityUnits);
          net.set(e.from, (net.get(e.from) ?? 0) - e.quantityUnits);
        }
        for (const [i, h] of holdings.entries()) expect(net.get(`location:${siteIds[i]}`) ?? 0).toBe(balance.get(h.id) ?? 0);
        const held = holdings.reduce((sum, h) => sum + (balance.get(h.id) ?? 0), 0);
        const sunk = (net.get(`distributed:${siteIds[3]}`) ?? 0) + (net.get('loss:damaged') ?? 0);
        expect(held + sunk).toBe(received);
        expect(net.get(`donor:org:${ORG}`)).toBe(-received);
        for (const n of graph.nodes) {
          if (n.householdsServed !== null) expect(n.householdsServed).toBeGreaterThanOrEqual(5);
          if (n.kind === 'governorate' || n.kind === 'distributed') expect(n.householdsSuppressed).toBe(n.householdsServed === null);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps, for a handling unit, exactly the flows on a way through its consignment', () => {
    // Accounts 0..7, one of them the consignment's transit account; flows at random among them.
    const account = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`;
    const flow = fc.record({ from: fc.integer({ min: 0, max: 7 }), to: fc.integer({ min: 0, max: 7 }), units: fc.integer({ min: -3, max: 20 }) });
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 25 }), fc.integer({ min: 0, max: 7 }), fc.boolean(), (steps, through, onwards) => {
        const flows: FlowRow[] = steps
          .filter((s) => s.from !== s.to)
          .map((s) => ({ fromAccountId: account(s.from), toAccountId: account(s.to), kind: 'move', itemId: ITEM, lotId: LOT, pledgeLineId: null, quantityUnits: s.units }));
        const hub = account(through);
        const kept = onPathsThrough(flows, hub, { downstream: onwards });
        expect(kept.every((f) => flows.includes(f))).toBe(true);
        /** Whether `to` is reached from `from` along the positive flows of `among` (or is `from`). */
        const reaches = (among: readonly FlowRow[], from: string, to: string) => {
          const seen = new Set([from]);
          for (let grew = true; grew; ) {
            grew = false;
            for (const f of among) {
              if (f.quantityUnits > 0 && seen.has(f.fromAccountId) && !seen.has(f.toAccountId)) {
                seen.add(f.toAccountId);
                grew = true;
              }
            }
          }
          return seen.has(to);
        };
        const way = (among: readonly FlowRow[], f: FlowRow) => reaches(among, f.toAccountId, hub) || (onwards && reaches(among, hub, f.fromAccountId));
        for (const f of flows.filter((x) => x.quantityUnits > 0)) {
          // A moving flow is kept exactly when it leads into the consignment or (onwards) comes after it…
          expect(kept.includes(f), `${f.fromAccountId} → ${f.toAccountId}`).toBe(way(flows, f));
          // …and what is kept hangs together: each kept flow is on such a way through kept flows alone.
          if (kept.includes(f)) expect(way(kept, f)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
