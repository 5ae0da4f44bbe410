import { z } from 'zod';
import { LocationRef } from '../refs.js';
import { expiryBands } from './expiry.js';
import { accountKinds, countReasons, lotStatuses, transferKinds, triageClasses } from './vocabulary.js';

/** What the stock and audit routes return; see src/domain/views.ts for why views are schemas. */
const Timestamp = z.iso.datetime({ offset: true });
const Day = z.iso.date();

export const TransferView = z
  .object({
    id: z.uuid(),
    seq: z.number().int().describe('order of recording across all chains'),
    organisationId: z.uuid().describe('the organisation that recorded it, whose chain it is in'),
    chainSeq: z.number().int(),
    operationId: z.uuid(),
    kind: z.enum(transferKinds),
    fromAccountId: z.uuid(),
    fromAccountCode: z.string(),
    toAccountId: z.uuid(),
    toAccountCode: z.string(),
    itemId: z.uuid(),
    lotId: z.uuid(),
    quantityUnits: z.number().int(),
    reason: z.string().nullable(),
    userId: z.uuid(),
    occurredAt: Timestamp,
    recordedAt: Timestamp,
    pledgeLineId: z.uuid().nullable(),
    needLineId: z.uuid().nullable(),
    consignmentId: z.uuid().nullable(),
    distributionId: z.uuid().nullable(),
    reversesTransferId: z.uuid().nullable(),
    hash: z.string().describe('sha-256 (hex) of the previous hash and this transfer; see docs/ledger.md'),
  })
  .meta({ id: 'Transfer' });
export type TransferView = z.infer<typeof TransferView>;

export const LotView = z
  .object({
    id: z.uuid(),
    itemId: z.uuid(),
    lotCode: z.string(),
    expiryDate: Day.nullable(),
    status: z.enum(lotStatuses).describe('as of today: an available lot past its expiry date reads expired'),
    triageClass: z.enum(triageClasses).nullable(),
    donorOrganisationId: z.uuid().nullable(),
    pledgeLineId: z.uuid().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Lot' });
export type LotView = z.infer<typeof LotView>;

export const LotStatusChangeView = z.object({
  fromStatus: z.enum(lotStatuses),
  toStatus: z.enum(lotStatuses),
  reason: z.string(),
  organisationId: z.uuid().nullable(),
  userId: z.uuid(),
  changedAt: Timestamp,
});

export const LotDetailView = LotView.extend({ statusChanges: z.array(LotStatusChangeView) }).meta({ id: 'LotDetail' });
export type LotDetailView = z.infer<typeof LotDetailView>;

export const OperationView = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    organisationId: z.uuid(),
    userId: z.uuid(),
    recordedAt: Timestamp,
    transfers: z.array(TransferView),
    lots: z.array(LotView).describe('lots the operation created or received into'),
  })
  .meta({ id: 'StockOperation' });
export type OperationView = z.infer<typeof OperationView>;

export const StockRowView = z
  .object({
    locationId: z.uuid(),
    itemId: z.uuid(),
    itemCode: z.string(),
    lotId: z.uuid(),
    lotCode: z.string(),
    expiryDate: Day.nullable(),
    status: z.enum(lotStatuses),
    expiryBand: z.enum(expiryBands),
    quantityUnits: z.number().int(),
  })
  .meta({ id: 'StockRow' });
export type StockRowView = z.infer<typeof StockRowView>;

export const PickView = z
  .object({
    locationId: z.uuid(),
    itemId: z.uuid(),
    requestedUnits: z.number().int(),
    lines: z.array(z.object({ lotId: z.uuid(), lotCode: z.string(), expiryDate: Day.nullable(), quantityUnits: z.number().int() })),
    shortUnits: z.number().int().describe('what the pickable stock cannot cover'),
  })
  .meta({ id: 'PickSuggestion' });
export type PickView = z.infer<typeof PickView>;

export const stockCountStatuses = ['open', 'closed'] as const;

export const StockCountView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    locationId: z.uuid(),
    status: z.enum(stockCountStatuses),
    note: z.string().nullable(),
    openedBy: z.uuid(),
    openedAt: Timestamp,
    closedBy: z.uuid().nullable(),
    closedAt: Timestamp.nullable(),
    closingOperationId: z.uuid().nullable(),
    lines: z.array(
      z.object({
        itemId: z.uuid(),
        lotId: z.uuid(),
        lotCode: z.string(),
        expectedUnits: z.number().int().describe('the books: now while open, at closing once closed'),
        countedUnits: z.number().int().nullable().describe('null: not counted yet (left as it is at closing)'),
        differenceUnits: z.number().int().nullable(),
        reason: z.enum(countReasons).nullable(),
        adjustmentTransferId: z.uuid().nullable(),
      }),
    ),
  })
  .meta({ id: 'StockCount' });
export type StockCountView = z.infer<typeof StockCountView>;

export const StockCountSummaryView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    site: LocationRef,
    status: z.enum(stockCountStatuses),
    note: z.string().nullable(),
    openedBy: z.uuid(),
    openedAt: Timestamp,
    closedAt: Timestamp.nullable(),
    linesCounted: z.number().int().describe('lots counted so far'),
    linesTotal: z.number().int().describe('lots on the sheet: those counted, and while open those the books hold at the site and nobody counted yet'),
  })
  .meta({ id: 'StockCountSummary' });
export type StockCountSummaryView = z.infer<typeof StockCountSummaryView>;

export const AccountView = z
  .object({
    id: z.uuid(),
    code: z.string(),
    kind: z.enum(accountKinds),
    organisationId: z.uuid().nullable(),
    locationId: z.uuid().nullable(),
    consignmentId: z.uuid().nullable(),
  })
  .meta({ id: 'LedgerAccount' });
export type AccountView = z.infer<typeof AccountView>;

export const AccountEntryView = TransferView.extend({
  deltaUnits: z.number().int().describe('what this transfer did to the account: + in, - out'),
}).meta({ id: 'AccountEntry' });
export type AccountEntryView = z.infer<typeof AccountEntryView>;

export const AccountHistoryView = z
  .object({
    account: AccountView,
    entries: z.array(AccountEntryView),
    nextAfterSeq: z.number().int().nullable().describe('pass as afterSeq for the next page; null on the last page'),
  })
  .meta({ id: 'AccountHistory' });
export type AccountHistoryView = z.infer<typeof AccountHistoryView>;

export const MovementsView = z
  .object({
    itemId: z.uuid(),
    from: Timestamp,
    to: Timestamp,
    inUnits: z.number().int().describe("units that came into the organisation's accounts in the period"),
    outUnits: z.number().int(),
    transfers: z.array(AccountEntryView),
  })
  .meta({ id: 'ItemMovements' });
export type MovementsView = z.infer<typeof MovementsView>;

const BrokenLinkView = z.object({
  transferId: z.uuid(),
  seq: z.number().int(),
  chainSeq: z.number().int(),
  problem: z.string(),
});

export const AuditReportView = z
  .object({
    ok: z.boolean().describe('true when every check below passed'),
    checkedAt: Timestamp,
    transfers: z.number().int(),
    firstBrokenTransferId: z
      .uuid()
      .nullable()
      .describe('the earliest recorded transfer whose link in its chain does not hold: what was changed behind the ledger'),
    chains: z.array(
      z.object({
        organisationId: z.uuid(),
        transfers: z.number().int(),
        headSeq: z.number().int(),
        headHash: z.string(),
        headMatches: z.boolean().describe('the stored chain head is the last transfer of the chain'),
        firstBroken: BrokenLinkView.nullable(),
      }),
    ),
    balances: z.object({
      ok: z.boolean().describe('replaying every transfer into empty balances gives the balances table'),
      differenceCount: z.number().int(),
      differences: z.array(
        z.object({ accountId: z.uuid(), itemId: z.uuid(), lotId: z.uuid(), storedUnits: z.number().int(), replayedUnits: z.number().int() }),
      ),
    }),
    conservation: z.object({
      ok: z.boolean().describe('for every lot, the balances of all accounts sum to zero'),
      violations: z.array(z.object({ itemId: z.uuid(), lotId: z.uuid(), sumUnits: z.number().int() })),
    }),
    nonNegative: z.object({
      ok: z.boolean().describe('no holding or transit account is below zero'),
      violations: z.array(z.object({ accountId: z.uuid(), itemId: z.uuid(), lotId: z.uuid(), units: z.number().int() })),
    }),
    checkpoint: z
      .object({
        createdAt: Timestamp,
        ok: z.boolean().describe('every chain still passes through the hash the checkpoint signed'),
        problems: z.array(z.object({ organisationId: z.uuid(), seq: z.number().int(), problem: z.string() })),
      })
      .nullable(),
  })
  .meta({ id: 'AuditReport' });
export type AuditReportView = z.infer<typeof AuditReportView>;

export const PublicKeyView = z
  .object({
    algorithm: z.literal('ed25519'),
    publicKeyPem: z.string(),
    fingerprint: z.string().describe('sha-256 of the key (DER), as named in every checkpoint'),
  })
  .meta({ id: 'AuditPublicKey' });
export type PublicKeyView = z.infer<typeof PublicKeyView>;
