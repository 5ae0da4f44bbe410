/**
 * The words of the stock ledger. Reason codes and triage classes are written in kebab-case
 * because they become part of account codes (`loss:unusable-donation`) that people read.
 */

/**
 * holding and transit accounts hold real goods, so their balance can never go below zero; source
 * accounts give (their balance is minus what they gave), sink accounts receive; a kitting account
 * receives components and gives kits, so it is neither.
 */
export const accountKinds = ['holding', 'transit', 'source', 'sink', 'kitting'] as const;
export type AccountKind = (typeof accountKinds)[number];

export const isNonNegative = (kind: AccountKind): boolean => kind === 'holding' || kind === 'transit';

/**
 * What a transfer records. The pipeline adds its own (dispatch, receipt, distribution, …) by
 * extending this list; a new kind needs no change to the hash encoding.
 */
export const transferKinds = [
  'intake',
  'move',
  'handover',
  'adjustment',
  'kit-assembly',
  'kit-disassembly',
  'reversal',
  'import',
  // The pipeline: a consignment's journey, and stock going out to households.
  'dispatch', // a warehouse's holding → the consignment's transit account
  'inspection-rejection', // transit → back to a named holding location, or loss:rejected-at-inspection
  'receipt', // transit → the consignee's holding, received in good condition
  'transit-loss', // transit → loss:damaged-in-transit or loss:missing-in-transit, counted at receipt
  'issue', // a partner's warehouse → a distribution site's holding
  'distribution', // a site's holding → distributed:<site>, handed to households
] as const;
export type TransferKind = (typeof transferKinds)[number];

/** A lot's status; only `available` lots that have not expired can be picked. */
export const lotStatuses = ['available', 'quarantined', 'expired', 'recalled', 'damaged'] as const;
export type LotStatus = (typeof lotStatuses)[number];

/** What a person may set by hand: `expired` follows from the expiry date alone. */
export const settableLotStatuses = ['available', 'quarantined', 'recalled', 'damaged'] as const;

/**
 * Triage at arrival, as PAHO's SUMA sorts donations: urgent (for immediate distribution),
 * non-urgent (needed, not at once), non-priority (not needed now), unusable (expired, spoiled,
 * unidentifiable: written off at once so the gift is still accounted for).
 */
export const triageClasses = ['urgent', 'non-urgent', 'non-priority', 'unusable'] as const;
export type TriageClass = (typeof triageClasses)[number];

/** Why goods left stock without being delivered. Each reason is one sink account `loss:<reason>`. */
export const lossReasons = [
  'lost',
  'damaged',
  'expired',
  'theft',
  'data-entry-error',
  'unusable-donation',
  'missing-in-transit',
  'damaged-in-transit',
  'rejected-at-inspection',
  'recalled',
  'other',
] as const;
export type LossReason = (typeof lossReasons)[number];

/** Why a count found more than the books said. Each reason is one source account `gain:<reason>`. */
export const gainReasons = ['found', 'data-entry-error', 'other'] as const;
export type GainReason = (typeof gainReasons)[number];

/** Reasons a count difference may carry; which direction each allows is checked in `counts.ts`. */
export const countReasons = ['lost', 'found', 'damaged', 'expired', 'theft', 'data-entry-error', 'other'] as const;
export type CountReason = (typeof countReasons)[number];
