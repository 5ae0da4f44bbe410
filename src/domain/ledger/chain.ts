import { chainHash, GENESIS_HASH, type HashedTransfer } from './canonical.js';

/** A stored transfer as the audit reads it back: its content and the two hashes stored with it. */
export interface StoredTransfer extends HashedTransfer {
  seq: number;
  prevHash: Buffer;
  hash: Buffer;
}

export type ChainProblem =
  | 'sequence has a gap' // a transfer is missing, or chain_seq was changed
  | 'previous hash does not match' // prev_hash was changed, or a transfer before it was removed
  | 'hash does not match the content'; // the transfer was changed after it was recorded

export interface BrokenLink {
  transferId: string;
  seq: number;
  chainSeq: number;
  problem: ChainProblem;
}

/**
 * Walks one organisation's chain in order, feeding transfers one at a time (a chain can be far
 * larger than memory allows to load at once). Remembers the first link that does not hold.
 */
export class ChainWalker {
  length = 0;
  headHash: Buffer = GENESIS_HASH;
  headSeq = 0;
  firstBroken: BrokenLink | null = null;

  constructor(readonly organisationId: string) {}

  add(t: StoredTransfer): void {
    const expectedSeq = this.headSeq + 1;
    const problem: ChainProblem | null =
      t.chainSeq !== expectedSeq
        ? 'sequence has a gap'
        : !t.prevHash.equals(this.headHash)
          ? 'previous hash does not match'
          : !chainHash(t.prevHash, t).equals(t.hash)
            ? 'hash does not match the content'
            : null;
    if (problem && !this.firstBroken) {
      this.firstBroken = { transferId: t.id, seq: t.seq, chainSeq: t.chainSeq, problem };
    }
    this.length += 1;
    // Carry on from what is stored, so one changed transfer is reported once, not as a cascade.
    this.headSeq = t.chainSeq;
    this.headHash = t.hash;
  }
}
