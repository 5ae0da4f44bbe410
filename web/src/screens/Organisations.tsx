import { api, unwrap, type Organisation } from '../api/client';
import { organisationKinds } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { SelectFilter } from '../ui/Filters';
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
        {(organisations: Organisation[]) =>
          organisations.length === 0 ? (
            <p className="empty">{t('organisations.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('organisations.name')}</th>
                    <th scope="col">{t('organisations.kind')}</th>
                    <th scope="col">{t('field.country')}</th>
                    <th scope="col" className="number">
                      {t('organisations.contacts')}
                    </th>
                    <th scope="col">{t('common.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {organisations.map((o) => (
                    <tr key={o.id}>
                      <td>
                        <Link to={`/organisations/${o.id}`}>{nameOf(o.names)}</Link>
                      </td>
                      <td>{t(`organisationKind.${o.kind}`)}</td>
                      <td>
                        <span className="code">{o.country}</span>
                      </td>
                      <td className="number">{formatNumber(o.contacts.length)}</td>
                      <td>
                        <time dateTime={o.createdAt}>{formatDate(o.createdAt)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Load>
    </>
  );
}
