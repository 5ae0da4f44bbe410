import { api, unwrap } from '../api/client';
import { needStatuses, priorities, sectors } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { ProgressBar } from '../ui/Bars';
import { SelectFilter } from '../ui/Filters';
import { Load } from '../ui/Loading';
import { LocationPickerField } from '../ui/LocationPicker';
import { PageHeader } from '../ui/PageHeader';
import { PriorityTag, StatusTag } from '../ui/Tags';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

/**
 * Needs, most urgent first, filtered by status, priority, sector, place, the partner that raised
 * them and the sending organisation they are addressed to; the filters live in the address.
 */
export default function Needs() {
  const { t, nameOf, formatDay, formatNumber } = useI18n();
  const session = useSession();
  const [query, setQuery] = useQuery();
  const status = needStatuses.find((s) => s === query.get('status'));
  const priority = priorities.find((p) => p === query.get('priority'));
  const sector = sectors.find((s) => s === query.get('sector'));
  const locationId = query.get('location') ?? '';
  const organisationId = query.get('organisation') ?? '';
  const addressedTo = query.get('addressedTo') ?? '';
  const organisations = useLoad(() => unwrap(api.GET('/api/organisations', { params: { query: {} } })), []);
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/api/needs', {
          params: {
            query: {
              ...(status ? { status } : {}),
              ...(priority ? { priority } : {}),
              ...(sector ? { sector } : {}),
              ...(locationId ? { locationId } : {}),
              ...(organisationId ? { organisationId } : {}),
              ...(addressedTo ? { addressedTo } : {}),
            },
          },
        }),
      ),
    [status, priority, sector, locationId, organisationId, addressedTo],
    { keep: true },
  );
  const all = { value: '', label: t('common.all') };
  const ofKind = (kind: 'partner' | 'sending') =>
    (organisations.data ?? []).filter((o) => o.kind === kind).map((o) => ({ value: o.id, label: nameOf(o.names) }));

  return (
    <>
      <PageHeader
        title={t('needs.title')}
        actions={
          session.can('needs:write') && (
            <Link className="button button-primary" to="/needs/new">
              {t('needs.new')}
            </Link>
          )
        }
      >
        <p>{t('needs.intro')}</p>
      </PageHeader>
      <div className="filters">
        <SelectFilter
          label={t('common.status')}
          value={status ?? ''}
          onChange={(value) => setQuery({ status: value })}
          options={[all, ...needStatuses.map((s) => ({ value: s, label: t(`needStatus.${s}`) }))]}
        />
        <SelectFilter
          label={t('need.priority')}
          value={priority ?? ''}
          onChange={(value) => setQuery({ priority: value })}
          options={[all, ...priorities.map((p) => ({ value: p, label: t(`priority.${p}`) }))]}
        />
        <SelectFilter
          label={t('catalogue.sector')}
          value={sector ?? ''}
          onChange={(value) => setQuery({ sector: value })}
          options={[all, ...sectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))]}
        />
        <LocationPickerField name="location" label={t('need.location')} hint={t('needs.locationFilterHint')} value={locationId} onChange={(value) => setQuery({ location: value })} />
        <SelectFilter label={t('need.organisation')} value={organisationId} onChange={(value) => setQuery({ organisation: value })} options={[all, ...ofKind('partner')]} />
        <SelectFilter label={t('need.addressedTo')} value={addressedTo} onChange={(value) => setQuery({ addressedTo: value })} options={[all, ...ofKind('sending')]} />
      </div>
      <Load state={list}>
        {(needs) => (
          <Table
            rows={needs}
            rowKey={(need) => need.id}
            empty={t('needs.empty')}
            rowProps={(need) => ({ 'data-need': need.id })}
            columns={[
              {
                header: t('need.title'),
                cell: (need) => (
                  <>
                    <Link to={`/needs/${need.id}`}>{need.title}</Link>
                    <div className="muted small">{nameOf(need.organisation.names)}</div>
                  </>
                ),
              },
              { header: t('need.location'), cell: (need) => nameOf(need.location.names) },
              { header: t('need.priority'), cell: (need) => <PriorityTag priority={need.priority} /> },
              { header: t('common.status'), cell: (need) => <StatusTag status={need.status} /> },
              { header: t('need.neededBy'), cell: (need) => <time dateTime={need.neededBy}>{formatDay(need.neededBy)}</time> },
              { header: t('catalogue.sector'), cell: (need) => t(`sector.${need.sector}`) },
              { header: t('need.peopleToReach'), numeric: true, cell: (need) => formatNumber(need.peopleToReach) },
              {
                header: t('needs.linesCovered'),
                cell: (need) => (
                  <ProgressBar
                    done={need.linesCovered}
                    of={need.lines.length}
                    label={t('needs.linesCovered')}
                    caption={t('needs.linesCoveredOf', { covered: need.linesCovered, lines: need.lines.length })}
                  />
                ),
              },
            ]}
          />
        )}
      </Load>
    </>
  );
}
