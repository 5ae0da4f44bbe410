import type { Item, Location, StockRow } from '../api/client';
import { api, unwrap } from '../api/client';
import { expiryBands } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { useLoad } from './useLoad';

/**
 * A UUID (version 4) for an operation id. `crypto.randomUUID` exists only on https and localhost;
 * a field tablet may reach the server over plain http on a local network, so the bytes come from
 * `getRandomValues`, which every browser has.
 */
export function newId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** How soon a lot must be used, as a coloured label: the colour helps, the words carry the meaning. */
export function ExpiryBandTag({ band }: { band: StockRow['expiryBand'] }) {
  const { t } = useI18n();
  return (
    <span className={`tag tag-band tag-band-${band}`} data-band={band}>
      <span className="band-swatch" aria-hidden="true" />
      {t(`expiryBand.${band}`)}
    </span>
  );
}

/** What each colour means, in words, above the table that uses them. */
export function ExpiryLegend() {
  const { t } = useI18n();
  return (
    <div className="legend" aria-label={t('stock.legend')} role="group">
      <span className="muted">{t('stock.legend')}</span>
      {expiryBands.map((band) => (
        <span key={band} className="legend-entry">
          <ExpiryBandTag band={band} /> <span className="muted small">{t(`expiryBand.${band}.meaning`)}</span>
        </span>
      ))}
    </div>
  );
}

export function LotStatusTag({ status }: { status: StockRow['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`tag tag-lot-${status}`} data-lot-status={status}>
      {t(`lotStatus.${status}`)}
    </span>
  );
}

/** The catalogue and the organisation's own sites, which every stock screen names things by. */
export function useStockBasics(organisationId: string | undefined) {
  return useLoad(
    async (): Promise<{ items: Item[]; sites: Location[] }> => {
      if (!organisationId) return { items: [], sites: [] };
      const [items, sites] = await Promise.all([
        unwrap(api.GET('/api/items', { params: { query: {} } })),
        unwrap(api.GET('/api/locations', { params: { query: { organisationId, level: 'site' } } })),
      ]);
      return { items, sites };
    },
    [organisationId],
  );
}
