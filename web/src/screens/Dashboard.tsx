import { api, unwrap, type DashboardLossCause, type Schemas } from '../api/client';
import { lossKinds } from '../api/enums';
import { todayHere } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession, useUser } from '../session';
import { BarChart, Figure } from '../ui/Charts';
import { SelectFilter } from '../ui/Filters';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

type DashboardData = Schemas['Dashboard'];

/**
 * The overview: the pipeline funnel, coverage by governorate and sector, stock about to expire,
 * consignments waiting at checkpoints and losses, drawn as bars. Scoped to the reader's
 * organisation (`?organisation=`); a monitor sees everything shared unless they choose one.
 */
export default function Dashboard() {
  const { t, nameOf, formatDay } = useI18n();
  const user = useUser();
  const session = useSession();
  const today = todayHere();
  const [query, setQuery] = useQuery();
  const organisationId = query.get('organisation') ?? undefined;
  // The server also counts everyone in a monitor organisation; the choice of scope follows the role here.
  const isMonitor = user.isInstanceAdmin || user.memberships.some((m) => m.role === 'monitor');
  const data = useLoad(
    () => unwrap(api.GET('/api/dashboard', { params: { query: organisationId ? { organisationId } : {} } })),
    [organisationId],
    { keep: true },
  );
  const scopes = [
    ...(isMonitor ? [{ value: '', label: t('dashboard.scopeAll') }] : []),
    ...user.memberships.map((m) => ({ value: m.organisationId, label: nameOf(m.organisationNames) })),
  ];
  return (
    <div data-screen="dashboard">
      <PageHeader title={t('dashboard.title')}>
        <p>
          {t('dashboard.greeting', { name: user.displayName })} · <time dateTime={today}>{formatDay(today)}</time>
        </p>
      </PageHeader>
      {scopes.length > 1 && (
        <div className="filters">
          <SelectFilter
            label={t('dashboard.scope')}
            value={organisationId ?? (isMonitor ? '' : (user.memberships[0]?.organisationId ?? ''))}
            onChange={(value) => setQuery({ organisation: value || undefined })}
            options={scopes}
          />
        </div>
      )}
      <Load state={data}>{(d) => <Figures d={d} />}</Load>
      <section className="panel" aria-labelledby="dashboard-memberships">
        <h2 id="dashboard-memberships">{t('dashboard.membershipsTitle')}</h2>
        {user.memberships.length === 0 ? (
          <p className="muted">{user.isInstanceAdmin ? t('dashboard.noMembershipsAdmin') : t('dashboard.noMemberships')}</p>
        ) : (
          <ul>
            {user.memberships.map((m) => (
              <li key={m.organisationId}>
                <Link to={`/organisations/${m.organisationId}`}>{nameOf(m.organisationNames)}</Link> · {t(`role.${m.role}`)}
              </li>
            ))}
          </ul>
        )}
        {session.can('organisation:create') && (
          <p>
            <Link to="/organisations/new">{t('organisations.new')}</Link>
          </p>
        )}
      </section>
    </div>
  );
}

function Figures({ d }: { d: DashboardData }) {
  const { t, nameOf, formatNumber, formatPercent } = useI18n();
  const empty = d.funnel.stages.every((s) => s.quantityUnits === 0);
  return (
    <>
      <p className="muted" data-scope={d.scope.organisation?.id ?? 'all'}>
        {d.scope.organisation ? t('dashboard.scopeOne', { organisation: nameOf(d.scope.organisation.names) }) : t('dashboard.scopeAllShared')}
      </p>
      <div className="dashboard-grid">
        <section className="panel" aria-labelledby="dashboard-funnel" data-chart="funnel">
          <h2 id="dashboard-funnel">{t('dashboard.funnelTitle')}</h2>
          {empty ? (
            <p className="muted">{t('dashboard.funnelEmpty')}</p>
          ) : (
            <BarChart
              label={t('dashboard.funnelTitle')}
              rows={d.funnel.stages.map((s, i) => ({ key: s.stage, label: t(`funnel.${s.stage}`), value: s.quantityUnits, tone: i < 2 ? 'soft' : 'brand' }))}
            />
          )}
          <p className="bar-caption">{t('dashboard.funnelUnits')}</p>
        </section>

        <section className="panel" aria-labelledby="dashboard-coverage" data-chart="coverage">
          <h2 id="dashboard-coverage">{t('dashboard.coverageTitle')}</h2>
          {d.coverage.byGovernorate.length === 0 ? (
            <p className="muted">{t('dashboard.coverageEmpty')}</p>
          ) : (
            <>
              <h3>{t('dashboard.byGovernorate')}</h3>
              <BarChart
                label={t('dashboard.byGovernorate')}
                max={1}
                rows={d.coverage.byGovernorate.map((g) => ({
                  key: g.location.id,
                  label: nameOf(g.location.names),
                  value: Math.min(1, g.coverageRatio),
                  inner: g.neededUnits > 0 ? Math.min(1, g.distributedUnits / g.neededUnits) : 0,
                  caption: t('dashboard.coverageCaption', { percent: formatPercent(g.coverageRatio), needed: formatNumber(g.neededUnits) }),
                }))}
              />
              <h3>{t('dashboard.bySector')}</h3>
              <BarChart
                label={t('dashboard.bySector')}
                max={1}
                rows={d.coverage.bySector.map((s) => ({
                  key: s.sector,
                  label: t(`sector.${s.sector}`),
                  value: Math.min(1, s.coverageRatio),
                  inner: s.neededUnits > 0 ? Math.min(1, s.distributedUnits / s.neededUnits) : 0,
                  caption: t('dashboard.coverageCaption', { percent: formatPercent(s.coverageRatio), needed: formatNumber(s.neededUnits) }),
                }))}
              />
              <p className="bar-caption">{t('dashboard.coverageKey')}</p>
            </>
          )}
        </section>

        <section className="panel" aria-labelledby="dashboard-expiry" data-chart="expiry">
          <h2 id="dashboard-expiry">{t('dashboard.expiryTitle')}</h2>
          <div className="figures">
            <Figure label={t('dashboard.within3Months')} value={d.expiring.within3MonthsUnits} tone={d.expiring.within3MonthsUnits > 0 ? 'danger' : undefined} />
            <Figure label={t('dashboard.within9Months')} value={d.expiring.within9MonthsUnits} tone={d.expiring.within9MonthsUnits > 0 ? 'warn' : undefined} />
          </div>
          {d.expiring.byItem.length > 0 && (
            <BarChart
              label={t('dashboard.expiryTitle')}
              rows={d.expiring.byItem.slice(0, 8).map((e) => ({
                key: e.item.id,
                label: nameOf(e.item.names),
                value: e.within9MonthsUnits,
                inner: e.within3MonthsUnits,
                tone: 'warn',
                caption: t('dashboard.expiryCaption', { soon: formatNumber(e.within3MonthsUnits), later: formatNumber(e.within9MonthsUnits) }),
              }))}
            />
          )}
        </section>

        <section className="panel" aria-labelledby="dashboard-checkpoints" data-chart="checkpoints">
          <h2 id="dashboard-checkpoints">{t('dashboard.checkpointsTitle')}</h2>
          {!d.checkpoints.available ? (
            <p className="muted">{t('dashboard.checkpointsPending')}</p>
          ) : d.checkpoints.waiting.length === 0 ? (
            <p className="muted">{t('dashboard.checkpointsNone')}</p>
          ) : (
            <BarChart
              label={t('dashboard.checkpointsTitle')}
              rows={d.checkpoints.waiting.map((c) => ({
                key: c.consignmentId,
                label: (
                  <Link to={`/trace/consignments/${c.consignmentId}`}>
                    <bdi>{c.reference}</bdi> · {nameOf(c.checkpoint.names)}
                  </Link>
                ),
                value: c.daysWaited,
                tone: 'warn',
                caption: t('dashboard.daysWaited', { days: formatNumber(Math.floor(c.daysWaited)) }),
              }))}
            />
          )}
        </section>

        <section className="panel" aria-labelledby="dashboard-losses" data-chart="losses">
          <h2 id="dashboard-losses">{t('dashboard.lossesTitle')}</h2>
          {d.lossCauses.length === 0 ? <p className="muted">{t('dashboard.lossesNone')}</p> : <LossCauses causes={d.lossCauses} />}
        </section>
      </div>
    </>
  );
}

/**
 * Losses by kind (damaged or short at receipt, rejected at inspection, written off), each kind's
 * reasons as bars on one scale, so a reader sees at once which reason cost the most.
 */
function LossCauses({ causes }: { causes: readonly DashboardLossCause[] }) {
  const { t, formatNumber } = useI18n();
  const max = Math.max(...causes.map((c) => c.quantityUnits));
  const reasonOf = (c: DashboardLossCause) => {
    if (c.reason === null) return t('dashboard.lossNoReason');
    switch (c.kind) {
      case 'damaged':
        return t(`damagedReason.${c.reason}`);
      case 'short':
        return t(`shortReason.${c.reason}`);
      case 'rejected':
        // The inspectors' own words: shown as written, in whatever language they wrote them.
        return <bdi>{c.reason}</bdi>;
      case 'written-off':
        return t(`lossReason.${c.reason}`);
    }
  };
  return (
    <>
      {lossKinds.map((kind) => {
        const rows = causes.filter((c) => c.kind === kind);
        if (rows.length === 0) return null;
        const name = kind === 'written-off' ? t('dashboard.lossesWrittenOff') : t(`lossReason.${rows[0]!.account}`);
        const units = rows.reduce((sum, c) => sum + c.quantityUnits, 0);
        return (
          <div key={kind} className="loss-kind" data-loss-kind={kind} data-units={units}>
            <h3>{t('dashboard.lossesKindTotal', { kind: name, units: formatNumber(units) })}</h3>
            <BarChart label={name} max={max} rows={rows.map((c) => ({ key: c.reason ?? '', label: reasonOf(c), value: c.quantityUnits, tone: 'danger' }))} />
          </div>
        );
      })}
      <p className="bar-caption">{t('dashboard.lossesKey')}</p>
    </>
  );
}
