import { newId } from '../../src/domain/ids.js';
import { holdingAccount, lossAccount, transitAccount } from '../../src/domain/ledger/accounts.js';
import { operator } from '../../src/services/context.js';
import { postTransfers } from '../../src/services/ledger/post.js';
import type { TestApp } from './app.js';

/**
 * Consignments are recorded on their own branch; until they land, the trace and the dashboard
 * read them from the ledger alone. These post the transfers a dispatch and a receipt write
 * (holding → transit:<consignment> → holding or loss:), straight through the ledger.
 */
export function ledgerConsignment(t: TestApp, organisationId: string, consignmentId = newId()) {
  const transit = transitAccount(consignmentId, organisationId);
  const post = (lines: Parameters<typeof postTransfers>[2]['lines']) =>
    t.store.db.transaction((tx) => postTransfers(tx, operator, { organisationId, operationId: newId(), lines }));
  const line = (kind: 'dispatch' | 'receipt' | 'transit-loss' | 'inspection-rejection', from: ReturnType<typeof transitAccount>, to: ReturnType<typeof transitAccount>, lot: { itemId: string; lotId: string }, quantityUnits: number) => ({
    id: newId(),
    kind,
    from,
    to,
    itemId: lot.itemId,
    lotId: lot.lotId,
    quantityUnits,
    occurredAt: new Date(),
    consignmentId,
  });
  return {
    consignmentId,
    dispatch: (siteId: string, lot: { itemId: string; lotId: string }, units: number) => post([line('dispatch', holdingAccount(siteId, organisationId), transit, lot, units)]),
    receive: (siteId: string, siteOrganisationId: string, lot: { itemId: string; lotId: string }, units: number) =>
      post([line('receipt', transit, holdingAccount(siteId, siteOrganisationId), lot, units)]),
    lose: (lot: { itemId: string; lotId: string }, units: number) => post([line('transit-loss', transit, lossAccount('missing-in-transit'), lot, units)]),
    reject: (lot: { itemId: string; lotId: string }, units: number) => post([line('inspection-rejection', transit, lossAccount('rejected-at-inspection'), lot, units)]),
  };
}
