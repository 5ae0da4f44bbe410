import { useState } from 'react';
import { api, unwrap, type Item, type Location, type OrganisationRef, type StockRow } from '../api/client';
import { expiryBands, settableLotStatuses } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { SelectFilter } from '../ui/Filters';
import { Form, SelectField, TextAreaField, useFormState } from '../ui/Form';
import { ItemPickerField } from '../ui/ItemPicker';
import { Load } from '../ui/Loading';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { ExpiryBandTag, ExpiryLegend, LotStatusTag, useStockBasics } from '../ui/stock';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

type SettableStatus = (typeof settableLotStatuses)[number];

/**
 * Stock on hand at the organisation's sites, lot by lot: how much, until when, and how soon it
 * must be used (the expiry-risk band). A lot can be quarantined, recalled, marked damaged or
 * released from here.
 */
export default function Stock() {
  const acting = useActingOrganisations('stock:read');
  return <Load state={acting}>{(candidates) => <StockScreen candidates={candidates} />}</Load>;
}

function StockScreen({ candidates }: { candidates: OrganisationRef[] }) {
  const { t } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const basics = useStockBasics(organisation?.id);
  if (!organisation) return <NotAllowed title={t('stock.title')} reason={t('stock.notAllowed')} />;
  return <Load state={basics}>{({ items, sites }) => <StockTable organisation={organisation} candidates={candidates} items={items} sites={sites} />}</Load>;
}

function StockTable({ organisation, candidates, items, sites }: { organisation: OrganisationRef; candidates: OrganisationRef[]; items: Item[]; sites: Location[] }) {
  const { t, nameOf, formatNumber, formatDay } = useI18n();
  const session = useSession();
  const [query, setQuery] = useQuery();
  const locationId = query.get('location') ?? '';
  const itemId = query.get('item') ?? '';
  const band = query.get('band') ?? '';
  const [changing, setChanging] = useState<StockRow | null>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const organisationId = organisation.id;
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/api/organisations/{organisationId}/stock', {
          params: {
            path: { organisationId },
            query: {
              ...(locationId ? { locationId } : {}),
              ...(itemId ? { itemId } : {}),
              ...(band ? { band: band as StockRow['expiryBand'] } : {}),
            },
          },
        }),
      ),
    [organisationId, locationId, itemId, band],
    { keep: true },
  );
  const canWrite = session.can('stock:write', organisationId);
  const itemOf = (id: string) => items.find((i) => i.id === id);
  const siteName = (id: string) => {
    const site = sites.find((s) => s.id === id);
    return site ? nameOf(site.names) : id;
  };
  const withOrganisation = (path: string) => (candidates.length > 1 ? `${path}?organisation=${organisationId}` : path);

  return (
    <div data-screen="stock">
      <PageHeader
        title={t('stock.title')}
        actions={
          canWrite && (
            <>
              <Link className="button button-primary" to={withOrganisation('/stock/intake')}>
                {t('nav.intake')}
              </Link>
              <Link className="button" to={withOrganisation('/stock/counts')}>
                {t('nav.stockCounts')}
              </Link>
              <Link className="button" to={withOrganisation('/stock/kits')}>
                {t('nav.kits')}
              </Link>
            </>
          )
        }
      >
        <p>{t('stock.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('stock.organisation')} />
        <SelectFilter
          label={t('stock.location')}
          value={locationId}
          onChange={(value) => setQuery({ location: value })}
          options={[{ value: '', label: t('common.all') }, ...sites.map((s) => ({ value: s.id, label: nameOf(s.names) }))]}
        />
        <ItemPickerField name="item" label={t('stock.item')} hint={t('stock.itemFilterHint')} items={items} value={itemId} onChange={(value) => setQuery({ item: value })} />
        <SelectFilter
          label={t('stock.band')}
          value={band}
          onChange={(value) => setQuery({ band: value })}
          options={[{ value: '', label: t('common.all') }, ...expiryBands.map((b) => ({ value: b, label: t(`expiryBand.${b}`) }))]}
        />
      </div>
      <ExpiryLegend />
      {changed && (
        <div className="notice notice-ok" role="status">
          {changed}
        </div>
      )}
      <Load state={list}>
        {(rows) => (
          <Table
            rows={rows}
            rowKey={(r) => `${r.locationId}:${r.lotId}`}
            empty={t('stock.empty')}
            rowProps={(r) => ({ 'data-lot': r.lotId, 'data-band': r.expiryBand })}
            columns={[
              { header: t('stock.location'), cell: (r) => siteName(r.locationId) },
              {
                header: t('stock.item'),
                cell: (r) => {
                  const item = itemOf(r.itemId);
                  return (
                    <>
                      {item ? nameOf(item.names) : r.itemCode}
                      <div className="muted small nowrap">
                        <span className="code">{r.itemCode}</span>
                      </div>
                    </>
                  );
                },
              },
              { header: t('stock.lot'), code: true, cell: (r) => r.lotCode },
              {
                header: t('stock.quantity'),
                numeric: true,
                cell: (r) => (
                  <span className="nowrap">
                    {formatNumber(r.quantityUnits)} <bdi className="muted small">{itemOf(r.itemId)?.unit}</bdi>
                  </span>
                ),
              },
              { header: t('stock.expiry'), cell: (r) => (r.expiryDate ? <time dateTime={r.expiryDate}>{formatDay(r.expiryDate)}</time> : '—') },
              { header: t('stock.band'), cell: (r) => <ExpiryBandTag band={r.expiryBand} /> },
              { header: t('common.status'), cell: (r) => <LotStatusTag status={r.status} /> },
              canWrite && {
                header: t('common.actions'),
                cell: (r) => (
                  <button
                    type="button"
                    aria-label={t('stock.changeStatusOf', { lot: r.lotCode })}
                    onClick={() => {
                      setChanged(null);
                      setChanging(r);
                    }}
                  >
                    {t('stock.changeStatus')}
                  </button>
                ),
              },
            ]}
          />
        )}
      </Load>
      {changing && (
        <LotStatusPanel
          key={changing.lotId}
          organisationId={organisationId}
          row={changing}
          onCancel={() => setChanging(null)}
          onDone={(message) => {
            setChanging(null);
            setChanged(message);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function LotStatusPanel({ organisationId, row, onCancel, onDone }: { organisationId: string; row: StockRow; onCancel(): void; onDone(message: string): void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<SettableStatus>(row.status === 'available' ? 'quarantined' : 'available');
  const [reason, setReason] = useState('');
  const form = useFormState();
  const submit = () =>
    form.run(async () => {
      const lot = await unwrap(
        api.PUT('/api/organisations/{organisationId}/lots/{lotId}/status', { params: { path: { organisationId, lotId: row.lotId } }, body: { status, reason } }),
      );
      onDone(t('stock.statusChanged', { lot: lot.lotCode, status: t(`lotStatus.${lot.status}`) }));
    });
  return (
    <section className="panel" aria-labelledby="lot-status" data-lot-status-form={row.lotId}>
      <h2 id="lot-status">{t('stock.changeStatusOf', { lot: row.lotCode })}</h2>
      <p className="muted">{t('stock.changeStatusIntro')}</p>
      <Form
        state={form}
        onSubmit={submit}
        submitLabel={t('stock.changeStatus')}
        actions={
          <button type="button" className="button-quiet" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        }
      >
        <SelectField name="status" label={t('stock.newStatus')} value={status} onChange={setStatus} options={settableLotStatuses.map((s) => ({ value: s, label: t(`lotStatus.${s}`) }))} />
        <TextAreaField name="reason" label={t('stock.reason')} hint={t('stock.reasonHint')} rows={2} value={reason} onChange={setReason} />
      </Form>
    </section>
  );
}
