import { api, unwrap, type OrganisationRef } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { ProgressBar } from '../ui/Bars';
import { Load } from '../ui/Loading';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { DistributionPlanStatusTag } from '../ui/Tags';
import { useLoad } from '../ui/useLoad';

/** A partner's distribution plans, the latest day first: where, when, households served of those expected, open or closed. */
export default function DistributionPlans() {
  const acting = useActingOrganisations('distributions:read', 'partner');
  return <Load state={acting}>{(candidates) => <PlansScreen candidates={candidates} />}</Load>;
}

function PlansScreen({ candidates }: { candidates: OrganisationRef[] }) {
  const { t, nameOf, formatDay, formatNumber } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const organisationId = organisation?.id;
  const list = useLoad(
    async () => (organisationId ? unwrap(api.GET('/api/organisations/{organisationId}/distribution-plans', { params: { path: { organisationId }, query: { limit: 500 } } })) : []),
    [organisationId],
    { keep: true },
  );
  if (!organisation) return <NotAllowed title={t('distPlans.title')} reason={t('distPlans.notAllowed')} />;
  return (
    <div data-screen="distribution-plans">
      <PageHeader title={t('distPlans.title')}>
        <p>{t('distPlans.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('stock.organisation')} />
      </div>
      <Load state={list}>
        {(plans) => (
          <Table
            rows={plans}
            rowKey={(p) => p.id}
            empty={t('distPlans.empty')}
            rowProps={(p) => ({ 'data-plan': p.id, 'data-plan-status': p.status })}
            columns={[
              {
                header: t('distPlans.plan'),
                cell: (p) => (
                  <Link to={`/distributions/plans/${p.organisationId}/${p.id}`}>
                    <bdi>{p.title}</bdi>
                  </Link>
                ),
              },
              { header: t('distribute.site'), cell: (p) => nameOf(p.site.names) },
              { header: t('distribute.day'), cell: (p) => <time dateTime={p.plannedOn}>{formatDay(p.plannedOn)}</time> },
              {
                header: t('distribute.served'),
                cell: (p) => {
                  const caption = t('distribute.servedOf', { served: formatNumber(p.progress.householdsServed), expected: formatNumber(p.householdsExpected) });
                  return <ProgressBar done={p.progress.householdsServed} of={p.householdsExpected} label={t('distribute.served')} caption={caption} />;
                },
              },
              { header: t('distPlans.status'), cell: (p) => <DistributionPlanStatusTag status={p.status} /> },
            ]}
          />
        )}
      </Load>
    </div>
  );
}
