import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEncoding, chainHash, GENESIS_HASH, type HashedTransfer } from '../../src/domain/ledger/canonical.js';
import { ChainWalker, type StoredTransfer } from '../../src/domain/ledger/chain.js';
import { Balances, compareBalances } from '../../src/domain/ledger/replay.js';
import { arbitraryTransfer } from '../helpers/arbitraries.js';

/** A valid chain of `n` transfers of one organisation, as the database would store it. */
function chainOf(transfers: HashedTransfer[]): StoredTransfer[] {
  let prev: Buffer = GENESIS_HASH;
  return transfers.map((t, i) => {
    const linked = { ...t, organisationId: transfers[0]!.organisationId, chainSeq: i + 1 };
    const hash = chainHash(prev, linked);
    const stored = { ...linked, seq: i + 1, prevHash: prev, hash };
    prev = hash;
    return stored;
  });
}

describe('canonical encoding', () => {
  it('gives different bytes for different transfers (no value can imitate a separator)', () => {
    fc.assert(
      fc.property(arbitraryTransfer, arbitraryTransfer, (a, b) => {
        const same = JSON.stringify(a) === JSON.stringify(b);
        expect(canonicalEncoding(a).equals(canonicalEncoding(b))).toBe(same);
      }),
    );
  });

  it('tells a null reason apart from every text, "" and "~" included', () => {
    fc.assert(
      fc.property(arbitraryTransfer, fc.oneof(fc.constant(''), fc.constant('~'), fc.string()), (t, reason) => {
        expect(canonicalEncoding({ ...t, reason: null }).equals(canonicalEncoding({ ...t, reason }))).toBe(false);
      }),
    );
  });
});

describe('chain walker', () => {
  it('accepts every chain built link by link', () => {
    fc.assert(
      fc.property(fc.array(arbitraryTransfer, { minLength: 1, maxLength: 20 }), (transfers) => {
        const walker = new ChainWalker(transfers[0]!.organisationId);
        for (const t of chainOf(transfers)) walker.add(t);
        expect(walker.firstBroken).toBeNull();
        expect(walker.length).toBe(transfers.length);
      }),
    );
  });

  it('names the changed transfer when any field of one transfer is changed', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryTransfer, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom<keyof HashedTransfer>('quantityUnits', 'toAccountId', 'lotId', 'reason', 'occurredAt', 'kind'),
        (transfers, at, field) => {
          const chain = chainOf(transfers);
          const i = at % chain.length;
          const t = chain[i]!;
          const changed: StoredTransfer = {
            ...t,
            quantityUnits: field === 'quantityUnits' ? t.quantityUnits + 1 : t.quantityUnits,
            toAccountId: field === 'toAccountId' ? t.fromAccountId : t.toAccountId,
            lotId: field === 'lotId' ? t.itemId : t.lotId,
            reason: field === 'reason' ? `${t.reason ?? ''}x` : t.reason,
            occurredAt: field === 'occurredAt' ? new Date(t.occurredAt.getTime() + 1) : t.occurredAt,
            kind: field === 'kind' ? (t.kind === 'move' ? 'intake' : 'move') : t.kind,
          };
          chain[i] = changed;
          const walker = new ChainWalker(t.organisationId);
          for (const s of chain) walker.add(s);
          expect(walker.firstBroken).toMatchObject({ transferId: t.id, problem: 'hash does not match the content' });
        },
      ),
    );
  });

  it('finds a removed transfer as a gap', () => {
    fc.assert(
      fc.property(fc.array(arbitraryTransfer, { minLength: 2, maxLength: 12 }), fc.nat(), (transfers, at) => {
        const chain = chainOf(transfers);
        const i = at % (chain.length - 1);
        const removed = chain.splice(i, 1);
        const walker = new ChainWalker(removed[0]!.organisationId);
        for (const s of chain) walker.add(s);
        expect(walker.firstBroken).toMatchObject({ transferId: chain[i]!.id, problem: 'sequence has a gap' });
      }),
    );
  });
});

describe('replay', () => {
  it('conserves every lot: whatever moves, the balances of a lot sum to zero', () => {
    const accounts = ['a', 'b', 'c', 'd'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ from: fc.constantFrom(...accounts), to: fc.constantFrom(...accounts), lot: fc.constantFrom('x', 'y'), q: fc.integer({ min: 1, max: 100 }) })),
        (moves) => {
          const b = new Balances();
          for (const m of moves) b.apply({ fromAccountId: m.from, toAccountId: m.to, itemId: 'i', lotId: m.lot, quantityUnits: m.q });
          expect(b.unconservedLots()).toEqual([]);
        },
      ),
    );
  });

  it('finds every key where two sets of balances differ', () => {
    const a = new Balances();
    const b = new Balances();
    a.add({ accountId: 'a', itemId: 'i', lotId: 'l' }, 5);
    b.add({ accountId: 'a', itemId: 'i', lotId: 'l' }, 4);
    b.add({ accountId: 'b', itemId: 'i', lotId: 'l' }, 1);
    expect(compareBalances(a, b)).toEqual([
      { accountId: 'a', itemId: 'i', lotId: 'l', storedUnits: 5, replayedUnits: 4 },
      { accountId: 'b', itemId: 'i', lotId: 'l', storedUnits: 0, replayedUnits: 1 },
    ]);
  });
});
