import { api, unwrap, type Organisation } from '../api/client';
import { organisationKinds } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { SelectFilter } from '../ui/Filters';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

export default function Organisations() {
  const { t, nameOf, formatDate, formatNumber } = useI18n();
  const session = useSession();
  const [query, setQuery] = useQuery();
  const kind = organisationKinds.find((k) => k === query.get('kind'));
  const list = useLoad(() => unwrap(api.GET('/api/organisations', { params: { query: kind ? { kind } : {} } })), [kind], { keep: true });

  return (
    <>
      <PageHeader
        title={t('organisations.title')}
        actions={
          session.can('organisation:create') && (
            <Link className="button button-primary" to="/organisations/new">
              {t('organisations.new')}
            </Link>
          )
        }
      />
      <div className="filters">
        <SelectFilter
          label={t('organisations.kind')}
          value={kind ?? ''}
          onChange={(value) => setQuery({ kind: value })}
          options={[{ value: '', label: t('common.all') }, ...organisationKinds.map((k) => ({ value: k, label: t(`organisationKind.${k}`) }))]}
        />
      </div>
      <Load state={list}>
        {(organisations: Organisation[]) => (
          <Table
            rows={organisations}
            rowKey={(o) => o.id}
            empty={t('organisations.empty')}
            columns={[
              { header: t('organisations.name'), cell: (o) => <Link to={`/organisations/${o.id}`}>{nameOf(o.names)}</Link> },
              { header: t('organisations.kind'), cell: (o) => t(`organisationKind.${o.kind}`) },
              { header: t('field.country'), code: true, cell: (o) => o.country },
              { header: t('organisations.contacts'), numeric: true, cell: (o) => formatNumber(o.contacts.length) },
              { header: t('common.created'), cell: (o) => <time dateTime={o.createdAt}>{formatDate(o.createdAt)}</time> },
            ]}
          />
        )}
      </Load>
    </>
  );
}
