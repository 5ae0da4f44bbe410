import { api, unwrap, type OrganisationRef } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { Load } from '../ui/Loading';
import { LocationPickerField } from '../ui/LocationPicker';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { Pager, usePage } from '../ui/Pager';
import { householdFilter, householdRef } from '../ui/households';
import { SearchFilter } from '../ui/Filters';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

/** A page of households: enough to scan by eye, and a partner may hold thousands. */
const HOUSEHOLDS_PER_PAGE = 100;

/** The partner's households, by place, or only those another partner registered too. */
export default function Households() {
  const acting = useActingOrganisations('households:read', 'partner');
  return <Load state={acting}>{(candidates) => <HouseholdList candidates={candidates} />}</Load>;
}

function HouseholdList({ candidates }: { candidates: OrganisationRef[] }) {
  const { t, nameOf, formatNumber, formatDate } = useI18n();
  const session = useSession();
  const [query, setQuery] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const filter = householdFilter(query);
  const organisationId = organisation?.id;
  const page = usePage(HOUSEHOLDS_PER_PAGE);
  const list = useLoad(
    async () => {
      if (!organisationId) return { households: [], more: false };
      const found = await unwrap(
        api.GET('/api/organisations/{organisationId}/households', {
          params: { path: { organisationId }, query: { ...filter.api, ...page.apiQuery } },
        }),
      );
      return { households: found.slice(0, HOUSEHOLDS_PER_PAGE), more: found.length > HOUSEHOLDS_PER_PAGE };
    },
    [organisationId, filter.key, page.from],
    { keep: true },
  );
  // A new filter starts again from the first page.
  const filterBy = (changes: Record<string, string | undefined>) => setQuery({ ...changes, from: undefined });
  const cardsQuery = new URLSearchParams(query);
  cardsQuery.delete('from');
  if (!organisation) {
    return <NotAllowed title={t('households.title')} reason={t('households.notAllowed')} />;
  }
  const withOrganisation = (path: string) => (candidates.length > 1 ? `${path}?organisation=${organisation.id}` : path);

  return (
    <>
      <PageHeader
        title={t('households.title')}
        actions={
          <>
            {!filter.codeUnreadable && (
              <Link className="button" to={`/households/cards?${cardsQuery.toString()}`} data-print-cards>
                {t('households.printCards')}
              </Link>
            )}
            <Link className="button" to={withOrganisation('/households/find')}>
              {t('households.find')}
            </Link>
            {session.can('households:write', organisation.id) && (
              <Link className="button button-primary" to={withOrganisation('/households/new')}>
                {t('households.new')}
              </Link>
            )}
          </>
        }
      >
        <p>{t('households.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('households.organisation')} />
        <SearchFilter label={t('households.codeFilter')} value={filter.codeText} onChange={(value) => filterBy({ code: value || undefined })} />
        <LocationPickerField name="location" label={t('household.location')} hint={t('households.locationFilterHint')} value={filter.locationId} onChange={(value) => filterBy({ location: value })} />
        <label className="filter-checkbox">
          <input type="checkbox" checked={filter.duplicates} onChange={(e) => filterBy({ duplicates: e.target.checked ? 'true' : undefined })} />{' '}
          {t('households.onlyDuplicates')}
        </label>
      </div>
      {filter.codeUnreadable && (
        <p className="notice notice-warning" role="status" data-code-unreadable>
          {t('error.not_a_household_code')}
        </p>
      )}
      <Load state={list}>
        {({ households, more }) => (
          <>
            <Table
              rows={households}
              rowKey={(h) => h.id}
              empty={t('households.empty')}
              rowProps={(h) => ({ 'data-household': h.id })}
              columns={[
                { header: t('households.reference'), code: true, cell: (h) => <Link to={`/households/${organisation.id}/${h.id}`}>{householdRef(h)}</Link> },
                { header: t('household.location'), cell: (h) => nameOf(h.location.names) },
                { header: t('household.members'), numeric: true, cell: (h) => formatNumber(h.memberCount) },
                { header: t('household.childrenUnder5'), numeric: true, cell: (h) => formatNumber(h.childrenUnder5Count) },
                { header: t('household.schoolAgeChildren'), numeric: true, cell: (h) => formatNumber(h.schoolAgeChildrenCount) },
                {
                  header: t('household.vulnerabilities'),
                  cell: (h) =>
                    h.vulnerabilities.map((flag) => (
                      <span key={flag} className="tag">
                        {t(`vulnerability.${flag}`)}
                      </span>
                    )),
                },
                {
                  header: t('households.alsoWith'),
                  cell: (h) =>
                    h.alsoRegisteredWith.length === 0 ? '—' : <span className="tag tag-warning">{h.alsoRegisteredWith.map((o) => nameOf(o.organisation.names)).join(t('common.listSeparator'))}</span>,
                },
                { header: t('household.registeredAt'), cell: (h) => <time dateTime={h.registeredAt}>{formatDate(h.registeredAt)}</time> },
              ]}
            />
            <Pager
              page={page}
              shown={households.length}
              more={more}
              labels={{ range: (first, last) => t('households.range', { first, last }), previous: t('households.previous'), next: t('households.next') }}
            />
          </>
        )}
      </Load>
    </>
  );
}
