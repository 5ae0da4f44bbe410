import { stableId } from '../ids.js';
import type { AccountKind, GainReason, LossReason } from './vocabulary.js';

/**
 * An account is "a quantity of goods that one holder answers for". Its code says what it is;
 * its id is derived from the code, so every process (and every installation) agrees on it
 * without a lookup, and creating an account twice is harmless.
 */
export interface AccountSpec {
  id: string;
  code: string;
  kind: AccountKind;
  /** The organisation that answers for the goods; null for the shared sinks and sources. */
  organisationId: string | null;
  locationId: string | null;
  consignmentId: string | null;
}

const ACCOUNT_NAMESPACE = 'karvan:ledger-account';

function account(code: string, kind: AccountKind, organisationId: string | null, extra: Partial<AccountSpec> = {}): AccountSpec {
  return { id: stableId(ACCOUNT_NAMESPACE, code), code, kind, organisationId, locationId: null, consignmentId: null, ...extra };
}

/** Goods on the shelves of a site, answered for by the organisation that runs the site. */
export const holdingAccount = (locationId: string, organisationId: string) =>
  account(`holding:${locationId}`, 'holding', organisationId, { locationId });

/** Goods on the road in one consignment, answered for by the sender until received. */
export const transitAccount = (consignmentId: string, organisationId: string) =>
  account(`transit:${consignmentId}`, 'transit', organisationId, { consignmentId });

/**
 * Who gave: an organisation (`org:<id>`), an anonymous donor (`anonymous`), or an individual
 * under a reference the coordinator chose (`individual:<ref>`, e.g. a receipt-book number —
 * never a person's name, which would then be written into the ledger for good).
 */
export type Donor = { organisationId: string } | { anonymous: true } | { individualRef: string };

export function donorKey(donor: Donor): string {
  if ('organisationId' in donor) return `org:${donor.organisationId}`;
  if ('anonymous' in donor) return 'anonymous';
  return `individual:${donor.individualRef}`;
}

export const donationAccount = (donor: Donor) =>
  account(`donation:${donorKey(donor)}`, 'source', 'organisationId' in donor ? donor.organisationId : null);

export const purchaseAccount = () => account('purchase', 'source', null);

/** Goods handed to households at a site (the pipeline's distributions end here). */
export const distributedAccount = (siteId: string, organisationId: string) =>
  account(`distributed:${siteId}`, 'sink', organisationId, { locationId: siteId });

export const lossAccount = (reason: LossReason) => account(`loss:${reason}`, 'sink', null);

export const gainAccount = (reason: GainReason) => account(`gain:${reason}`, 'source', null);

/**
 * One kitting account per kit lot: it receives the components consumed to make that lot and
 * gives the kit units, so disassembly knows exactly which component lots to give back.
 */
export const kittingAccount = (kitLotId: string, organisationId: string, locationId: string) =>
  account(`kitting:${kitLotId}`, 'kitting', organisationId, { locationId });
