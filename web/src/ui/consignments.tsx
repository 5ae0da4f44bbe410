import type { Consignment, ConsignmentLine } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** A consignment's status as a coloured label: colour helps the eye, the word carries the meaning. */
export function ConsignmentStatusTag({ status }: { status: Consignment['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`tag tag-status-${status}`} data-status={status}>
      {t(`consignmentStatus.${status}`)}
    </span>
  );
}

/**
 * The id of one change to a consignment. The API answers the same request with the same id once
 * and records it once, so it is made when the form is shown and kept across retries of the same
 * submission; a new id is made after a success.
 */
export function operationId(): string {
  // randomUUID exists only in secure contexts; a plain-http deployment on a local network still needs ids.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The server's printable pages for a consignment, opened in a tab of their own. */
export const printPage = (organisationId: string, consignmentId: string, page: 'packing-list' | 'labels') =>
  `/api/organisations/${organisationId}/consignments/${consignmentId}/${page}`;

/** A line as people name it: the item and the lot it comes from. */
export const lineLabel = (l: ConsignmentLine) => `${l.itemName} · ${l.lotCode}`;
