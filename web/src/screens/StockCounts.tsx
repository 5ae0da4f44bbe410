import { api, unwrap, type Location, type OrganisationRef } from '../api/client';
import { stockCountStatuses } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { ProgressBar } from '../ui/Bars';
import { SelectFilter } from '../ui/Filters';
import { Load } from '../ui/Loading';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { useStockBasics } from '../ui/stock';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

/**
 * The organisation's stock counts, open ones first: a sheet left open is found here, not only by
 * whoever kept its link. Each shows how far the counting got.
 */
export default function StockCounts() {
  const acting = useActingOrganisations('stock:read');
  return <Load state={acting}>{(candidates) => <CountsScreen candidates={candidates} />}</Load>;
}

function CountsScreen({ candidates }: { candidates: OrganisationRef[] }) {
  const { t } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const basics = useStockBasics(organisation?.id);
  if (!organisation) return <NotAllowed title={t('counts.title')} reason={t('stock.notAllowed')} />;
  return <Load state={basics}>{({ sites }) => <CountList organisation={organisation} candidates={candidates} sites={sites} />}</Load>;
}

function CountList({ organisation, candidates, sites }: { organisation: OrganisationRef; candidates: OrganisationRef[]; sites: Location[] }) {
  const { t, nameOf, formatNumber, formatDateTime } = useI18n();
  const session = useSession();
  const [query, setQuery] = useQuery();
  const status = query.get('status') ?? '';
  const locationId = query.get('location') ?? '';
  const organisationId = organisation.id;
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/api/organisations/{organisationId}/stock/counts', {
          params: {
            path: { organisationId },
            query: {
              ...(status === 'open' || status === 'closed' ? { status } : {}),
              ...(locationId ? { locationId } : {}),
              limit: 500,
            },
          },
        }),
      ),
    [organisationId, status, locationId],
    { keep: true },
  );
  const withOrganisation = (path: string) => (candidates.length > 1 ? `${path}?organisation=${organisationId}` : path);

  return (
    <div data-screen="counts">
      <PageHeader
        title={t('counts.title')}
        actions={
          session.can('stock:write', organisationId) && (
            <Link className="button button-primary" to={withOrganisation('/stock/counts/new')}>
              {t('count.start')}
            </Link>
          )
        }
      >
        <p>{t('counts.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('stock.organisation')} />
        <SelectFilter
          label={t('counts.status')}
          value={status}
          onChange={(value) => setQuery({ status: value || undefined })}
          options={[{ value: '', label: t('counts.anyStatus') }, ...stockCountStatuses.map((s) => ({ value: s, label: t(`count.status.${s}`) }))]}
        />
        <SelectFilter
          label={t('stock.location')}
          value={locationId}
          onChange={(value) => setQuery({ location: value || undefined })}
          options={[{ value: '', label: t('counts.anySite') }, ...sites.map((s) => ({ value: s.id, label: nameOf(s.names) }))]}
        />
      </div>
      <Load state={list}>
        {(counts) => (
          <Table
            rows={counts}
            rowKey={(c) => c.id}
            empty={t('counts.empty')}
            rowProps={(c) => ({ 'data-count': c.id, 'data-count-status': c.status })}
            columns={[
              {
                header: t('stock.location'),
                cell: (c) => <Link to={`/stock/counts/${c.id}${candidates.length > 1 ? `?organisation=${organisationId}` : ''}`}>{nameOf(c.site.names)}</Link>,
              },
              { header: t('counts.status'), cell: (c) => <span className={`tag ${c.status === 'open' ? 'tag-warning' : 'tag-status-closed'}`}>{t(`count.status.${c.status}`)}</span> },
              { header: t('counts.opened'), cell: (c) => <time dateTime={c.openedAt}>{formatDateTime(c.openedAt)}</time> },
              { header: t('counts.closed'), cell: (c) => (c.closedAt ? <time dateTime={c.closedAt}>{formatDateTime(c.closedAt)}</time> : '—') },
              {
                header: t('counts.progress'),
                cell: (c) => {
                  const caption = t('counts.countedOf', { counted: formatNumber(c.linesCounted), total: formatNumber(c.linesTotal) });
                  return <ProgressBar done={c.linesCounted} of={c.linesTotal} label={t('counts.progress')} caption={caption} />;
                },
              },
              { header: t('count.note'), cell: (c) => (c.note ? <span className="prose">{c.note}</span> : '') },
            ]}
          />
        )}
      </Load>
    </div>
  );
}
