import { api, unwrap } from '../api/client';
import { sectors } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { SearchFilter, SelectFilter } from '../ui/Filters';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

const kinds = ['items', 'kits'] as const;

/** Items and kits, filtered by sector, kind and a search (filters live in the address, to share). */
export default function Catalogue() {
  const { t, nameOf, formatNumber } = useI18n();
  const session = useSession();
  const [query, setQuery] = useQuery();
  const sector = sectors.find((s) => s === query.get('sector'));
  const kind = kinds.find((k) => k === query.get('kind'));
  const q = query.get('q') ?? '';
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/api/items', {
          params: { query: { ...(sector ? { sector } : {}), ...(kind ? { kits: kind === 'kits' ? 'true' : 'false' } : {}), ...(q ? { q } : {}) } },
        }),
      ),
    [sector, kind, q],
    { keep: true },
  );

  return (
    <>
      <PageHeader
        title={t('catalogue.title')}
        actions={
          session.can('catalogue:write') && (
            <Link className="button button-primary" to="/catalogue/new">
              {t('catalogue.new')}
            </Link>
          )
        }
      />
      <div className="filters">
        <SearchFilter label={t('catalogue.search')} value={q} onChange={(value) => setQuery({ q: value })} />
        <SelectFilter
          label={t('catalogue.sector')}
          value={sector ?? ''}
          onChange={(value) => setQuery({ sector: value })}
          options={[{ value: '', label: t('common.all') }, ...sectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))]}
        />
        <SelectFilter
          label={t('catalogue.kind')}
          value={kind ?? ''}
          onChange={(value) => setQuery({ kind: value })}
          options={[{ value: '', label: t('common.all') }, ...kinds.map((k) => ({ value: k, label: t(`catalogue.kind.${k}`) }))]}
        />
      </div>
      <Load state={list}>
        {(items) => (
          <Table
            rows={items}
            rowKey={(item) => item.id}
            empty={t('catalogue.empty')}
            columns={[
              { header: t('item.code'), code: true, cell: (item) => item.code },
              { header: t('item.name'), cell: (item) => <Link to={`/catalogue/${item.id}`}>{nameOf(item.names)}</Link> },
              { header: t('catalogue.sector'), cell: (item) => t(`sector.${item.sector}`) },
              { header: t('item.unit'), cell: (item) => item.unit },
              { header: t('item.packSize'), numeric: true, cell: (item) => formatNumber(item.packSizeUnits) },
              {
                header: t('catalogue.kind'),
                cell: (item) => (
                  <>
                    {item.isKit ? (
                      <span className="tag">{t('catalogue.kitOf', { count: item.components.length })}</span>
                    ) : (
                      <span className="tag tag-muted">{t('catalogue.kind.items')}</span>
                    )}{' '}
                    {item.coldChain && <span className="tag">{t('item.coldChain')}</span>}
                  </>
                ),
              },
            ]}
          />
        )}
      </Load>
    </>
  );
}
