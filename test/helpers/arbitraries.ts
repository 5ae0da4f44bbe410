import fc from 'fast-check';
import type { HashedTransfer } from '../../src/domain/ledger/canonical.js';

const text = fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: null });
const time = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

/** Any transfer the ledger could hold, with text in any script in the free-text field. */
export const arbitraryTransfer: fc.Arbitrary<HashedTransfer> = fc.record({
  organisationId: fc.uuid(),
  chainSeq: fc.integer({ min: 1, max: 2 ** 40 }),
  id: fc.uuid(),
  operationId: fc.uuid(),
  kind: fc.constantFrom('intake', 'move', 'handover', 'reversal'),
  fromAccountId: fc.uuid(),
  toAccountId: fc.uuid(),
  itemId: fc.uuid(),
  lotId: fc.uuid(),
  quantityUnits: fc.integer({ min: 1, max: 1_000_000_000 }),
  reason: text,
  userId: fc.uuid(),
  occurredAt: time,
  recordedAt: time,
  pledgeLineId: fc.option(fc.uuid(), { nil: null }),
  needLineId: fc.option(fc.uuid(), { nil: null }),
  consignmentId: fc.option(fc.uuid(), { nil: null }),
  distributionId: fc.option(fc.uuid(), { nil: null }),
  reversesTransferId: fc.option(fc.uuid(), { nil: null }),
});

