import { api, unwrap, type OrganisationRef } from '../api/client';
import { consignmentStatuses } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { ConsignmentStatusTag } from '../ui/consignments';
import { SelectFilter } from '../ui/Filters';
import { Load } from '../ui/Loading';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

type Status = (typeof consignmentStatuses)[number];
const roles = ['sender', 'consignee', 'carrier'] as const;
type Role = (typeof roles)[number];

/** The consignments an organisation sends, receives or carries, newest first, filtered by status and role. */
export default function Consignments() {
  const acting = useActingOrganisations('consignments:read', 'sending');
  return <Load state={acting}>{(candidates) => <List candidates={candidates} />}</Load>;
}

function List({ candidates }: { candidates: OrganisationRef[] }) {
  const { t, formatDay, formatDate } = useI18n();
  const session = useSession();
  const [query, setQuery] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const status = (query.get('status') ?? '') as Status | '';
  const role = (query.get('role') ?? '') as Role | '';
  const organisationId = organisation?.id ?? '';
  const list = useLoad(
    async () =>
      organisationId
        ? unwrap(
            api.GET('/api/organisations/{organisationId}/consignments', {
              params: { path: { organisationId }, query: { ...(status ? { status } : {}), ...(role ? { role } : {}) } },
            }),
          )
        : [],
    [organisationId, status, role],
    { keep: true },
  );
  if (!organisation) return <NotAllowed title={t('consignments.title')} reason={t('consignments.notAllowed')} />;

  return (
    <>
      <PageHeader
        title={t('consignments.title')}
        actions={
          session.can('consignments:write', organisationId) && (
            <Link className="button button-primary" to={`/consignments/new?organisation=${organisationId}`}>
              {t('consignments.new')}
            </Link>
          )
        }
      >
        <p>{t('consignments.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('consignments.organisation')} />
        <SelectFilter
          label={t('common.status')}
          value={status}
          onChange={(value) => setQuery({ status: value || undefined })}
          options={[{ value: '', label: t('common.all') }, ...consignmentStatuses.map((s) => ({ value: s, label: t(`consignmentStatus.${s}`) }))]}
        />
        <SelectFilter
          label={t('consignments.role')}
          value={role}
          onChange={(value) => setQuery({ role: value || undefined })}
          options={[{ value: '', label: t('common.all') }, ...roles.map((r) => ({ value: r, label: t(`consignmentRole.${r}`) }))]}
        />
      </div>
      <Load state={list}>
        {(consignments) => (
          <Table
            rows={consignments}
            rowKey={(c) => c.id}
            empty={t('consignments.empty')}
            rowProps={(c) => ({ 'data-consignment': c.id })}
            columns={[
              { header: t('consignment.reference'), code: true, cell: (c) => <Link to={`/consignments/${organisationId}/${c.id}`}>{c.reference}</Link> },
              { header: t('consignment.sender'), cell: (c) => c.sender.name },
              { header: t('consignment.consignee'), cell: (c) => c.consignee.name },
              { header: t('consignment.destination'), cell: (c) => c.destination.name },
              {
                header: t('consignment.expectedArrival'),
                cell: (c) => (c.expectedArrivalOn ? <time dateTime={c.expectedArrivalOn}>{formatDay(c.expectedArrivalOn)}</time> : '—'),
              },
              { header: t('common.status'), cell: (c) => <ConsignmentStatusTag status={c.status} /> },
              { header: t('common.created'), cell: (c) => <time dateTime={c.createdAt}>{formatDate(c.createdAt)}</time> },
            ]}
          />
        )}
      </Load>
    </>
  );
}
