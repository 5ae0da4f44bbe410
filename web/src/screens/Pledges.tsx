import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { SelectFilter } from '../ui/Filters';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { donorName, lineSubject, promised } from '../ui/pledges';
import { PledgeStatusTag } from '../ui/Tags';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

/** Pledges, newest first, by the organisation that took them, by donor organisation, or for one need. */
export default function Pledges() {
  const i18n = useI18n();
  const { t, nameOf, formatDay, formatDate } = i18n;
  const session = useSession();
  const [query, setQuery] = useQuery();
  const organisationId = query.get('organisation') ?? '';
  const donorOrganisationId = query.get('donor') ?? '';
  const needId = query.get('need') ?? '';
  const organisations = useLoad(() => unwrap(api.GET('/api/organisations', { params: { query: {} } })), []);
  const need = useLoad(async () => (needId ? unwrap(api.GET('/api/needs/{needId}', { params: { path: { needId } } })) : null), [needId]);
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/api/pledges', {
          params: {
            query: {
              ...(organisationId ? { organisationId } : {}),
              ...(donorOrganisationId ? { donorOrganisationId } : {}),
              ...(needId ? { needId } : {}),
            },
          },
        }),
      ),
    [organisationId, donorOrganisationId, needId],
    { keep: true },
  );
  const all = { value: '', label: t('common.all') };
  const options = (kind?: 'sending') =>
    (organisations.data ?? []).filter((o) => !kind || o.kind === kind).map((o) => ({ value: o.id, label: nameOf(o.names) }));

  return (
    <>
      <PageHeader
        title={t('pledges.title')}
        actions={
          session.can('pledges:write') && (
            <Link className="button button-primary" to="/pledges/new">
              {t('pledges.new')}
            </Link>
          )
        }
      >
        <p>{t('pledges.intro')}</p>
      </PageHeader>
      <div className="filters">
        <SelectFilter label={t('pledge.takenBy')} value={organisationId} onChange={(value) => setQuery({ organisation: value })} options={[all, ...options('sending')]} />
        <SelectFilter label={t('pledges.donorOrganisation')} value={donorOrganisationId} onChange={(value) => setQuery({ donor: value })} options={[all, ...options()]} />
      </div>
      {needId && need.data && (
        <p className="chip">
          {t('pledges.forNeed')} <Link to={`/needs/${needId}`}>{need.data.title}</Link>{' '}
          <button type="button" className="button-quiet" onClick={() => setQuery({ need: undefined })}>
            {t('pledges.allNeeds')}
          </button>
        </p>
      )}
      <Load state={list}>
        {(pledges) => (
          <Table
            rows={pledges}
            rowKey={(p) => p.id}
            empty={t('pledges.empty')}
            rowProps={(p) => ({ 'data-pledge': p.id })}
            columns={[
              { header: t('pledge.donor'), cell: (p) => <Link to={`/pledges/${p.id}`}>{donorName(i18n, p.donor)}</Link> },
              { header: t('pledge.takenBy'), cell: (p) => nameOf(p.organisation.names) },
              {
                header: t('pledge.lines'),
                cell: (p) => (
                  <ul className="plain">
                    {p.lines.map((line) => (
                      <li key={line.id}>
                        {promised(i18n, line)} · {lineSubject(i18n, line)}
                      </li>
                    ))}
                  </ul>
                ),
              },
              { header: t('pledge.expectedOn'), cell: (p) => <time dateTime={p.expectedOn}>{formatDay(p.expectedOn)}</time> },
              { header: t('common.status'), cell: (p) => <PledgeStatusTag status={p.status} /> },
              { header: t('common.created'), cell: (p) => <time dateTime={p.createdAt}>{formatDate(p.createdAt)}</time> },
            ]}
          />
        )}
      </Load>
    </>
  );
}
